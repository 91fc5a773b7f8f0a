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

  it('a second run adds nothing', async () => {
    const before = await countRows(t.database, 'dossier.dossier');
    await t.app.tinhso.seedDemo();
    expect(await countRows(t.database, 'dossier.dossier')).toBe(before);
  }, 600_000);
});
