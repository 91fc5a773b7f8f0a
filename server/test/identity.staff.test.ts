/**
 * The staff lookup for handing a dossier on (issue 7): GET /api/v1/identity/agencies/:code/officials
 * lists the enabled officials holding a dossier role on the agency or on a unit working for it,
 * with the roles that matter; officials of the agency's subtree and of the agency directly above
 * may ask, others get 403; an unknown agency is 404; citizens never get in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createOfficial, loadTestAgencies, registerCitizen, TREE } from './fixtures/identity.ts';
import { adminHeaders, createTestApp, type TestApp } from './support.ts';

let t: TestApp;
const ids: Record<string, string> = {};
const clients: Record<string, Client> = {};
const url = (code: string, role?: string) =>
  `/api/v1/identity/agencies/${code}/officials${role ? `?role=${role}` : ''}`;

beforeAll(async () => {
  t = await createTestApp({ env: { MFA_REQUIRED_ROLES: 'none' } });
  await loadTestAgencies(t.app);
  const make = async (username: string, agencyCode: string, roles: { role: string; agencyCode: string | null }[]) => {
    ids[username] = await createOfficial(t.app, { username, agencyCode, roles });
  };
  await make('ld.sotp', TREE.justice, [{ role: 'leader', agencyCode: TREE.justice }]);
  await make('cv.phong', TREE.justiceDivision, [{ role: 'specialist', agencyCode: TREE.justiceDivision }]);
  await make('cv.so', TREE.justice, [
    { role: 'specialist', agencyCode: TREE.justice },
    { role: 'clerk', agencyCode: TREE.justice },
  ]);
  await make('cv.nghi', TREE.justice, [{ role: 'specialist', agencyCode: TREE.justice }]);
  await make('qt.so', TREE.justice, [{ role: 'agency_admin', agencyCode: TREE.justice }]);
  await make('cv.yte', TREE.health, [{ role: 'specialist', agencyCode: TREE.health }]);
  await make('ld.tinh', TREE.committee, [{ role: 'leader', agencyCode: TREE.committee }]);
  const disabled = await t.app.inject({
    method: 'POST',
    url: `/api/v1/identity/accounts/${ids['cv.nghi']}/disable`,
    headers: adminHeaders,
    payload: { reason: 'Nghỉ hưu' },
  });
  expect(disabled.statusCode).toBe(200);
  await registerCitizen(t.app, '001090000031');
  for (const u of ['ld.sotp', 'cv.phong', 'cv.yte', 'ld.tinh']) {
    clients[u] = new Client(t.app);
    expect((await clients[u].login(u)).statusCode).toBe(200);
  }
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('the officials of an agency, by role', () => {
  it("lists the department's specialists, its divisions' too, without the disabled one or other roles", async () => {
    const res = await clients['ld.sotp']!.get(url(TREE.justice, 'specialist'));
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { id: string; name: string; position: string | null; roles: unknown[] }[];
    expect(items.map((i) => i.id).sort()).toEqual([ids['cv.phong'], ids['cv.so']].sort());
    const so = items.find((i) => i.id === ids['cv.so'])!;
    expect(so).toEqual({
      id: ids['cv.so'],
      name: 'Cán bộ cv.so',
      position: null,
      agencyCode: TREE.justice,
      roles: [{ role: 'specialist', agencyCode: TREE.justice }],
    });
    // Nothing beyond what choosing a handler needs.
    expect(Object.keys(so).sort()).toEqual(['agencyCode', 'id', 'name', 'position', 'roles']);
  });

  it('filters by role (one_stop is the one-stop officer) and lists every dossier role without one', async () => {
    const leaders = (await clients['cv.phong']!.get(url(TREE.justice, 'leader'))).json().items;
    expect(leaders.map((i: any) => i.id)).toEqual([ids['ld.sotp']]);
    const all = (await clients['cv.phong']!.get(url(TREE.justice))).json().items;
    expect(all.map((i: any) => i.id).sort()).toEqual([ids['ld.sotp'], ids['cv.phong'], ids['cv.so']].sort());
    expect(all.find((i: any) => i.id === ids['cv.so']).roles.map((r: any) => r.role)).toEqual(['clerk', 'specialist']);
    expect((await clients['cv.phong']!.get(url(TREE.justice, 'one_stop'))).json().items).toEqual([]);
  });

  it('a division official may look at its department (the agency above), a department at its division', async () => {
    expect((await clients['cv.phong']!.get(url(TREE.justice, 'leader'))).statusCode).toBe(200);
    const division = await clients['ld.sotp']!.get(url(TREE.justiceDivision, 'specialist'));
    expect(division.statusCode).toBe(200);
    expect(division.json().items.map((i: any) => i.id)).toEqual([ids['cv.phong']]);
    // The province's leader covers every agency below.
    expect((await clients['ld.tinh']!.get(url(TREE.health))).statusCode).toBe(200);
  });

  it('another department is refused (403), an unknown agency is 404, bad role 400, citizens 403', async () => {
    const other = await clients['cv.yte']!.get(url(TREE.justice, 'specialist'));
    expect(other.statusCode).toBe(403);
    expect(other.headers['content-type']).toContain('application/problem+json');
    expect(other.json().detail).toContain('cán bộ');
    const unknown = await clients['ld.sotp']!.get(url('000.00.99.H98'));
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('AGENCY_NOT_FOUND');
    const bad = await clients['ld.sotp']!.get(url(TREE.justice, 'province_admin'));
    expect(bad.statusCode).toBe(400);
    const citizen = new Client(t.app);
    expect((await citizen.login('001090000031')).statusCode).toBe(200);
    expect((await citizen.get(url(TREE.justice))).statusCode).toBe(403);
    const anonymous = await t.app.inject({ method: 'GET', url: url(TREE.justice) });
    expect(anonymous.statusCode).toBe(401);
  });
});
