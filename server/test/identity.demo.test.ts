/**
 * Demo accounts: after the demo seed (catalogue first, then identity) there is one account per
 * role in the demo province's agency tree, each logs in with the documented password; seeding
 * twice creates nothing new; production configuration never seeds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { DEMO_CITIZEN, DEMO_OFFICIALS, DEMO_ORGANISATION, DEMO_PASSWORD } from '../src/modules/identity/index.ts';
import { Client } from './fixtures/identity.ts';
import { countRows, createTestApp, type TestApp } from './support.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ env: { TINHSO_DEMO: 'true' } });
  await t.app.tinhso.seedDemo();
}, 600_000);
afterAll(async () => {
  await t?.close();
});

describe('demo accounts', () => {
  it('one official per role, each in an agency of the demo tree, logging in with the documented password', async () => {
    const roles = new Set<string>();
    for (const o of DEMO_OFFICIALS) {
      const res = await new Client(t.app).login(o.username, DEMO_PASSWORD);
      expect(res.statusCode, o.username).toBe(200);
      const me = res.json();
      expect(me.agencyCode).toBe(o.agencyCode);
      expect(me.roles).toEqual([{ role: o.role, agencyCode: o.grantOn }]);
      // Exempt from mandatory TOTP enrolment outside production (documented choice).
      expect(me.mfaEnrolmentRequired).toBe(false);
      roles.add(o.role);
      const agency = await t.app.inject({ method: 'GET', url: `/api/v1/catalog/agencies/${o.agencyCode}` });
      expect(agency.statusCode, o.agencyCode).toBe(200);
    }
    expect([...roles].sort()).toEqual([
      'agency_admin',
      'clerk',
      'leader',
      'one_stop_officer',
      'province_admin',
      'specialist',
    ]);
    expect((await new Client(t.app).login(DEMO_CITIZEN.citizenId, DEMO_PASSWORD)).json().kind).toBe('citizen');
    expect((await new Client(t.app).login(DEMO_ORGANISATION.taxCode, DEMO_PASSWORD)).json().kind).toBe('organisation');
  });

  it('seeding again creates nothing', async () => {
    const before = await countRows(t.database, 'identity.account');
    await t.app.tinhso.seedDemo();
    expect(await countRows(t.database, 'identity.account')).toBe(before);
  });

  it('production configuration turns the demo off', () => {
    const config = loadConfig({
      TINHSO_ENV: 'production',
      TINHSO_DEMO: 'true',
      DATABASE_URL: 'postgres://x@127.0.0.1/x',
      TINHSO_SECRET: 'x'.repeat(40),
      SMTP_URL: 'smtp://127.0.0.1:25',
    });
    expect(config.demo).toBe(false);
  });
});
