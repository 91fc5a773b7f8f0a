/**
 * Citizen sign-in through an external OpenID provider — against the VNeID SIMULATOR
 * (test/fixtures/external-idp.ts), a second OpenID provider started here as its own process.
 * Accounts are linked on the verified citizen ID, never on e-mail; the identity level (acr) is
 * kept on the session; level 2 is obtained by step-up.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACR_VALUES, type SsoApi } from '../src/modules/sso/index.ts';
import { SIM_ACR, SIM_CITIZEN_CLAIM } from './fixtures/external-idp.ts';
import { Browser, FAKE_COOKIE, FakeIdentity, freePort, type SsoTestApp, startSsoApp } from './sso.harness.ts';
import { adminHeaders, countRows } from './support.ts';

const SIMULATOR = fileURLToPath(new URL('./fixtures/external-idp.ts', import.meta.url));
let h: SsoTestApp;
let sim: ChildProcess;
let simIssuer: string;
const fake = new FakeIdentity();

async function startSimulator(port: number, redirectUri: string): Promise<string> {
  sim = spawn(process.execPath, [SIMULATOR], {
    env: {
      ...process.env,
      SIM_CONFIG: JSON.stringify({
        port,
        clients: [
          { client_id: 'tinhso-tinh', client_secret: 'bi-mat-cua-tinh-0123456789', redirect_uris: [redirectUri] },
        ],
      }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`bộ mô phỏng không khởi động: ${out}`)), 20_000);
    sim.stdout!.on('data', (b) => {
      out += b;
      const m = /READY (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    sim.stderr!.on('data', (b) => (out += b));
    sim.on('exit', (code) => reject(new Error(`bộ mô phỏng dừng (${code}): ${out}`)));
  });
}

beforeAll(async () => {
  h = await startSsoApp({ fake });
  simIssuer = await startSimulator(await freePort(), `${h.base}/api/v1/auth/external/vneid/callback`);
  const res = await fetch(`${h.base}/api/v1/identity/external-providers`, {
    method: 'POST',
    headers: { ...adminHeaders, 'content-type': 'application/json' },
    body: JSON.stringify({
      id: 'vneid',
      name: 'VNeID (mô phỏng)',
      issuer: simIssuer,
      clientId: 'tinhso-tinh',
      clientSecret: 'bi-mat-cua-tinh-0123456789',
      scopes: ['openid', 'profile', 'email', 'vneid'],
      citizenIdClaim: SIM_CITIZEN_CLAIM,
      acrLevel1: [SIM_ACR[1]],
      acrLevel2: [SIM_ACR[2]],
    }),
  });
  expect(res.status).toBe(201);
}, 60_000);

afterAll(async () => {
  if (sim && sim.exitCode === null) sim.kill('SIGTERM');
  await h?.close();
});

/** Runs one external sign-in in `browser`; returns the final answer of our callback. */
async function externalLogin(browser: Browser, login: string, query = 'returnTo=/ho-so/cua-toi') {
  const start = await browser.follow(`${h.base}/api/v1/auth/external/vneid/start?${query}`, [`${h.base}/`]);
  // Our start redirects to the simulator, which shows its sign-in form.
  expect(start.url.startsWith(simIssuer)).toBe(true);
  expect(start.res.status).toBe(200);
  const page = await start.res.text();
  expect(page).toContain('VNeID — bản mô phỏng');
  const back = await browser.follow(start.url, [`${h.base}/ho-so`], {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ login }).toString(),
  });
  return back;
}

function sessionOf(browser: Browser) {
  const header = browser.cookieHeader(new URL(`${h.base}/`));
  const sid = new RegExp(`${FAKE_COOKIE}=([^;]+)`).exec(header)?.[1];
  return sid ? fake.sessions.get(sid) : undefined;
}

describe('external identity provider (VNeID simulator)', () => {
  it('signs a level-2 citizen in, creates and links the account on the citizen ID, returns to the path', async () => {
    const browser = new Browser();
    const done = await externalLogin(browser, 'an');
    expect(done.stopped).toBe(true);
    expect(done.url).toBe(`${h.base}/ho-so/cua-toi`);
    const session = sessionOf(browser)!;
    expect(session).toBeDefined();
    expect(session.amr).toEqual(['ext']);
    // No acr_values asked: the provider answered level 1, and the session says so.
    expect(session.acr).toBe(ACR_VALUES[1]);
    const account = fake.accounts.get(session.accountId)!;
    expect(account.kind).toBe('citizen');
    expect(account.citizenId).toBe('001090000001');
    expect(account.links).toEqual([{ providerId: 'vneid', subject: 'vneid-0001' }]);
  });

  it('links the same citizen ID seen with another subject and e-mail to the same account', async () => {
    const b1 = new Browser();
    await externalLogin(b1, 'an');
    const b2 = new Browser();
    const done = await externalLogin(b2, 'an-khac');
    expect(done.stopped).toBe(true);
    const a1 = sessionOf(b1)!.accountId;
    const a2 = sessionOf(b2)!.accountId;
    expect(a2).toBe(a1);
    expect(
      fake.accounts
        .get(a1)!
        .links.map((l) => l.subject)
        .sort(),
    ).toEqual(['vneid-0001', 'vneid-0002']);
    expect([...fake.accounts.values()].filter((a) => a.citizenId === '001090000001')).toHaveLength(1);
  });

  it('refuses a sign-in without a citizen ID claim, in Vietnamese, and creates no account', async () => {
    const before = fake.accounts.size;
    const browser = new Browser();
    const done = await externalLogin(browser, 'khong-so');
    expect(done.stopped).toBe(false);
    expect(done.res.status).toBe(422);
    expect(done.res.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await done.res.json()) as { code: string; title: string; detail: string };
    expect(problem.code).toBe('EXTERNAL_CITIZEN_ID_MISSING');
    expect(problem.title).toBe('Thiếu số định danh cá nhân');
    expect(problem.detail).toContain('không theo thư điện tử');
    expect(fake.accounts.size).toBe(before);
    expect(sessionOf(browser)).toBeUndefined();
  });

  it('step-up: a level-1 session is refused for a level-2 action, acr=2 yields a level-2 session that passes', async () => {
    const sso = h.app.tinhso.apis.sso as SsoApi;
    const browser = new Browser();
    await externalLogin(browser, 'an');
    const level1 = sessionOf(browser)!;
    const p1 = {
      ...(await fake.getAccountClaims(level1.accountId))!,
      accountId: level1.accountId,
      sessionId: 'x',
      acr: level1.acr,
    };
    expect(() => sso.requireAcr(p1 as any, 2)).toThrowError(
      expect.objectContaining({ code: 'ACR_TOO_LOW', status: 403 }),
    );

    const done = await externalLogin(browser, 'an', 'acr=2&returnTo=/ho-so/nop');
    expect(done.stopped).toBe(true);
    expect(done.url).toBe(`${h.base}/ho-so/nop`);
    const level2 = sessionOf(browser)!;
    expect(level2.acr).toBe(ACR_VALUES[2]);
    expect(level2.accountId).toBe(level1.accountId);
    expect(() => sso.requireAcr({ ...p1, acr: level2.acr } as any, 2)).not.toThrow();
  });

  it('refuses step-up to level 2 for a citizen whose account is only level 1', async () => {
    const browser = new Browser();
    const done = await externalLogin(browser, 'binh', 'acr=2&returnTo=/ho-so/nop');
    expect(done.res.status).toBe(403);
    const problem = (await done.res.json()) as { code: string; detail: string };
    expect(problem.code).toBe('ACR_TOO_LOW');
    expect(problem.detail).toContain('mức độ 2');
    expect(sessionOf(browser)).toBeUndefined();
  });

  it('refuses a returnTo that leaves the portal, and a callback without the browser’s state', async () => {
    for (const bad of ['https://evil.example/x', '//evil.example/x', '/\\evil.example', 'ho-so']) {
      const res = await fetch(`${h.base}/api/v1/auth/external/vneid/start?returnTo=${encodeURIComponent(bad)}`, {
        redirect: 'manual',
      });
      expect(res.status, bad).toBe(400);
      expect(((await res.json()) as { code: string }).code).toBe('INVALID_RETURN_TO');
    }
    const before = await countRows(h.database, 'sso.external_login');
    const start = await fetch(`${h.base}/api/v1/auth/external/vneid/start`, { redirect: 'manual' });
    expect(start.status).toBe(303);
    const state = new URL(start.headers.get('location')!).searchParams.get('state');
    expect(await countRows(h.database, 'sso.external_login')).toBe(before + 1);
    // Another browser (no state cookie) brings the state back: login CSRF, refused.
    const cb = await fetch(`${h.base}/api/v1/auth/external/vneid/callback?code=abc&state=${state}`, {
      redirect: 'manual',
    });
    expect(cb.status).toBe(400);
    expect(((await cb.json()) as { code: string }).code).toBe('EXTERNAL_LOGIN_STATE_INVALID');
    const unknown = await fetch(`${h.base}/api/v1/auth/external/khong-co/start`, { redirect: 'manual' });
    expect(unknown.status).toBe(404);
  });

  it('offers the provider on the OIDC sign-in page and in the public list', async () => {
    const res = await fetch(`${h.base}/api/v1/auth/external/providers`);
    expect(await res.json()).toEqual({
      items: [{ id: 'vneid', name: 'VNeID (mô phỏng)', startUrl: '/api/v1/auth/external/vneid/start' }],
    });
  });
});
