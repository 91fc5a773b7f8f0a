/**
 * The platform as OpenID Connect provider, proven with a real relying party (openid-client)
 * against the server on a real port: discovery → authorization code + PKCE → sign-in form →
 * token → userinfo → refresh (rotation) → ID token verified against the JWKS; storage in the
 * database (a second server instance on the same database redeems the refresh token); single
 * sign-on; back-channel logout; key rotation keeps old tokens verifiable.
 */
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAIM_AGENCY, CLAIM_ROLES } from '../src/modules/sso/index.ts';
import {
  authorize,
  Browser,
  drainBackground,
  FakeIdentity,
  openAuthorization,
  REDIRECT,
  registerClient,
  rpConfig,
  type SsoTestApp,
  startLogoutReceiver,
  startSsoApp,
} from './sso.harness.ts';
import { adminHeaders, countRows } from './support.ts';

let h: SsoTestApp;
let bcl: { url: string; close(): Promise<void> };
const logoutTokens: string[] = [];
const fake = new FakeIdentity();
const official = fake.addOfficial('chuyenvien', 'mat-khau-dung-123');
const admin = fake.addOfficial('quantri', 'mat-khau-quan-tri', {
  roles: [{ role: 'province_admin', agencyCode: null }],
  otp: '123456',
});

beforeAll(async () => {
  // The relying party's back-channel logout endpoint.
  bcl = await startLogoutReceiver(logoutTokens, '/backchannel-logout');
  h = await startSsoApp({ fake });
}, 60_000);

afterAll(async () => {
  await h?.close();
  await bcl?.close();
});

describe('OpenID Connect provider', () => {
  let config: client.Configuration;
  let secret: string;

  it('publishes discovery with code + PKCE S256 only, back-channel logout and the tinhso claims', async () => {
    ({ clientSecret: secret } = await registerClient(h, 'cong-dich-vu', { backchannelLogoutUri: bcl.url }));
    config = await rpConfig(h, 'cong-dich-vu', secret);
    const meta = config.serverMetadata();
    expect(meta.issuer).toBe(h.base);
    expect(meta.response_types_supported).toEqual(['code']);
    expect(meta.code_challenge_methods_supported).toEqual(['S256']);
    expect(meta.backchannel_logout_supported).toBe(true);
    expect(meta.end_session_endpoint).toBe(`${h.base}/oidc/session/end`);
    expect(meta.claims_supported).toEqual(expect.arrayContaining([CLAIM_AGENCY, CLAIM_ROLES, 'email', 'phone_number']));
  });

  it('refuses an authorization request without PKCE', async () => {
    const url = client.buildAuthorizationUrl(config, { redirect_uri: REDIRECT, scope: 'openid', state: 'x' });
    const step = await new Browser().follow(url.href, [REDIRECT]);
    expect(step.stopped).toBe(true);
    const back = new URL(step.url);
    expect(back.searchParams.get('error')).toBe('invalid_request');
    expect(back.searchParams.get('code')).toBeNull();
  });

  it('completes code + PKCE with the sign-in form, userinfo, refresh with rotation, ID token verified by JWKS', async () => {
    const browser = new Browser();
    const tokens = await authorize(config, browser, { username: 'chuyenvien', password: 'mat-khau-dung-123' });
    const claims = tokens.claims()!;
    expect(claims.sub).toBe(official.id);
    expect(claims.amr).toEqual(['pwd']);
    expect(typeof claims.sid).toBe('string');

    const jwks = createRemoteJWKSet(new URL(`${h.base}/oidc/jwks`));
    const verified = await jwtVerify(tokens.id_token!, jwks, { issuer: h.base, audience: 'cong-dich-vu' });
    expect(verified.protectedHeader.alg).toBe('RS256');

    const info = await client.fetchUserInfo(config, tokens.access_token, official.id);
    expect(info).toMatchObject({
      sub: official.id,
      name: 'Cán bộ chuyenvien',
      email: 'chuyenvien@tinhso.vn',
      email_verified: true,
      phone_number: '0912345678',
      [CLAIM_AGENCY]: '000.00.01.H53',
      [CLAIM_ROLES]: [{ role: 'specialist', agency: '000.00.01.H53' }],
    });

    expect(tokens.refresh_token).toBeTruthy();
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.refresh_token).toBeTruthy();
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect(refreshed.claims()!.sub).toBe(official.id);
    // Rotation: the used refresh token is spent (and its replay revokes the grant).
    await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    await expect(client.refreshTokenGrant(config, refreshed.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('asks for the OTP when identity needs it and signs in with it (amr pwd+otp)', async () => {
    const tokens = await authorize(config, new Browser(), {
      username: 'quantri',
      password: 'mat-khau-quan-tri',
      otp: '123456',
    });
    expect(tokens.claims()!.sub).toBe(admin.id);
    expect(tokens.claims()!.amr).toEqual(['pwd', 'otp']);
  });

  it('shows a Vietnamese error on a wrong password, keeps the username, issues nothing', async () => {
    const browser = new Browser();
    const step = await openAuthorization(config, browser);
    const page = await step.res.text();
    const after = await browser.submit(step.url, page, '/login', { username: 'chuyenvien', password: 'sai' }, [
      REDIRECT,
    ]);
    expect(after.stopped).toBe(false);
    expect(after.res.status).toBe(401);
    const html = await after.res.text();
    expect(html).toContain('role="alert"');
    expect(html).toContain('Tên đăng nhập hoặc mật khẩu không đúng.');
    expect(html).toContain('value="chuyenvien"');
  });

  it('refuses a sign-in form posted without its CSRF token', async () => {
    const browser = new Browser();
    const step = await openAuthorization(config, browser);
    const res = await browser.request(`${step.url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: 'chuyenvien', password: 'mat-khau-dung-123', csrf: 'gia-mao' }).toString(),
    });
    expect(res.status).toBe(403);
    expect(h.fake.sessions.size).toBeGreaterThanOrEqual(0);
    expect(await res.text()).toContain('Yêu cầu không hợp lệ');
  });

  it('signs in a second application without a form when a platform session exists (SSO)', async () => {
    const browser = new Browser();
    await authorize(config, browser, { username: 'chuyenvien', password: 'mat-khau-dung-123' });
    const other = await registerClient(h, 'ung-dung-khac');
    const otherConfig = await rpConfig(h, 'ung-dung-khac', other.clientSecret);
    const tokens = await authorize(otherConfig, browser, null);
    expect(tokens.claims()!.sub).toBe(official.id);
  });

  it('keeps its state in the database: a restarted server redeems a refresh token issued before', async () => {
    const tokens = await authorize(config, new Browser(), { username: 'chuyenvien', password: 'mat-khau-dung-123' });
    expect(await countRows(h.database, 'sso.oidc_payload')).toBeGreaterThan(0);
    await h.stop();
    h = await startSsoApp({ fake, reuse: { testDb: h.testDb, database: h.database, port: h.port } });
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.claims()!.sub).toBe(official.id);
  });

  it('sends a valid back-channel logout token when the user logs out everywhere, and ends the grant', async () => {
    logoutTokens.length = 0;
    const tokens = await authorize(config, new Browser(), { username: 'chuyenvien', password: 'mat-khau-dung-123' });
    const sid = tokens.claims()!.sid;
    const ended = await h.fake.endAllSessions(official.id);
    expect(ended.length).toBeGreaterThan(0);
    await drainBackground(h.app);
    expect(logoutTokens.length).toBeGreaterThanOrEqual(1);
    const jwks = createRemoteJWKSet(new URL(`${h.base}/oidc/jwks`));
    const sids: unknown[] = [];
    for (const t of logoutTokens) {
      const { payload } = await jwtVerify(t, jwks, { issuer: h.base, audience: 'cong-dich-vu', typ: 'logout+jwt' });
      expect(payload.sub).toBe(official.id);
      expect(payload.events).toEqual({ 'http://schemas.openid.net/event/backchannel-logout': {} });
      expect(payload.nonce).toBeUndefined();
      sids.push(payload.sid);
    }
    expect(sids).toContain(sid);
    // The session's tokens ended with it.
    await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    // Redelivery of the same event does not notify again.
    const before = logoutTokens.length;
    await drainBackground(h.app);
    expect(logoutTokens.length).toBe(before);
  });

  it('rotates signing keys: tokens signed before stay verifiable through the JWKS, new ones use the next key', async () => {
    const before = await authorize(config, new Browser(), { username: 'chuyenvien', password: 'mat-khau-dung-123' });
    const oldKid = decodeProtectedHeader(before.id_token!).kid;
    const jwksBefore = (await (await fetch(`${h.base}/oidc/jwks`)).json()) as { keys: { kid: string }[] };
    expect(jwksBefore.keys.map((k) => k.kid)).toContain(oldKid);
    expect(jwksBefore.keys).toHaveLength(2); // active + next, published ahead
    const nextKid = jwksBefore.keys.find((k) => k.kid !== oldKid)!.kid;

    const anon = await fetch(`${h.base}/api/v1/identity/oidc/keys/rotate`, { method: 'POST' });
    expect(anon.status).toBe(401);
    const r = await fetch(`${h.base}/api/v1/identity/oidc/keys/rotate`, { method: 'POST', headers: adminHeaders });
    expect(r.status).toBe(200);
    const rotated = (await r.json()) as { active: string; next: string; retired: string };
    expect(rotated).toMatchObject({ active: nextKid, retired: oldKid });

    const jwksAfter = (await (await fetch(`${h.base}/oidc/jwks`)).json()) as { keys: { kid: string }[] };
    expect(jwksAfter.keys.map((k) => k.kid).sort()).toEqual([oldKid, nextKid, rotated.next].sort());
    const freshJwks = createRemoteJWKSet(new URL(`${h.base}/oidc/jwks`));
    await expect(
      jwtVerify(before.id_token!, freshJwks, { issuer: h.base, audience: 'cong-dich-vu' }),
    ).resolves.toBeTruthy();

    const after = await authorize(config, new Browser(), { username: 'chuyenvien', password: 'mat-khau-dung-123' });
    expect(decodeProtectedHeader(after.id_token!).kid).toBe(nextKid);
    await expect(
      jwtVerify(after.id_token!, freshJwks, { issuer: h.base, audience: 'cong-dich-vu' }),
    ).resolves.toBeTruthy();
  });
});
