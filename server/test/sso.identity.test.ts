/**
 * The SSO on the real identity module: signing in through the provider's form opens an identity
 * session; an identity session signs a relying party in without a form; "log out everywhere"
 * (identity) reaches the relying party as a back-channel logout token; RP-initiated logout ends the
 * provider session and the platform session, and a portal logout ends the provider session.
 */
import http from 'node:http';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { sql } from 'kysely';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAIM_AGENCY, CLAIM_ROLES } from '../src/modules/sso/index.ts';
import { createOfficial, loadTestAgencies, PASSWORD, TREE } from './fixtures/identity.ts';
import { Browser, drainBackground, freePort, type SsoTestApp, startSsoApp } from './sso.harness.ts';
import { adminHeaders } from './support.ts';

const REDIRECT = 'http://127.0.0.1:9/cb';
let h: SsoTestApp;
let rp: http.Server;
let rpUrl: string;
let officialId: string;
let config: client.Configuration;
const logoutTokens: string[] = [];

beforeAll(async () => {
  const rpPort = await freePort();
  rp = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      logoutTokens.push(new URLSearchParams(body).get('logout_token') ?? '');
      res.end();
    });
  });
  await new Promise<void>((r) => rp.listen(rpPort, '127.0.0.1', r));
  rpUrl = `http://127.0.0.1:${rpPort}/bcl`;
  h = await startSsoApp();
  await loadTestAgencies(h.app);
  officialId = await createOfficial(h.app, {
    username: 'chuyenvien.tp',
    agencyCode: TREE.justice,
    email: 'cv.tp@tinhso.vn',
    roles: [{ role: 'specialist', agencyCode: TREE.justice }],
  });
  const res = await fetch(`${h.base}/api/v1/identity/clients`, {
    method: 'POST',
    headers: { ...adminHeaders, 'content-type': 'application/json' },
    body: JSON.stringify({
      clientId: 'van-ban',
      name: 'Quản lý văn bản',
      redirectUris: [REDIRECT],
      postLogoutRedirectUris: ['http://127.0.0.1:9/bye'],
      backchannelLogoutUri: rpUrl,
    }),
  });
  const { clientSecret } = (await res.json()) as { clientSecret: string };
  config = await client.discovery(new URL(h.base), 'van-ban', clientSecret, client.ClientSecretBasic(clientSecret), {
    execute: [client.allowInsecureRequests],
  });
}, 60_000);

afterAll(async () => {
  await h?.close();
  await new Promise((r) => rp?.close(r));
});

async function authorize(browser: Browser, login: boolean, extra: Record<string, string> = {}) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT,
    scope: 'openid profile email tinhso',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    ...extra,
  });
  let step = await browser.follow(url.href, [REDIRECT]);
  if (login) {
    expect(step.res.status).toBe(200);
    const page = await step.res.text();
    step = await browser.submit(step.url, page, '/login', { username: 'chuyenvien.tp', password: PASSWORD }, [
      REDIRECT,
    ]);
  }
  if (!step.stopped) throw new Error(`không quay về ứng dụng: ${step.res.status} ${await step.res.text()}`);
  return client.authorizationCodeGrant(config, new URL(step.url), { pkceCodeVerifier: verifier, expectedState: state });
}

describe('SSO with the identity module', () => {
  it('signs in through the form with identity credentials and returns identity claims', async () => {
    const browser = new Browser();
    const tokens = await authorize(browser, true);
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
    const tokens = await authorize(browser, false);
    expect(tokens.claims()!.sub).toBe(officialId);
  });

  it('a signed-in browser can be asked to sign in again (prompt=login)', async () => {
    const browser = new Browser();
    await authorize(browser, true);
    const tokens = await authorize(browser, true, { prompt: 'login' });
    expect(tokens.claims()!.sub).toBe(officialId);
  });

  it('"log out everywhere" in identity sends a back-channel logout token to the relying party', async () => {
    logoutTokens.length = 0;
    const browser = new Browser();
    const tokens = await authorize(browser, true);
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
    const tokens = await authorize(browser, true);
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
    const again = await browser.follow(
      client.buildAuthorizationUrl(config, {
        redirect_uri: REDIRECT,
        scope: 'openid',
        code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
        code_challenge_method: 'S256',
      }).href,
      [REDIRECT],
    );
    expect(again.stopped).toBe(false);
    expect(await again.res.text()).toContain('<label for="username">Tên đăng nhập</label>');
  });

  it('"Không, giữ đăng nhập" leaves only that application: the platform session stays', async () => {
    const browser = new Browser();
    const tokens = await authorize(browser, true);
    const done = await rpLogout(browser, tokens.id_token!, 'keep');
    expect(done.stopped).toBe(true);
    expect((await browser.request(`${h.base}/api/v1/auth/me`)).status).toBe(200);
  });

  it('logging out of the portal ends the OP session: the next application sign-in asks again', async () => {
    const browser = new Browser();
    await authorize(browser, true);
    const csrf = /tinhso_csrf=([^;]+)/.exec(browser.cookieHeader(new URL(`${h.base}/api/v1/auth/logout`)))?.[1];
    const out = await browser.request(`${h.base}/api/v1/auth/logout`, {
      method: 'POST',
      headers: { 'x-csrf-token': csrf ?? '' },
    });
    expect(out.status).toBe(204);
    await drainBackground(h.app);
    const step = await browser.follow(
      client.buildAuthorizationUrl(config, {
        redirect_uri: REDIRECT,
        scope: 'openid',
        code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
        code_challenge_method: 'S256',
      }).href,
      [REDIRECT],
    );
    expect(step.stopped).toBe(false);
    expect(await step.res.text()).toContain('<label for="username">Tên đăng nhập</label>');
  });
});
