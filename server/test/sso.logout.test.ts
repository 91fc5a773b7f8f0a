/**
 * The platform session is the province's single sign-on session, on the injected clock: when it
 * idles out, the sweep records it and the provider session it opened ends, so the relying party
 * receives a back-channel logout token and its refresh token stops working; a relying party that
 * keeps refreshing its tokens keeps the platform session from idling out, as requests would.
 */
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/platform/clock/index.ts';
import { PASSWORD } from './fixtures/identity.ts';
import {
  authorize,
  Browser,
  drainBackground,
  type IdentitySso,
  type SsoTestApp,
  startIdentitySso,
} from './sso.harness.ts';

const MIN = 60_000;
const clock = new ManualClock(new Date());
let sso: IdentitySso;
let h: SsoTestApp;
let officialId: string;
let config: client.Configuration;
let logoutTokens: string[];

beforeAll(async () => {
  sso = await startIdentitySso({
    clock,
    official: { username: 'chuyenvien.hc' },
    client: { id: 'ho-so-noi-bo', name: 'Hồ sơ nội bộ' },
  });
  ({ h, officialId, config, logoutTokens } = sso);
}, 60_000);

afterAll(async () => {
  await sso?.close();
});

const signIn = (browser: Browser) =>
  authorize(config, browser, { username: 'chuyenvien.hc', password: PASSWORD }, { scope: 'openid profile' });

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
