/**
 * The public lookup through HTTP: batched rate limiting keeps its exact bound when requests arrive
 * together, and the rows of ended windows are cleaned up by a job.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { A, applicant, type DossierTestEnv, expectStatus, setUpDossierEnv } from '../../../test/dossier.support.ts';
import { JOB_LOOKUP_CLEANUP, LOOKUP_LIMIT_PER_CODE, LOOKUP_LIMIT_PER_IP, LOOKUP_WINDOW_MS } from './dossier.lookup.ts';

let e: DossierTestEnv;
beforeAll(async () => {
  e = await setUpDossierEnv({ officials: ['motcua.xa'] });
}, 180_000);
afterAll(async () => {
  await e?.t.close();
});

async function submitted(): Promise<{ id: string; code: string }> {
  return expectStatus(
    await e.c.dan!.post('/api/v1/dossiers', { procedureCode: '1.001193', agencyCode: A.commune, applicant }),
    201,
  );
}

const lookup = (code: string, check: string, ip: string) =>
  e.t.app.inject({ method: 'GET', url: `/api/v1/public/dossiers/${code}?check=${check}`, remoteAddress: ip });

const attempts = async () =>
  (
    await sql<{ bucket: string; window_start: Date; count: number }>`
      select bucket, window_start, count from dossier.lookup_attempt order by bucket`.execute(e.t.database.db)
  ).rows;

describe('public lookup under concurrent requests', () => {
  it('guesses sent at once on one code: only ten are answered, whatever the batching', async () => {
    const d = await submitted();
    // 30 guesses from 30 addresses at once; one of them is the right check (last four digits of the phone).
    const checks = Array.from({ length: 30 }, (_, i) => (i === 24 ? '5678' : String(1000 + i)));
    const res = await Promise.all(checks.map((c, i) => lookup(d.code, c, `10.30.0.${i + 1}`)));
    const answered = res.flatMap((r, i) => (r.statusCode === 429 ? [] : [{ i, status: r.statusCode }]));
    expect(answered).toHaveLength(LOOKUP_LIMIT_PER_CODE);
    expect(answered.every((a) => a.status === (a.i === 24 ? 200 : 404))).toBe(true);
    const row = (await attempts()).find((a) => a.bucket === `code:${d.code}`);
    expect(row?.count).toBe(30);
  });

  it('one address is limited across codes, also when its requests arrive together', async () => {
    const codes = await Promise.all(Array.from({ length: 4 }, () => submitted()));
    const res = await Promise.all(
      Array.from({ length: LOOKUP_LIMIT_PER_IP + 5 }, (_, i) => lookup(codes[i % 4]!.code, '5678', '10.31.0.1')),
    );
    const ok = res.filter((r) => r.statusCode === 200);
    expect(ok).toHaveLength(LOOKUP_LIMIT_PER_IP);
    expect(res.filter((r) => r.statusCode === 429)).toHaveLength(5);
    expect(ok[0]!.json().timeline.map((x: { status: string }) => x.status)).toEqual(['submitted']);
  });
});

describe('cleanup of the rate-limit rows', () => {
  it('a job deletes the rows of ended windows and keeps the current one', async () => {
    const d = await submitted();
    expectStatus(await lookup(d.code, '5678', '10.32.0.1'), 200);
    const jobs = await sql<{ run_at: Date }>`
      select run_at from platform.job where name = ${JOB_LOOKUP_CLEANUP} and status = 'pending'`.execute(
      e.t.database.db,
    );
    expect(jobs.rows.length).toBeGreaterThan(0);
    const before = await attempts();
    expect(before.length).toBeGreaterThan(0);
    // The next window: a new attempt there, then the job of the ended window runs.
    e.clock.set(new Date(e.clock.now().getTime() + LOOKUP_WINDOW_MS).toISOString());
    expectStatus(await lookup(d.code, '5678', '10.32.0.2'), 200);
    for (let i = 0; i < 5; i++) await e.t.app.tinhso.jobs.runOnce();
    const after = await attempts();
    const t = e.clock.now().getTime();
    const current = new Date(t - (t % LOOKUP_WINDOW_MS)).getTime();
    expect(after.map((a) => a.window_start.getTime())).toEqual(after.map(() => current));
    expect(after.map((a) => a.bucket).sort()).toEqual([`code:${d.code}`, 'ip:10.32.0.2']);
  });
});
