/**
 * Roles scoped to agency subtrees (on the real catalogue tree), the administration policy
 * (province_admin anywhere; agency_admin within its subtree, never granting province_admin),
 * records the caller may not see answering 404, the personal-data access log a citizen can read,
 * and external identities linked on the verified citizen ID only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdentityApi, Principal } from '../src/modules/identity/index.ts';
import { Client, createOfficial, loadTestAgencies, PASSWORD, registerCitizen, TREE } from './fixtures/identity.ts';
import { countRows, createTestApp, type TestApp } from './support.ts';

let t: TestApp;
let api: IdentityApi;
const ids: Record<string, string> = {};
let agencyAdmin: Client;
let provinceAdmin: Client;

beforeAll(async () => {
  // This file is about scopes, not second factors.
  t = await createTestApp({ env: { MFA_REQUIRED_ROLES: 'none' } });
  api = t.app.tinhso.apis.identity as IdentityApi;
  await loadTestAgencies(t.app);
  ids.agencyAdmin = await createOfficial(t.app, {
    username: 'qt.tuphap',
    agencyCode: TREE.justice,
    roles: [{ role: 'agency_admin', agencyCode: TREE.justice }],
  });
  ids.provinceAdmin = await createOfficial(t.app, {
    username: 'qt.tinh',
    agencyCode: TREE.committee,
    roles: [{ role: 'province_admin', agencyCode: null }],
  });
  ids.health = await createOfficial(t.app, { username: 'bs.yte', agencyCode: TREE.health });
  ids.citizenA = await registerCitizen(t.app, '001090000021');
  ids.citizenB = await registerCitizen(t.app, '001090000022');
  agencyAdmin = new Client(t.app);
  provinceAdmin = new Client(t.app);
  await agencyAdmin.login('qt.tuphap');
  await provinceAdmin.login('qt.tinh');
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('an agency administrator works within its subtree', () => {
  it('creates officials in its agency and below, not in a sibling department', async () => {
    const below = await agencyAdmin.post('/api/v1/identity/accounts', {
      username: 'cv.hanhchinh',
      name: 'Chuyên Viên Hành Chính',
      agencyCode: TREE.justiceDivision,
      position: 'Chuyên viên',
      password: PASSWORD,
    });
    expect(below.statusCode).toBe(201);
    ids.division = below.json().id;
    const sibling = await agencyAdmin.post('/api/v1/identity/accounts', {
      username: 'cv.yte',
      name: 'Chuyên Viên Y Tế',
      agencyCode: TREE.health,
      password: PASSWORD,
    });
    expect(sibling.statusCode).toBe(403);
    expect(sibling.json().code).toBe('FORBIDDEN');
  });

  it('grants roles on its subtree only, and never province_admin', async () => {
    const ok = await agencyAdmin.post(`/api/v1/identity/accounts/${ids.division}/roles`, {
      role: 'specialist',
      agencyCode: TREE.justiceDivision,
    });
    expect(ok.statusCode).toBe(201);
    const outside = await agencyAdmin.post(`/api/v1/identity/accounts/${ids.division}/roles`, {
      role: 'specialist',
      agencyCode: TREE.health,
    });
    expect(outside.statusCode).toBe(403);
    const province = await agencyAdmin.post(`/api/v1/identity/accounts/${ids.division}/roles`, {
      role: 'province_admin',
      agencyCode: null,
    });
    expect(province.statusCode).toBe(403);
    const citizenRole = await agencyAdmin.post(`/api/v1/identity/accounts/${ids.division}/roles`, {
      role: 'citizen',
      agencyCode: TREE.justice,
    });
    expect(citizenRole.statusCode).toBe(400);
    expect(citizenRole.json().code).toBe('ROLE_NOT_ALLOWED');
  });

  it('sees only officials of its subtree: another agency’s official and citizens are 404', async () => {
    const list = await agencyAdmin.get('/api/v1/identity/accounts?limit=200');
    expect(list.statusCode).toBe(200);
    const usernames = (list.json().items as { username: string }[]).map((a) => a.username).sort();
    expect(usernames).toEqual(['cv.hanhchinh', 'qt.tuphap']);
    expect((await agencyAdmin.get(`/api/v1/identity/accounts/${ids.health}`)).statusCode).toBe(404);
    expect((await agencyAdmin.get(`/api/v1/identity/accounts/${ids.citizenA}`)).statusCode).toBe(404);
    const disable = await agencyAdmin.post(`/api/v1/identity/accounts/${ids.health}/disable`, { reason: 'thử' });
    expect(disable.statusCode).toBe(404);
    expect((await agencyAdmin.post(`/api/v1/identity/accounts/${ids.division}/disable`, {})).statusCode).toBe(200);
    expect((await agencyAdmin.post(`/api/v1/identity/accounts/${ids.division}/enable`)).statusCode).toBe(200);
  });

  it('revokes a grant in its scope; an unknown grant is 404', async () => {
    const acc = await agencyAdmin.get(`/api/v1/identity/accounts/${ids.division}`);
    const grant = (acc.json().roles as { id: string; role: string }[]).find((r) => r.role === 'specialist')!;
    expect(
      (await agencyAdmin.request('DELETE', `/api/v1/identity/accounts/${ids.division}/roles/${grant.id}`)).statusCode,
    ).toBe(204);
    expect(
      (await agencyAdmin.request('DELETE', `/api/v1/identity/accounts/${ids.division}/roles/${grant.id}`)).statusCode,
    ).toBe(404);
  });
});

describe('the province administrator', () => {
  it('sees and manages every account, and may grant province_admin', async () => {
    const list = await provinceAdmin.get('/api/v1/identity/accounts?limit=200');
    expect(list.json().total).toBeGreaterThanOrEqual(6);
    const filtered = await provinceAdmin.get(`/api/v1/identity/accounts?agencyCode=${TREE.justice}`);
    expect((filtered.json().items as { agencyCode: string }[]).every((a) => a.agencyCode.endsWith('.03.H98'))).toBe(
      true,
    );
    const search = await provinceAdmin.get('/api/v1/identity/accounts?q=chuyen%20vien%20hanh%20chinh');
    expect(search.json().items[0].username).toBe('cv.hanhchinh');
    const grant = await provinceAdmin.post(`/api/v1/identity/accounts/${ids.health}/roles`, {
      role: 'province_admin',
      agencyCode: null,
    });
    expect(grant.statusCode).toBe(201);
    const selfDisable = await provinceAdmin.post(`/api/v1/identity/accounts/${ids.provinceAdmin}/disable`, {});
    expect(selfDisable.statusCode).toBe(409);
  });
});

describe('citizens', () => {
  it('see only their own account: another citizen’s is 404, the administration list is refused', async () => {
    const a = new Client(t.app);
    await a.login('001090000021');
    const own = await a.get(`/api/v1/identity/accounts/${ids.citizenA}`);
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ kind: 'citizen', citizenId: '001090000021', citizenIdVerified: false });
    expect(JSON.stringify(own.json())).not.toMatch(/hash|mfa_secret/);
    const other = await a.get(`/api/v1/identity/accounts/${ids.citizenB}`);
    expect(other.statusCode).toBe(404);
    expect(other.json().code).toBe('ACCOUNT_NOT_FOUND');
    // Same answer as an id that does not exist.
    const missing = await a.get('/api/v1/identity/accounts/01900000-0000-7000-8000-000000000000');
    expect(missing.json().code).toBe(other.json().code);
    expect((await a.get('/api/v1/identity/accounts')).statusCode).toBe(403);
  });

  it('can read who accessed their personal data, when and why', async () => {
    const seen = await provinceAdmin.get(
      `/api/v1/identity/accounts/${ids.citizenB}?purpose=${encodeURIComponent('Hỗ trợ khôi phục tài khoản')}`,
    );
    expect(seen.statusCode).toBe(200);
    await api.recordPersonalDataAccess({
      officialId: ids.division!,
      subjectAccountId: ids.citizenB!,
      record: 'dossier/HS-2026-000123',
      purpose: 'Thẩm định hồ sơ đăng ký hộ tịch',
    });
    const b = new Client(t.app);
    await b.login('001090000022');
    const log = await b.get('/api/v1/identity/me/data-access');
    expect(log.statusCode).toBe(200);
    const items = log.json().items as { officialName: string; record: string; purpose: string; agencyCode: string }[];
    expect(items).toHaveLength(2);
    expect(items.map((i) => i.purpose).sort()).toEqual([
      'Hỗ trợ khôi phục tài khoản',
      'Thẩm định hồ sơ đăng ký hộ tịch',
    ]);
    expect(items.find((i) => i.record === 'dossier/HS-2026-000123')).toMatchObject({
      officialName: 'Chuyên Viên Hành Chính',
      agencyCode: TREE.justiceDivision,
    });
    // Citizen A's log is not B's.
    const a = new Client(t.app);
    await a.login('001090000021');
    expect((await a.get('/api/v1/identity/me/data-access')).json().total).toBe(0);
  });
});

describe('hasRole over the agency tree on a date', () => {
  const p = (roles: Principal['roles']): Principal => ({
    accountId: '01900000-0000-7000-8000-000000000001',
    kind: 'official',
    name: 'x',
    agencyCode: TREE.justice,
    roles,
    acr: null,
    sessionId: 's',
  });

  it('a grant on an agency covers it and its descendants, not its parent or siblings', async () => {
    const s = p([{ role: 'specialist', agencyCode: TREE.justice }]);
    expect(await api.hasRole(s, 'specialist')).toBe(true);
    expect(await api.hasRole(s, 'specialist', TREE.justice)).toBe(true);
    expect(await api.hasRole(s, 'specialist', TREE.justiceDivision)).toBe(true);
    expect(await api.hasRole(s, 'specialist', TREE.committee)).toBe(false);
    expect(await api.hasRole(s, 'specialist', TREE.health)).toBe(false);
    expect(await api.hasRole(s, 'leader', TREE.justice)).toBe(false);
    // Before the agencies existed the grant covers nothing.
    expect(await api.hasRole(s, 'specialist', TREE.justiceDivision, '2019-06-01')).toBe(false);
    expect(await api.hasRole(p([{ role: 'province_admin', agencyCode: null }]), 'province_admin', TREE.health)).toBe(
      true,
    );
  });
});

describe('external identities (VNeID pattern)', () => {
  it('creates a verified citizen on first login and finds it again by (provider, subject)', async () => {
    const first = await api.linkExternalCitizen({
      providerId: 'vneid',
      subject: 'sub-1',
      citizenId: '001090000031',
      name: 'Lê Văn Xa',
      acr: '2',
    });
    const again = await api.linkExternalCitizen({
      providerId: 'vneid',
      subject: 'sub-1',
      citizenId: '001090000031',
      name: 'Lê Văn Xa',
      acr: '2',
    });
    expect(again.accountId).toBe(first.accountId);
    const claims = await api.getAccountClaims(first.accountId);
    expect(claims).toMatchObject({
      kind: 'citizen',
      citizenId: '001090000031',
      roles: [{ role: 'citizen', agencyCode: null }],
    });
  });

  it('refuses a subject already linked to another citizen ID, and writes nothing', async () => {
    const before = await countRows(t.database, 'identity.account');
    await expect(
      api.linkExternalCitizen({
        providerId: 'vneid',
        subject: 'sub-1',
        citizenId: '001090000032',
        name: 'Khác',
        acr: '2',
      }),
    ).rejects.toMatchObject({ code: 'EXTERNAL_IDENTITY_MISMATCH' });
    expect(await countRows(t.database, 'identity.account')).toBe(before);
  });

  it('a self-registered (unverified) claim on the number is taken over: its password and sessions end', async () => {
    const squatter = new Client(t.app);
    await squatter.login('001090000022');
    expect((await api.getAccountClaims(ids.citizenB!))!.citizenId).toBeNull();
    const linked = await api.linkExternalCitizen({
      providerId: 'vneid',
      subject: 'sub-2',
      citizenId: '001090000022',
      name: 'Nguyễn Văn Dân',
      acr: '2',
    });
    expect(linked.accountId).toBe(ids.citizenB);
    expect((await api.getAccountClaims(ids.citizenB!))!.citizenId).toBe('001090000022');
    expect((await squatter.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await new Client(t.app).login('001090000022')).statusCode).toBe(401);
  });

  it('never links on e-mail: the same address under another number is another person', async () => {
    const r = await api.linkExternalCitizen({
      providerId: 'vneid',
      subject: 'sub-3',
      citizenId: '001090000033',
      name: 'Người Mới',
      acr: '1',
    });
    expect(r.accountId).not.toBe(ids.citizenA);
  });
});
