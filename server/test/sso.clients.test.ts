/**
 * Administration of relying-party clients and external providers: only a province
 * administrator (or, until every deployment has accounts, the temporary administrator token);
 * bad input answers problem+json and writes nothing; secrets are shown once and stored sealed;
 * every change is audited.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createOfficial, loadTestAgencies, registerCitizen, TREE } from './fixtures/identity.ts';
import { type SsoTestApp, startSsoApp } from './sso.harness.ts';
import { adminHeaders, countRows } from './support.ts';

// The real identity module: sessions, roles, its access gate and CSRF check.
let h: SsoTestApp;
let citizen: Client;
let agencyAdmin: Client;
let provinceAdmin: Client;

beforeAll(async () => {
  h = await startSsoApp();
  await loadTestAgencies(h.app);
  await registerCitizen(h.app, '001090000099');
  await createOfficial(h.app, {
    username: 'qtcq',
    agencyCode: TREE.justice,
    roles: [{ role: 'agency_admin', agencyCode: TREE.justice }],
  });
  await createOfficial(h.app, {
    username: 'qttinh',
    agencyCode: TREE.committee,
    roles: [{ role: 'province_admin', agencyCode: null }],
  });
  citizen = new Client(h.app);
  expect((await citizen.login('001090000099')).statusCode).toBe(200);
  agencyAdmin = new Client(h.app);
  expect((await agencyAdmin.login('qtcq')).statusCode).toBe(200);
  provinceAdmin = new Client(h.app);
  expect((await provinceAdmin.login('qttinh')).statusCode).toBe(200);
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const good = {
  clientId: 'mot-cua',
  name: 'Hệ thống một cửa điện tử',
  redirectUris: ['https://motcua.tinhso.vn/oidc/callback'],
  postLogoutRedirectUris: ['https://motcua.tinhso.vn/'],
  backchannelLogoutUri: 'https://motcua.tinhso.vn/oidc/backchannel',
};

async function post(body: unknown, headers: Record<string, string> = adminHeaders) {
  return h.app.inject({ method: 'POST', url: '/api/v1/identity/clients', headers, payload: body as object });
}

describe('client administration', () => {
  it('refuses anonymous callers, a wrong token, a citizen and an agency administrator — nothing written', async () => {
    const cases: [Record<string, string>, number][] = [
      [{}, 401],
      [{ authorization: 'Bearer sai-ma-quan-tri-0123456789abcdef' }, 401],
      [citizen.headers(), 403],
      [agencyAdmin.headers(), 403],
    ];
    for (const [headers, status] of cases) {
      const res = await post(good, headers);
      expect(res.statusCode, JSON.stringify(headers)).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const list = await h.app.inject({ method: 'GET', url: '/api/v1/identity/clients', headers });
      expect(list.statusCode).toBe(status);
      const rotate = await h.app.inject({ method: 'POST', url: '/api/v1/identity/oidc/keys/rotate', headers });
      expect(rotate.statusCode).toBe(status);
      const prov = await h.app.inject({ method: 'GET', url: '/api/v1/identity/external-providers', headers });
      expect(prov.statusCode).toBe(status);
    }
    expect(await countRows(h.database, 'sso.client')).toBe(0);
  });

  it('refuses bad input with field errors in Vietnamese and writes nothing', async () => {
    const bad: [unknown, string][] = [
      [{ ...good, redirectUris: ['javascript:alert(1)'] }, '/body/redirectUris/0'],
      [{ ...good, redirectUris: ['https://motcua.tinhso.vn/cb#x'] }, '/body/redirectUris/0'],
      [{ ...good, redirectUris: ['https://*.tinhso.vn/cb'] }, '/body/redirectUris/0'],
      [{ ...good, redirectUris: ['khong-phai-url'] }, '/body/redirectUris/0'],
      [{ ...good, backchannelLogoutUri: 'ftp://motcua.tinhso.vn/x' }, '/body/backchannelLogoutUri'],
      [{ ...good, redirectUris: [] }, '/body/redirectUris'],
      [{ ...good, name: undefined }, '/body/name'],
      [{ ...good, clientId: 'Có Dấu' }, '/body/clientId'],
      [{ ...good, isAdmin: true }, '/body/isAdmin'],
      [{ ...good, tokenEndpointAuthMethod: 'private_key_jwt' }, '/body/tokenEndpointAuthMethod'],
    ];
    for (const [body, field] of bad) {
      const res = await post(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      const problem = res.json() as { code: string; title: string; errors: { field: string; message: string }[] };
      expect(problem.code).toBe('VALIDATION_FAILED');
      expect(problem.title).toBe('Dữ liệu không hợp lệ');
      expect(problem.errors.map((e) => e.field)).toContain(field);
    }
    expect(await countRows(h.database, 'sso.client')).toBe(0);
  });

  it('registers a client, shows the secret once, stores it sealed, audits it; lists, patches, deletes', async () => {
    const res = await post(good);
    expect(res.statusCode).toBe(201);
    const created = res.json() as { clientId: string; clientSecret: string };
    expect(created.clientId).toBe('mot-cua');
    expect(created.clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await sql<{ secret_sealed: string }>`select secret_sealed from sso.client`.execute(h.database.db);
    expect(stored.rows[0]!.secret_sealed).not.toContain(created.clientSecret);
    expect(stored.rows[0]!.secret_sealed.startsWith('v1.')).toBe(true);

    const again = await post(good);
    expect(again.statusCode).toBe(409);

    const list = await h.app.inject({
      method: 'GET',
      url: '/api/v1/identity/clients',
      headers: provinceAdmin.headers(),
    });
    expect(list.statusCode).toBe(200);
    expect(JSON.stringify(list.json())).not.toContain(created.clientSecret);
    expect((list.json() as { items: unknown[] }).items).toHaveLength(1);

    const patched = await h.app.inject({
      method: 'PATCH',
      url: '/api/v1/identity/clients/mot-cua',
      headers: provinceAdmin.headers(),
      payload: { name: 'Một cửa (mới)', backchannelLogoutUri: null },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ name: 'Một cửa (mới)', backchannelLogoutUri: null });

    const badPatch = await h.app.inject({
      method: 'PATCH',
      url: '/api/v1/identity/clients/mot-cua',
      headers: adminHeaders,
      payload: { redirectUris: ['http://[::1'] },
    });
    expect(badPatch.statusCode).toBe(400);
    const unchanged = await h.app.inject({
      method: 'GET',
      url: '/api/v1/identity/clients/mot-cua',
      headers: adminHeaders,
    });
    expect(unchanged.json()).toMatchObject({ name: 'Một cửa (mới)', redirectUris: good.redirectUris });

    const rotated = await h.app.inject({
      method: 'POST',
      url: '/api/v1/identity/clients/mot-cua/secret',
      headers: adminHeaders,
    });
    expect(rotated.statusCode).toBe(200);
    expect((rotated.json() as { clientSecret: string }).clientSecret).not.toBe(created.clientSecret);

    const del = await h.app.inject({
      method: 'DELETE',
      url: '/api/v1/identity/clients/mot-cua',
      headers: adminHeaders,
    });
    expect(del.statusCode).toBe(204);
    const gone = await h.app.inject({ method: 'GET', url: '/api/v1/identity/clients/mot-cua', headers: adminHeaders });
    expect(gone.statusCode).toBe(404);
    expect((gone.json() as { code: string }).code).toBe('OIDC_CLIENT_NOT_FOUND');
    // An id is never reused, even after deletion (old tokens name it).
    expect((await post(good)).statusCode).toBe(409);

    const audit = await sql<{ action: string; actor: { kind: string }; data: Record<string, unknown> }>`
      select action, actor, data from platform.audit_log where module = 'sso' and entity_id = 'mot-cua'
      order by seq`.execute(h.database.db);
    expect(audit.rows.map((r) => r.action)).toEqual([
      'client.registered',
      'client.updated',
      'client.secret_rotated',
      'client.deleted',
    ]);
    expect(audit.rows[1]!.actor.kind).toBe('official');
    expect(JSON.stringify(audit.rows)).not.toContain(created.clientSecret);
  });

  it('registers an external provider with its secret sealed and never shown', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/identity/external-providers',
      headers: adminHeaders,
      payload: {
        id: 'vneid',
        name: 'VNeID',
        issuer: 'https://vneid.example.gov.vn',
        clientId: 'tinh',
        clientSecret: 'bi-mat-nha-cung-cap',
        acrLevel2: ['urn:vneid:loa:2'],
      },
    });
    expect(res.statusCode).toBe(201);
    expect(JSON.stringify(res.json())).not.toContain('bi-mat-nha-cung-cap');
    expect(res.json()).toMatchObject({
      scopes: ['openid', 'profile'],
      citizenIdClaim: 'citizen_id',
      redirectUri: `${h.base}/api/v1/auth/external/vneid/callback`,
    });
    const bad = await h.app.inject({
      method: 'POST',
      url: '/api/v1/identity/external-providers',
      headers: adminHeaders,
      payload: { id: 'x', name: 'X', issuer: 'https://x', clientId: 'c', clientSecret: 'ngan', acrLevel2: [] },
    });
    expect(bad.statusCode).toBe(400);
    expect(await countRows(h.database, 'sso.external_provider')).toBe(1);
  });
});
