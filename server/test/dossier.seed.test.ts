/**
 * The demo seed: the whole province (catalogue, accounts, dossiers) through every module's seed
 * hook; dossiers in every state; the demo accounts see them through their grants; a second run
 * adds nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZEN, DEMO_PASSWORD } from '../src/modules/identity/index.ts';
import { Client } from './fixtures/identity.ts';
import { countRows, createTestApp, type TestApp } from './support.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { TINHSO_ENV: 'demo', MFA_REQUIRED_ROLES: 'province_admin' } });
  await t.app.tinhso.seedDemo();
}, 600_000);
afterAll(async () => {
  await t?.close();
});

describe('demo seed', () => {
  it('creates a few hundred dossiers in every state', async () => {
    const api = t.app.tinhso.apis['dossier'] as { listDefinitions(f: object): Promise<unknown[]> };
    expect((await api.listDefinitions({})).length).toBe(9);
    const { sql } = await import('kysely');
    const r = await sql<{
      status: string;
      n: number;
    }>`select status, count(*)::int8 as n from dossier.dossier group by status`.execute(t.database.db);
    const by = Object.fromEntries(r.rows.map((x) => [x.status, x.n]));
    const total = Object.values(by).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(200);
    for (const s of [
      'submitted',
      'in_progress',
      'pending_supplement',
      'transferred',
      'awaiting_approval',
      'result_ready',
      'returned',
      'refused',
      'withdrawn',
      'stopped',
    ]) {
      expect(by[s] ?? 0, s).toBeGreaterThan(0);
    }
  });

  it('the demo desk officer and the demo citizen see their dossiers', async () => {
    const desk = new Client(t.app, '10.7.0.1');
    expect((await desk.login('motcua.demo', DEMO_PASSWORD)).statusCode).toBe(200);
    const list = (await desk.get('/api/v1/dossiers?limit=200')).json();
    expect(list.total).toBeGreaterThan(0);
    expect(list.items.every((d: { receivingAgency: string }) => d.receivingAgency === '000.01.01.H99')).toBe(true);
    const citizen = new Client(t.app, '10.7.0.2');
    expect((await citizen.login(DEMO_CITIZEN.citizenId, DEMO_PASSWORD)).statusCode).toBe(200);
    expect((await citizen.get('/api/v1/dossiers')).json().total).toBeGreaterThan(0);
  });

  it('assigns every dossier to a real demo account that can sign in, never a placeholder', async () => {
    const { sql } = await import('kysely');
    const assigned = await sql<{ assignee_id: string; n: number }>`
      select assignee_id, count(*)::int8 as n from dossier.dossier where assignee_id is not null group by assignee_id
    `.execute(t.database.db);
    expect(assigned.rows.length).toBeGreaterThan(3);
    expect(assigned.rows.filter((r) => r.assignee_id.startsWith('demo:'))).toEqual([]);
    const accounts = await sql<{ id: string; username: string; kind: string }>`
      select id, username, kind from identity.account
      where id in (${sql.join(assigned.rows.map((r) => r.assignee_id))})
    `.execute(t.database.db);
    expect(accounts.rows.length).toBe(assigned.rows.length);
    expect(accounts.rows.every((a) => a.kind === 'official')).toBe(true);
    // The listed demo leader of the Department of Justice handles its approvals.
    expect(accounts.rows.map((a) => a.username)).toContain('lanhdao.demo');
    // An account made for another agency signs in with the demo password and sees its dossiers.
    const made = accounts.rows.find((a) => a.username.startsWith('chuyenvien.'))!;
    expect(made, 'a specialist made for an agency').toBeDefined();
    const c = new Client(t.app, '10.7.0.3');
    const me = await c.login(made.username, DEMO_PASSWORD);
    expect(me.statusCode, me.body).toBe(200);
    expect(me.json().roles).toEqual([
      { role: 'specialist', agencyCode: made.username.slice('chuyenvien.'.length).toUpperCase() },
    ]);
    const mine = (await c.get('/api/v1/office/queues/mine')).json();
    expect(mine.total, JSON.stringify(mine).slice(0, 300)).toBeGreaterThan(0);
    // The leader's dashboard names the handlers of overdue dossiers by their account names.
    const leader = new Client(t.app, '10.7.0.4');
    expect((await leader.login('lanhdao.demo', DEMO_PASSWORD)).statusCode).toBe(200);
    const board = await leader.get('/api/v1/office/dashboard?agency=000.00.03.H99');
    expect(board.statusCode, board.body).toBe(200);
    for (const h of (
      board.json() as { overdue: { byHandler: { handlerId: string | null; handlerName: string | null }[] } }
    ).overdue.byHandler) {
      if (h.handlerId !== null) expect(h.handlerName, h.handlerId).not.toMatch(/^demo:|^Cán bộ mẫu/);
    }
  });

  it('a second run adds nothing', async () => {
    const before = await countRows(t.database, 'dossier.dossier');
    await t.app.tinhso.seedDemo();
    expect(await countRows(t.database, 'dossier.dossier')).toBe(before);
  }, 600_000);
});
