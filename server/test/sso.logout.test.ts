/**
 * The platform session is the province's single sign-on session, on the injected clock: when it
 * idles out, the sweep records it and the provider session it opened ends, so the relying party
 * receives a back-channel logout token and its refresh token stops working; a relying party that
 * keeps refreshing its tokens keeps the platform session from idling out, as requests would.
 */
import http from 'node:http';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/platform/clock/index.ts';
import { createOfficial, loadTestAgencies, PASSWORD, TREE } from './fixtures/identity.ts';
import { Browser, drainBackground, freePort, type SsoTestApp, startSsoApp } from './sso.harness.ts';
import { adminHeaders } from './support.ts';

const REDIRECT = 'http://127.0.0.1:9/cb';
const MIN = 60_000;
const clock = new ManualClock(new Date());
let h: SsoTestApp;
let rp: http.Server;
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
  h = await startSsoApp({ clock });
  await loadTestAgencies(h.app);
  officialId = await createOfficial(h.app, {
    username: 'chuyenvien.hc',
    agencyCode: TREE.justice,
    roles: [{ role: 'specialist', agencyCode: TREE.justice }],
  });
  const res = await fetch(`${h.base}/api/v1/identity/clients`, {
    method: 'POST',
    headers: { ...adminHeaders, 'content-type': 'application/json' },
    body: JSON.stringify({
      clientId: 'ho-so-noi-bo',
      name: 'Hồ sơ nội bộ',
      redirectUris: [REDIRECT],
      backchannelLogoutUri: `http://127.0.0.1:${rpPort}/bcl`,
    }),
  });
  const { clientSecret } = (await res.json()) as { clientSecret: string };
  config = await client.discovery(
    new URL(h.base),
    'ho-so-noi-bo',
    clientSecret,
    client.ClientSecretBasic(clientSecret),
    { execute: [client.allowInsecureRequests] },
  );
}, 60_000);

afterAll(async () => {
  await h?.close();
  await new Promise((r) => rp?.close(r));
});

async function signIn(browser: Browser) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT,
    scope: 'openid profile',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
  });
  let step = await browser.follow(url.href, [REDIRECT]);
  step = await browser.submit(
    step.url,
    await step.res.text(),
    '/login',
    { username: 'chuyenvien.hc', password: PASSWORD },
    [REDIRECT],
  );
  if (!step.stopped) throw new Error(`không quay về ứng dụng: ${step.res.status}`);
  return client.authorizationCodeGrant(config, new URL(step.url), { pkceCodeVerifier: verifier, expectedState: state });
}

describe('idle timeout of the single sign-on', () => {
  it('a relying party refreshing its tokens keeps the platform session alive; when all go quiet, it ends everywhere', async () => {
    const browser = new Browser();
    const first = await signIn(browser);
    const sid = first.claims()!.sid;

    // 20 minutes later the application refreshes its tokens; the portal itself was not used.
    clock.advance(20 * MIN);
    const refreshed = await client.refreshTokenGrant(config, first.refresh_token!);
    clock.advance(20 * MIN);
    await drainBackground(h.app);
    // 40 minutes since the last request to the platform, 20 since the refresh: still signed in.
    expect((await browser.request(`${h.base}/api/v1/auth/me`)).status).toBe(200);
    expect(logoutTokens).toHaveLength(0);

    // Nobody uses anything for longer than the idle timeout: the sweep ends it, on the record,
    // and the relying party is told.
    clock.advance(31 * MIN);
    await drainBackground(h.app);
    expect(logoutTokens.length).toBeGreaterThanOrEqual(1);
    const jwks = createRemoteJWKSet(new URL(`${h.base}/oidc/jwks`));
    const { payload } = await jwtVerify(logoutTokens[0]!, jwks, {
      issuer: h.base,
      audience: 'ho-so-noi-bo',
      typ: 'logout+jwt',
    });
    expect(payload).toMatchObject({ sub: officialId, sid });
    await expect(client.refreshTokenGrant(config, refreshed.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    expect((await browser.request(`${h.base}/api/v1/auth/me`)).status).toBe(401);
  });
});
