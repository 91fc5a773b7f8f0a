/**
 * The leader's dashboard and escalations (issue 7, GET /api/v1/office/dashboard and
 * /api/v1/office/escalations): exact figures for a set of commune dossiers built through the API
 * on the real 2026 calendar with a fixed clock, the drill-down lists holding exactly the groups'
 * dossiers, 404 for officials who neither lead nor administer the agency, and one escalation per
 * overdue dossier even when the deadline job runs twice.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduleJob } from '../src/platform/jobs/index.ts';
import {
  A,
  applicant,
  type DossierTestEnv,
  expectStatus,
  resultFileId,
  setUpDossierEnv,
  signIn,
} from './dossier.support.ts';
import { type Client, createOfficial } from './fixtures/identity.ts';

let e: DossierTestEnv;
beforeAll(async () => {
  e = await setUpDossierEnv();
}, 180_000);
afterAll(async () => {
  await e?.t.close();
});

const act = (c: Client, id: string, body: Record<string, unknown>) => c.post(`/api/v1/dossiers/${id}/actions`, body);
const BIRTH = '1.001193';
const MARRIAGE = '1.000894';
const PROCESS = `demo-${BIRTH}-scope_commune-v1`;

/** Submitted online by the citizen, received at the commune desk and handed to `handler`. */
async function received(procedureCode: string, handler = 'chuyenvien.xa'): Promise<string> {
  const d = expectStatus(
    await e.c.dan!.post('/api/v1/dossiers', { procedureCode, agencyCode: A.commune, applicant }),
    201,
  );
  expectStatus(await act(e.c['motcua.xa']!, d.id, { kind: 'accept', nextHandler: e.ids[handler] }), 200);
  return d.id;
}

/** Result attached, signed by the leader: resolved (result ready at the desk). */
async function resolve(id: string): Promise<void> {
  const sv = e.c['chuyenvien.xa']!;
  expectStatus(await act(sv, id, { kind: 'attach_result', resultFileIds: [await resultFileId(sv, id)] }), 200);
  expectStatus(await act(sv, id, { kind: 'forward', to: 'sign', nextHandler: e.ids['lanhdao.xa'] }), 200);
  const r = expectStatus(await act(e.c['lanhdao.xa']!, id, { kind: 'approve', nextHandler: e.ids['motcua.xa'] }), 200);
  expect(r.status).toBe('result_ready');
}

const d: Record<string, string> = {};
const dashboard = (who: string, query = `agency=${A.commune}&from=2026-03-16&to=2026-03-20`) =>
  e.c[who]!.get(`/api/v1/office/dashboard?${query}`);

async function runJobs() {
  for (let i = 0; i < 30; i++) if ((await e.t.app.tinhso.jobs.runOnce()) === 0) break;
}

beforeAll(async () => {
  // Before the period: received Friday, resolved on its due day (Monday): on time, in the period.
  await e.at('2026-03-13 09:00');
  d['D0'] = await received(BIRTH);
  await e.at('2026-03-16 09:00');
  for (const k of ['D1', 'D2', 'D4', 'D5', 'D6', 'D8', 'D11']) d[k] = await received(BIRTH);
  d['D3'] = await received(MARRIAGE);
  d['D7'] = await received(BIRTH, 'chuyenvien2.xa');
  await e.at('2026-03-16 10:00');
  await resolve(d['D0']!); // due Mon 16/3 17:00 → on time
  await resolve(d['D1']!); // due Tue 17/3 17:00 → early
  expectStatus(await act(e.c['motcua.xa']!, d['D1']!, { kind: 'return_result' }), 200);
  expectStatus(
    await act(e.c['chuyenvien.xa']!, d['D11']!, { kind: 'request_supplement', reason: 'Thiếu giấy chứng sinh' }),
    200,
  );
  const sv = e.c['chuyenvien.xa']!;
  await e.at('2026-03-17 09:00');
  expectStatus(await act(sv, d['D4']!, { kind: 'refuse', reason: 'Không thuộc thẩm quyền' }), 200); // on time
  expectStatus(await act(e.c.dan!, d['D5']!, { kind: 'withdraw', reason: 'Nộp nhầm thủ tục' }), 200);
  await e.at('2026-03-17 10:00');
  await resolve(d['D2']!); // on time
  // Wednesday morning: the deadline jobs of Tuesday 17:00 have run (escalations of D3, D6, D7, D8).
  await e.at('2026-03-18 08:00');
  await runJobs();
  await e.at('2026-03-18 10:00');
  await resolve(d['D3']!); // late
  // Thursday: one more received, due Friday 17:00 — in progress, not overdue on Friday morning.
  await e.at('2026-03-19 09:00');
  d['D9'] = await received(BIRTH);
  await e.at('2026-03-20 10:00');
}, 180_000);

describe('GET /api/v1/office/dashboard', () => {
  it('gives the commune leader exact figures of the period', async () => {
    const r = expectStatus(await dashboard('lanhdao.xa'), 200);
    expect(r.agency.code).toBe(A.commune);
    expect([r.from, r.to]).toEqual(['2026-03-16', '2026-03-20']);
    // Received in the period: D1–D9 and D11 (D0 was received before it).
    expect(r.volumes).toEqual({
      received: 10,
      inProgress: 5, // D6, D7, D8, D9, D11 (paused)
      completed: 5, // D0, D1, D2, D3, D4 (refused after reception counts as resolved)
      returned: 1,
      refused: 1,
      stopped: 0,
      withdrawn: 1,
    });
    expect(r.outcomes).toEqual({ received: 10, completed: 5, early: 1, onTime: 4, late: 1, onTimeRate: 0.8 });
    expect(r.overdue.total).toBe(3);
    expect(r.overdue.byHandler).toEqual([
      expect.objectContaining({
        handlerId: e.ids['chuyenvien.xa'],
        handlerName: 'Cán bộ chuyenvien.xa',
        count: 2,
        escalated: 2,
        oldestDueAt: '2026-03-17T10:00:00.000Z',
      }),
      expect.objectContaining({ handlerId: e.ids['chuyenvien2.xa'], count: 1, escalated: 1 }),
    ]);
    expect(r.overdue.byStep).toEqual([
      expect.objectContaining({
        processId: PROCESS,
        procedureCode: BIRTH,
        stepId: 'review',
        stepName: 'Công chức tư pháp - hộ tịch thẩm tra',
        count: 3,
        // D9 (received Thursday) is past its review step's share of the day, not yet overdue.
        stepLate: 1,
        oldestDueAt: '2026-03-17T10:00:00.000Z',
      }),
    ]);
    const byCode = Object.fromEntries(r.procedures.map((p: { code: string }) => [p.code, p]));
    expect(Object.keys(byCode).sort()).toEqual([MARRIAGE, BIRTH].sort());
    expect(byCode[BIRTH]).toMatchObject({ received: 9, completed: 4, early: 1, onTime: 4, late: 0, onTimeRate: 1 });
    expect(byCode[BIRTH].overdue).toBe(3);
    expect(byCode[MARRIAGE]).toMatchObject({ received: 1, completed: 1, early: 0, onTime: 0, late: 1, onTimeRate: 0 });
  });

  it('the on-time rate is the public statistics’ (early + on time over resolved)', async () => {
    const pub = expectStatus(await e.t.app.inject({ method: 'GET', url: '/api/v1/public/statistics?year=2026' }), 200);
    const mine = expectStatus(await dashboard('lanhdao.xa', `agency=${A.commune}&from=2026-01-01&to=2026-12-31`), 200);
    const commune = pub.agencies.find((a: { code: string }) => a.code === A.commune);
    for (const k of ['completed', 'early', 'onTime', 'late', 'onTimeRate'])
      expect(mine.outcomes[k], k).toBe(commune[k]);
  });

  it('each drill-down lists exactly the group’s dossiers where it says so', async () => {
    const r = expectStatus(await dashboard('lanhdao.xa'), 200);
    const ids = (page: { items: { id: string }[] }) => page.items.map((x) => x.id).sort();
    const mine = r.overdue.byHandler[0];
    expect(mine.drillDown.exact).toBe(true);
    expect(ids(expectStatus(await e.c['lanhdao.xa']!.get(mine.drillDown.href), 200))).toEqual(
      [d['D6']!, d['D8']!].sort(),
    );
    expect(r.overdue.drillDown.exact).toBe(true);
    expect(ids(expectStatus(await e.c['lanhdao.xa']!.get(r.overdue.drillDown.href), 200))).toEqual(
      [d['D6']!, d['D7']!, d['D8']!].sort(),
    );
    const step = r.overdue.byStep[0];
    expect(step.drillDown.exact).toBe(true);
    expect(ids(expectStatus(await e.c['lanhdao.xa']!.get(step.drillDown.href), 200))).toEqual(
      [d['D6']!, d['D7']!, d['D8']!].sort(),
    );
    // A procedure: the agency's dossiers of it still open (resolved and waiting at the desk, being
    // worked on, paused for a supplement), not those returned, refused or withdrawn.
    const birth = r.procedures.find((p: { code: string }) => p.code === BIRTH);
    expect(birth.drillDown.exact).toBe(true);
    expect(ids(expectStatus(await e.c['lanhdao.xa']!.get(birth.drillDown.href), 200))).toEqual(
      ['D0', 'D2', 'D6', 'D7', 'D8', 'D9', 'D11'].map((k) => d[k]!).sort(),
    );
    const marriage = r.procedures.find((p: { code: string }) => p.code === MARRIAGE);
    expect(ids(expectStatus(await e.c['lanhdao.xa']!.get(marriage.drillDown.href), 200))).toEqual([d['D3']!]);
  });

  it('an agency administrator of the province tree sees the same figures', async () => {
    // Signed in now: the environment's clock jumps sign in again only the officials it created.
    await createOfficial(e.t.app, {
      username: 'quantri.tp',
      agencyCode: A.committee,
      roles: [{ role: 'agency_admin', agencyCode: A.committee }],
    });
    const client = await signIn(e.t, 'quantri.tp');
    const lead = expectStatus(await dashboard('lanhdao.xa'), 200);
    const admin = expectStatus(
      await client.get(`/api/v1/office/dashboard?agency=${A.commune}&from=2026-03-16&to=2026-03-20`),
      200,
    );
    expect(admin.volumes).toEqual(lead.volumes);
    expect(admin.outcomes).toEqual(lead.outcomes);
  });

  it('anyone else gets 404 (another agency’s leader and officer, the agency’s own staff, a parent agency)', async () => {
    for (const who of ['lanhdao.syt', 'outsider', 'chuyenvien.xa', 'motcua.xa', 'lanhdao.stp']) {
      const r = await dashboard(who);
      expect(r.statusCode, who).toBe(404);
      expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(r.json().code).toBe('DOSSIER_DASHBOARD_NOT_FOUND');
    }
    // Leadership does not climb: the commune's leader is not a leader of the province committee.
    expect((await dashboard('lanhdao.xa', `agency=${A.committee}`)).statusCode).toBe(404);
    expect((await dashboard('lanhdao.xa', 'agency=KHONG.CO')).statusCode).toBe(404);
    // The Health leader's own dashboard: nothing of the commune in it.
    const health = expectStatus(
      await dashboard('lanhdao.syt', `agency=${A.health}&from=2026-03-01&to=2026-03-31`),
      200,
    );
    expect(health.volumes.received).toBe(0);
    expect(health.overdue.total).toBe(0);
  });

  it('a citizen gets 403, an anonymous caller 401, bad dates a Vietnamese 400', async () => {
    expect((await dashboard('dan')).statusCode).toBe(403);
    const anon = await e.t.app.inject({ method: 'GET', url: `/api/v1/office/dashboard?agency=${A.commune}` });
    expect(anon.statusCode).toBe(401);
    for (const q of [
      `agency=${A.commune}&from=2026-03-20&to=2026-03-16`,
      `agency=${A.commune}&from=2026-02-30`,
      `agency=${A.commune}&from=2024-01-01&to=2026-01-01`,
      `agency=${A.commune}&from=16-03-2026`,
      'from=2026-03-01',
    ]) {
      const r = await dashboard('lanhdao.xa', q);
      expect(r.statusCode, q).toBe(400);
      expect(r.json().title, q).toBe('Dữ liệu không hợp lệ');
    }
  });
});

describe('escalation of overdue dossiers to the leader', () => {
  const count = async (table: string, where: ReturnType<typeof sql>) =>
    Number(
      (
        await sql<{ n: number }>`select count(*)::int8 as n from ${sql.table(table)} where ${where}`.execute(
          e.t.database.db,
        )
      ).rows[0]!.n,
    );

  it('the leader’s escalations list the overdue dossiers, each once, even when the job runs twice', async () => {
    // The job of D6's due instant runs again (a retry, a second node, a duplicate schedule).
    const dossier = expectStatus(await e.c['lanhdao.xa']!.get(`/api/v1/dossiers/${d['D6']}`), 200);
    await sql`update platform.job set status = 'pending', run_at = ${e.clock.now()}, attempts = 0
      where name = 'dossier.deadline_escalation' and payload->>'dossierId' = ${d['D6']}`.execute(e.t.database.db);
    await scheduleJob(e.t.database.db, e.clock, {
      name: 'dossier.deadline_escalation',
      payload: { dossierId: d['D6']!, dueAt: dossier.dueAt },
      runAt: e.clock.now(),
    });
    await runJobs();
    const ran = await count(
      'platform.job',
      sql`name = 'dossier.deadline_escalation' and payload->>'dossierId' = ${d['D6']} and status = 'done'`,
    );
    expect(ran).toBe(2);
    expect(await count('dossier.notification', sql`dossier_id = ${d['D6']} and kind = 'overdue'`)).toBe(1);
    expect(await count('platform.outbox', sql`type = 'dossier.overdue' and payload->>'dossierId' = ${d['D6']}`)).toBe(
      1,
    );

    const r = expectStatus(await e.c['lanhdao.xa']!.get('/api/v1/office/escalations'), 200);
    expect(r.total).toBe(4);
    const byId = Object.fromEntries(r.items.map((x: { dossierId: string }) => [x.dossierId, x]));
    expect(Object.keys(byId).sort()).toEqual([d['D3']!, d['D6']!, d['D7']!, d['D8']!].sort());
    expect(byId[d['D6']!]).toMatchObject({
      code: dossier.code,
      dueAt: '2026-03-17T10:00:00.000Z',
      escalatedAt: '2026-03-18T01:00:00.000Z',
      handlerId: e.ids['chuyenvien.xa'],
      handlerName: 'Cán bộ chuyenvien.xa',
      agencyCode: A.commune,
      closed: false,
    });
    expect(byId[d['D3']!].closed).toBe(true); // resolved late since
  });

  it('nobody else receives them', async () => {
    for (const who of ['chuyenvien.xa', 'motcua.xa', 'lanhdao.syt', 'lanhdao.stp', 'outsider']) {
      const r = expectStatus(await e.c[who]!.get('/api/v1/office/escalations'), 200);
      expect(r.total, who).toBe(0);
    }
    expect((await e.c.dan!.get('/api/v1/office/escalations')).statusCode).toBe(403);
  });
});

// Last in the file: it moves the clock on past the others' instant.
describe('drill-downs of every group, with a dossier nobody holds', () => {
  it('each group’s list holds exactly as many dossiers as it counts, the unassigned group included', async () => {
    // Received at the desk on Friday without a handler: it waits in the commune's queue.
    const online = expectStatus(
      await e.c.dan!.post('/api/v1/dossiers', { procedureCode: BIRTH, agencyCode: A.commune, applicant }),
      201,
    );
    const accepted = expectStatus(await act(e.c['motcua.xa']!, online.id, { kind: 'accept' }), 200);
    expect(accepted.assigneeId ?? null).toBeNull();
    await e.at('2026-03-25 10:00');
    const r = expectStatus(await dashboard('lanhdao.xa', `agency=${A.commune}&from=2026-03-16&to=2026-03-25`), 200);
    const list = async (href: string) => {
      const page = expectStatus(await e.c['lanhdao.xa']!.get(href), 200);
      return { ids: page.items.map((x: { id: string }) => x.id).sort(), total: page.total as number };
    };

    const nobody = r.overdue.byHandler.find((h: { handlerId: string | null }) => h.handlerId === null);
    expect(nobody).toMatchObject({ count: 1, drillDown: { exact: true } });
    expect((await list(nobody.drillDown.href)).ids).toEqual([online.id]);

    expect((await list(r.overdue.drillDown.href)).total).toBe(r.overdue.total);
    for (const g of [...r.overdue.byHandler, ...r.overdue.byStep]) {
      expect(g.drillDown.exact).toBe(true);
      expect((await list(g.drillDown.href)).total, g.drillDown.href).toBe(g.count);
    }
    // The handlers' groups partition the overdue dossiers, and so do the steps'.
    const union = async (groups: { drillDown: { href: string } }[]) =>
      (await Promise.all(groups.map(async (g) => (await list(g.drillDown.href)).ids))).flat().sort();
    const all = (await list(r.overdue.drillDown.href)).ids;
    expect(await union(r.overdue.byHandler)).toEqual(all);
    expect(await union(r.overdue.byStep.filter((g: { count: number }) => g.count > 0))).toEqual(all);
  });
});
