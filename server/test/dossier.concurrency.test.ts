/**
 * Codes under concurrency: 200 submissions at once through app.inject on PostgreSQL (a real pool,
 * real parallel transactions) → 200 dossiers, 200 distinct codes, numbered 1…200 without a gap.
 * On PGlite (one connection) the same test runs serialised and must give the same result.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { A, applicant, type DossierTestEnv, setUpDossierEnv } from './dossier.support.ts';
import { countRows, testDbKind } from './support.ts';

let e: DossierTestEnv;
beforeAll(async () => {
  e = await setUpDossierEnv({ officials: ['motcua.xa'] });
}, 180_000);
afterAll(async () => {
  await e?.t.close();
});

describe(`concurrent submissions (${testDbKind})`, () => {
  it('200 at once give 200 dossiers with distinct, gap-free daily codes', async () => {
    const n = 200;
    const responses = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        (i % 2 === 0 ? e.c.dan! : e.c['motcua.xa']!).post('/api/v1/dossiers', {
          procedureCode: '1.001193',
          agencyCode: A.commune,
          applicant: { ...applicant, name: `Người nộp ${i}` },
        }),
      ),
    );
    const failed = responses.filter((r) => r.statusCode !== 201);
    expect(failed.map((r) => r.body).slice(0, 3)).toEqual([]);
    const codes = responses.map((r) => r.json().code as string);
    expect(new Set(codes).size).toBe(n);
    const seqs = codes.map((c) => Number(c.split('-').at(-1))).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    expect(await countRows(e.t.database, 'dossier.dossier')).toBe(n);
  }, 120_000);

  it('a refused submission consumes no number', async () => {
    const bad = await e.c.dan!.post('/api/v1/dossiers', {
      procedureCode: '1.001193',
      agencyCode: A.commune,
      applicant: { name: 'X' },
    });
    expect(bad.statusCode).toBe(422);
    const ok = await e.c.dan!.post('/api/v1/dossiers', { procedureCode: '1.001193', agencyCode: A.commune, applicant });
    expect(ok.json().code).toMatch(/-0201$/);
  });
});
