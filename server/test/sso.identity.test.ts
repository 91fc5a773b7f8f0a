/**
 * The SSO on the real identity module: signing in through the provider's form opens an identity
 * session; an identity session signs a relying party in without a form; "log out everywhere"
 * (identity) reaches the relying party as a back-channel logout token; RP-initiated logout ends the
 * provider session and the platform session, and a portal logout ends the provider session.
 */
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { sql } from 'kysely';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAIM_AGENCY, CLAIM_ROLES } from '../src/modules/sso/index.ts';
import { PASSWORD, TREE } from './fixtures/identity.ts';
import {
  authorize,
  Browser,
  drainBackground,
  type IdentitySso,
  openAuthorization,
  type SsoTestApp,
  startIdentitySso,
} from './sso.harness.ts';

let sso: IdentitySso;
let h: SsoTestApp;
let officialId: string;
let config: client.Configuration;
let logoutTokens: string[];

beforeAll(async () => {
  sso = await startIdentitySso({
    official: { username: 'chuyenvien.tp', email: 'cv.tp@tinhso.vn' },
    client: { id: 'van-ban', name: 'Quản lý văn bản', postLogoutRedirectUris: ['http://127.0.0.1:9/bye'] },
  });
  ({ h, officialId, config, logoutTokens } = sso);
}, 60_000);

afterAll(async () => {
  await sso?.close();
});

const OFFICIAL = { username: 'chuyenvien.tp', password: PASSWORD };
const SCOPE = { scope: 'openid profile email tinhso' };

describe('SSO with the identity module', () => {
  it('signs in through the form with identity credentials and returns identity claims', async () => {
    const browser = new Browser();
    const tokens = await authorize(config, browser, OFFICIAL, SCOPE);
    expect(tokens.claims()!.sub).toBe(officialId);
    expect(browser.has('tinhso_sid')).toBe(true); // the form opened a platform session too
    const info = await client.fetchUserInfo(config, tokens.access_token, officialId);
    expect(info).toMatchObject({
      email: 'cv.tp@tinhso.vn',
      [CLAIM_AGENCY]: TREE.justice,
      [CLAIM_ROLES]: [{ role: 'specialist', agency: TREE.justice }],
    });
    const me = await browser.request(`${h.base}/api/v1/auth/me`);
    expect(me.status).toBe(200);
  });

  it('rides an existing platform session (portal login) without a form', async () => {
    const browser = new Browser();
    const login = await browser.request(`${h.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'chuyenvien.tp', password: PASSWORD }),
    });
    expect(login.status).toBe(200);
    const tokens = await authorize(config, browser, null, SCOPE);
    expect(tokens.claims()!.sub).toBe(officialId);
  });

  it('a signed-in browser can be asked to sign in again (prompt=login)', async () => {
    const browser = new Browser();
    await authorize(config, browser, OFFICIAL, SCOPE);
    const tokens = await authorize(config, browser, OFFICIAL, { ...SCOPE, params: { prompt: 'login' } });
    expect(tokens.claims()!.sub).toBe(officialId);
  });

  it('"log out everywhere" in identity sends a back-channel logout token to the relying party', async () => {
    logoutTokens.length = 0;
    const browser = new Browser();
    const tokens = await authorize(config, browser, OFFICIAL, SCOPE);
    const csrf = /tinhso_csrf=([^;]+)/.exec(browser.cookieHeader(new URL(`${h.base}/api/v1/auth/logout-all`)))?.[1];
    const out = await browser.request(`${h.base}/api/v1/auth/logout-all`, {
      method: 'POST',
      headers: { 'x-csrf-token': csrf ?? '' },
    });
    expect(out.status).toBeLessThan(300);
    await drainBackground(h.app);
    expect(logoutTokens.length).toBeGreaterThanOrEqual(1);
    const jwks = createRemoteJWKSet(new URL(`${h.base}/oidc/jwks`));
    const verified = await Promise.all(
      logoutTokens.map((t) => jwtVerify(t, jwks, { issuer: h.base, audience: 'van-ban', typ: 'logout+jwt' })),
    );
    expect(verified.map((v) => v.payload.sid)).toContain(tokens.claims()!.sid);
    expect(verified.every((v) => v.payload.sub === officialId)).toBe(true);
    await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });

  /** Opens the provider's logout page for these tokens and answers it; returns where it went. */
  async function rpLogout(browser: Browser, idToken: string, answer: 'yes' | 'keep') {
    const end = client.buildEndSessionUrl(config, {
      id_token_hint: idToken,
      post_logout_redirect_uri: 'http://127.0.0.1:9/bye',
    });
    const page = await browser.follow(end.href, ['http://127.0.0.1:9/']);
    expect(page.res.status).toBe(200);
    const html = await page.res.text();
    expect(html).toContain('Có, đăng xuất');
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)![1]!;
    const action = /action="([^"]+)"/.exec(html)![1]!;
    return browser.follow(new URL(action, h.base).href, ['http://127.0.0.1:9/'], {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(answer === 'yes' ? { xsrf, logout: 'yes' } : { xsrf }).toString(),
    });
  }

  async function endedEvents(accountId: string) {
    const r = await sql<{ payload: any }>`
      select payload from platform.outbox where module = 'identity' and type = 'sessions_ended' order by seq`.execute(
      h.database.db,
    );
    return r.rows.map((x) => x.payload).filter((p) => p.accountId === accountId);
  }

  it('RP-initiated logout ends the OP session and the platform session it came from', async () => {
    const browser = new Browser();
    const tokens = await authorize(config, browser, OFFICIAL, SCOPE);
    const me = await browser.request(`${h.base}/api/v1/auth/me`);
    expect(me.status).toBe(200);
    const { sessionId } = (await me.json()) as { sessionId: string };

    const done = await rpLogout(browser, tokens.id_token!, 'yes');
    expect(done.stopped).toBe(true);
    expect(done.url.startsWith('http://127.0.0.1:9/bye')).toBe(true);
    await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    // The portal is signed out too, recorded like a logout; the next sign-in asks for the password.
    expect((await browser.request(`${h.base}/api/v1/auth/me`)).status).toBe(401);
    expect((await endedEvents(officialId)).at(-1)).toEqual({
      accountId: officialId,
      sessionIds: [sessionId],
      reason: 'oidc_logout',
    });
    const again = await openAuthorization(config, browser);
    expect(again.stopped).toBe(false);
    expect(await again.res.text()).toContain('<label for="username">Tên đăng nhập</label>');
  });

  it('"Không, giữ đăng nhập" leaves only that application: the platform session stays', async () => {
    const browser = new Browser();
    const tokens = await authorize(config, browser, OFFICIAL, SCOPE);
    const done = await rpLogout(browser, tokens.id_token!, 'keep');
    expect(done.stopped).toBe(true);
    expect((await browser.request(`${h.base}/api/v1/auth/me`)).status).toBe(200);
  });

  it('logging out of the portal ends the OP session: the next application sign-in asks again', async () => {
    const browser = new Browser();
    await authorize(config, browser, OFFICIAL, SCOPE);
    const csrf = /tinhso_csrf=([^;]+)/.exec(browser.cookieHeader(new URL(`${h.base}/api/v1/auth/logout`)))?.[1];
    const out = await browser.request(`${h.base}/api/v1/auth/logout`, {
      method: 'POST',
      headers: { 'x-csrf-token': csrf ?? '' },
    });
    expect(out.status).toBe(204);
    await drainBackground(h.app);
    const step = await openAuthorization(config, browser);
    expect(step.stopped).toBe(false);
    expect(await step.res.text()).toContain('<label for="username">Tên đăng nhập</label>');
  });
});
