/**
 * Shared set-up of the catalogue administration tests (agencies, procedures): an app on a fresh
 * database at a fixed time, the test province (fixtures/identity.ts TREE) and three officials
 * signed in through the real API — a province administrator, an agency administrator and a
 * specialist of the Department of Justice.
 */
import type { ManualClock } from '../src/platform/clock/index.ts';
import { Client, createOfficial, loadTestAgencies, TREE } from './fixtures/identity.ts';
import { createTestApp, type TestApp } from './support.ts';

export interface CatalogAdminEnv {
  t: TestApp;
  /** qt.tinh: province_admin. */
  admin: Client;
  /** qt.so: agency_admin of the Department of Justice. */
  agencyAdmin: Client;
  /** cv.so: specialist of the Department of Justice. */
  specialist: Client;
  /** Signs the three in again (after the clock has moved past a session's life). */
  signIn(): Promise<void>;
}

export async function setUpCatalogAdmin(clock: ManualClock): Promise<CatalogAdminEnv> {
  const t = await createTestApp({ clock, env: { MFA_REQUIRED_ROLES: 'none' } });
  await loadTestAgencies(t.app);
  const people = [
    { username: 'qt.tinh', agencyCode: TREE.committee, roles: [{ role: 'province_admin', agencyCode: null }] },
    { username: 'qt.so', agencyCode: TREE.justice, roles: [{ role: 'agency_admin', agencyCode: TREE.justice }] },
    { username: 'cv.so', agencyCode: TREE.justice, roles: [{ role: 'specialist', agencyCode: TREE.justice }] },
  ];
  for (const p of people) await createOfficial(t.app, p);
  const clients = people.map(() => new Client(t.app));
  async function signIn() {
    for (const [i, client] of clients.entries()) {
      const res = await client.login(people[i]!.username);
      if (res.statusCode !== 200) throw new Error(`login ${people[i]!.username}: ${res.statusCode} ${res.body}`);
    }
  }
  await signIn();
  const [admin, agencyAdmin, specialist] = clients as [Client, Client, Client];
  return { t, admin, agencyAdmin, specialist, signIn };
}
