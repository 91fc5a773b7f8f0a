/**
 * Server pieces of the back office (issue 7): the step-overdue escalation to the handling
 * agency's leaders (fixed clock; a job run twice records one notification; a step left before its
 * due is not late), the list filters of the exact drill-downs (procedure, unassigned, handling
 * agency subtree — within what the caller sees), the in-page preview of components and results
 * (`?inline=1`: inline only for PDF and images, framable by the app only) and the roles and
 * agencies the next handler is picked from.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduleJob } from '../src/platform/jobs/index.ts';
import {
  A,
  applicant,
  type DossierTestEnv,
  expectStatus,
  RESULT_PDF,
  resultFileId,
  setUpDossierEnv,
  uploadResult,
} from './dossier.support.ts';
import type { Client } from './fixtures/identity.ts';

let e: DossierTestEnv;
beforeAll(async () => {
  e = await setUpDossierEnv({
    officials: ['motcua.xa', 'chuyenvien.xa', 'chuyenvien2.xa', 'lanhdao.xa', 'outsider', 'lanhdao.syt'],
  });
}, 180_000);
afterAll(async () => {
  await e?.t.close();
});

const act = (c: Client, id: string, body: Record<string, unknown>) => c.post(`/api/v1/dossiers/${id}/actions`, body);
const BIRTH = '1.001193';
const MARRIAGE = '1.000894';

async function received(procedureCode: string, handler: string | null = 'chuyenvien.xa') {
  const d = expectStatus(
    await e.c.dan!.post('/api/v1/dossiers', { procedureCode, agencyCode: A.commune, applicant }),
    201,
  );
  return expectStatus(
    await act(e.c['motcua.xa']!, d.id, { kind: 'accept', ...(handler ? { nextHandler: e.ids[handler] } : {}) }),
    200,
  );
}

async function runJobs() {
  for (let i = 0; i < 30; i++) if ((await e.t.app.tinhso.jobs.runOnce()) === 0) break;
}

const count = async (table: string, where: ReturnType<typeof sql>) =>
  Number(
    (
      await sql<{ n: number }>`select count(*)::int8 as n from ${sql.table(table)} where ${where}`.execute(
        e.t.database.db,
      )
    ).rows[0]!.n,
  );

/** A Vietnam wall-clock string a minute after an instant (for e.at). */
const vnAfter = (iso: string, minutes = 1) =>
  new Date(new Date(iso).getTime() + (7 * 60 + minutes) * 60_000).toISOString().slice(0, 16).replace('T', ' ');

describe('step overdue escalation', () => {
  const d: Record<string, any> = {};
  beforeAll(async () => {
    await e.at('2026-03-16 09:00');
    d.late = await received(BIRTH);
    d.left = await received(BIRTH);
    d.paused = await received(BIRTH);
    // Left before its step's due: the result is attached and it goes to the leader to sign.
    const sv = e.c['chuyenvien.xa']!;
    expectStatus(
      await act(sv, d.left.id, { kind: 'attach_result', resultFileIds: [await resultFileId(sv, d.left.id)] }),
      200,
    );
    d.leftSigned = expectStatus(
      await act(sv, d.left.id, { kind: 'forward', to: 'sign', nextHandler: e.ids['lanhdao.xa'] }),
      200,
    );
    // Waiting for the applicant's supplement: the clock stopped, its step is not late.
    expectStatus(await act(sv, d.paused.id, { kind: 'request_supplement', reason: 'Thiếu giấy chứng sinh' }), 200);
  }, 120_000);

  it('each step has a due instant before the dossier’s own', () => {
    expect(d.late.stepDueAt).not.toBeNull();
    expect(new Date(d.late.stepDueAt).getTime()).toBeLessThan(new Date(d.late.dueAt).getTime());
    expect(d.left.stepDueAt).toBe(d.late.stepDueAt);
  });

  it('at the step’s due instant the handling agency’s leaders are told once, even when the job runs twice', async () => {
    await e.at(vnAfter(d.late.stepDueAt));
    // Still before the dossier's own due instant: only the step is late.
    expect(e.clock.now().getTime()).toBeLessThan(new Date(d.late.dueAt).getTime());
    await runJobs();
    const rows = await sql<any>`
      select kind, step_id, due_at, recipient_agency, recipient_role, recipient_account, message
      from dossier.notification where dossier_id = ${d.late.id} and kind = 'step_overdue'`.execute(e.t.database.db);
    // (The dossier's own reminder, a day before its due instant, may be there too: another kind.)
    expect(rows.rows).toHaveLength(1);
    expect(rows.rows[0]).toMatchObject({
      kind: 'step_overdue',
      step_id: d.late.stepId,
      recipient_agency: A.commune,
      recipient_role: 'leader',
      recipient_account: null,
    });
    expect(new Date(rows.rows[0].due_at).toISOString()).toBe(d.late.stepDueAt);
    expect(rows.rows[0].message).toContain(d.late.code);

    // The job again (a retry, a second node) and a duplicate of it.
    const entered = (
      await sql<{
        at: string;
      }>`select state->>'stepEnteredAt' as at from dossier.dossier where id = ${d.late.id}`.execute(e.t.database.db)
    ).rows[0]!.at;
    await sql`update platform.job set status = 'pending', run_at = ${e.clock.now()}, attempts = 0
      where name = 'dossier.step_overdue' and payload->>'dossierId' = ${d.late.id}`.execute(e.t.database.db);
    await scheduleJob(e.t.database.db, e.clock, {
      name: 'dossier.step_overdue',
      payload: { dossierId: d.late.id, stepId: d.late.stepId, stepEnteredAt: entered, dueAt: d.late.stepDueAt },
      runAt: e.clock.now(),
    });
    await runJobs();
    expect(
      await count(
        'platform.job',
        sql`name = 'dossier.step_overdue' and payload->>'dossierId' = ${d.late.id} and status = 'done'`,
      ),
    ).toBe(2);
    expect(await count('dossier.notification', sql`dossier_id = ${d.late.id} and kind = 'step_overdue'`)).toBe(1);
    expect(
      await count('platform.outbox', sql`type = 'dossier.step_overdue' and payload->>'dossierId' = ${d.late.id}`),
    ).toBe(1);
  });

  it('a step left before its due instant, and a dossier waiting for a supplement, are not escalated', async () => {
    expect(await count('dossier.notification', sql`dossier_id = ${d.left.id} and step_id = ${d.late.stepId}`)).toBe(0);
    expect(await count('dossier.notification', sql`dossier_id = ${d.paused.id}`)).toBe(0);
    expect(
      await count('platform.outbox', sql`type = 'dossier.step_overdue' and payload->>'dossierId' = ${d.paused.id}`),
    ).toBe(0);
  });
});

describe('GET /api/v1/dossiers drill-down filters', () => {
  const ids = (r: { items: { id: string }[] }) => r.items.map((x) => x.id).sort();
  const d: Record<string, any> = {};
  beforeAll(async () => {
    await e.at('2026-03-23 09:00');
    d.birth = await received(BIRTH);
    d.marriage = await received(MARRIAGE);
    d.nobody = await received(BIRTH, null);
  }, 60_000);

  it('procedure= gives exactly that procedure’s dossiers', async () => {
    const r = expectStatus(await e.c['lanhdao.xa']!.get(`/api/v1/dossiers?procedure=${MARRIAGE}&limit=200`), 200);
    expect(r.items.length).toBeGreaterThan(0);
    expect(r.items.every((x: any) => x.procedureCode === MARRIAGE)).toBe(true);
    expect(ids(r)).toContain(d.marriage.id);
    expect(ids(r)).not.toContain(d.birth.id);
  });

  it('unassigned=true gives the dossiers nobody holds at their step', async () => {
    expect(d.nobody.assigneeId).toBeNull();
    const r = expectStatus(await e.c['lanhdao.xa']!.get('/api/v1/dossiers?unassigned=true&limit=200'), 200);
    expect(r.items.every((x: any) => x.assigneeId === null)).toBe(true);
    expect(ids(r)).toContain(d.nobody.id);
    expect(ids(r)).not.toContain(d.birth.id);
    const both = expectStatus(
      await e.c['lanhdao.xa']!.get(`/api/v1/dossiers?unassigned=true&procedure=${MARRIAGE}&limit=200`),
      200,
    );
    expect(ids(both)).not.toContain(d.nobody.id);
  });

  it('agency= is the handling agency and its subtree, and never more than the caller sees', async () => {
    const commune = expectStatus(await e.c['lanhdao.xa']!.get(`/api/v1/dossiers?agency=${A.commune}&limit=200`), 200);
    expect(commune.items.every((x: any) => x.handlingAgency === A.commune)).toBe(true);
    expect(ids(commune)).toEqual(expect.arrayContaining([d.birth.id, d.marriage.id, d.nobody.id]));
    // The province committee's subtree holds the commune: the same dossiers for this leader.
    const province = expectStatus(
      await e.c['lanhdao.xa']!.get(`/api/v1/dossiers?agency=${A.committee}&limit=200`),
      200,
    );
    expect(ids(province)).toEqual(ids(commune));
    // Another commune's agency: none of these.
    const other = expectStatus(
      await e.c['lanhdao.xa']!.get(`/api/v1/dossiers?agency=${A.otherCommune}&limit=200`),
      200,
    );
    expect(other.total).toBe(0);
    // A leader of another agency asking for this commune sees nothing of it.
    const outsider = expectStatus(await e.c['lanhdao.syt']!.get(`/api/v1/dossiers?agency=${A.commune}&limit=200`), 200);
    expect(outsider.total).toBe(0);
    // receivingAgency= is the desk's own: dossiers received there.
    const desk = expectStatus(
      await e.c['motcua.xa']!.get(`/api/v1/dossiers?receivingAgency=${A.commune}&limit=200`),
      200,
    );
    expect(desk.items.every((x: any) => x.receivingAgency === A.commune)).toBe(true);
  });

  it('a bad filter is a Vietnamese 400', async () => {
    const r = await e.c['lanhdao.xa']!.get('/api/v1/dossiers?unassigned=maybe');
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toContain('application/problem+json');
  });

  it('each action says the role and agency of whoever takes the dossier next', async () => {
    const view = expectStatus(await e.c['motcua.xa']!.get(`/api/v1/dossiers/${d.nobody.id}`), 200);
    const seen = expectStatus(await e.c['chuyenvien.xa']!.get(`/api/v1/dossiers/${d.birth.id}`), 200);
    const forward = seen.availableActions.find((a: any) => a.kind === 'forward');
    expect(forward).toMatchObject({ to: 'sign', toRole: 'leader', toAgency: A.commune });
    for (const a of [...view.availableActions, ...seen.availableActions]) {
      expect(a).toHaveProperty('toRole');
      expect(a).toHaveProperty('toAgency');
    }
  });
});

describe('in-page preview of components and results', () => {
  const PNG = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  );
  let draft: string;
  let dossier: string;
  let result: string;
  beforeAll(async () => {
    const dd = expectStatus(
      await e.c.dan!.post('/api/v1/dossiers', {
        procedureCode: BIRTH,
        agencyCode: A.commune,
        applicant,
        submit: false,
      }),
      201,
    );
    draft = dd.id;
    const up = (index: number, body: Buffer, type: string) =>
      e.c.dan!.request('PUT', `/api/v1/dossiers/${draft}/components/${index}?fileName=giay-to`, body, {
        headers: { 'content-type': type },
      });
    expectStatus(await up(3, RESULT_PDF, 'application/pdf'), 201);
    expectStatus(await up(2, PNG, 'image/png'), 201);
    dossier = (await received(BIRTH)).id;
    result = expectStatus(await uploadResult(e.c['chuyenvien.xa']!, dossier, RESULT_PDF, 'quyet-dinh.pdf'), 201).fileId;
  }, 60_000);

  it('?inline=1 shows a PDF component in the page, framable by the app only', async () => {
    const r = await e.c.dan!.get(`/api/v1/dossiers/${draft}/components/3?inline=1`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    expect(r.headers['content-disposition']).toBe("inline; filename*=UTF-8''giay-to");
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).not.toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'none'");
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.rawPayload.equals(RESULT_PDF)).toBe(true);
    const png = await e.c.dan!.get(`/api/v1/dossiers/${draft}/components/2?inline=1`);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.headers['content-disposition']).toMatch(/^inline;/);
  });

  it('without it (or inline=0) the file is downloaded and no page may frame it', async () => {
    for (const q of ['', '?inline=0']) {
      const r = await e.c.dan!.get(`/api/v1/dossiers/${draft}/components/3${q}`);
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-disposition']).toMatch(/^attachment;/);
      expect(String(r.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    }
    expect((await e.c.dan!.get(`/api/v1/dossiers/${draft}/components/3?inline=yes`)).statusCode).toBe(400);
  });

  it('a result document previews inline for the official, still 404 for others', async () => {
    const r = await e.c['chuyenvien.xa']!.get(`/api/v1/dossiers/${dossier}/results/${result}?inline=1`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    expect(r.headers['content-disposition']).toBe("inline; filename*=UTF-8''quyet-dinh.pdf");
    expect(String(r.headers['content-security-policy'])).toContain("frame-ancestors 'self'");
    expect(r.headers.digest).toMatch(/^sha-256=/);
    expect((await e.c.outsider!.get(`/api/v1/dossiers/${dossier}/results/${result}?inline=1`)).statusCode).toBe(404);
  });

  it('the app’s pages may frame the app’s own origin and nothing else may frame them', async () => {
    const r = await e.t.app.inject({ method: 'GET', url: '/healthz' });
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toContain("frame-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
  });
});
