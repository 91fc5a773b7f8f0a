/**
 * Test harness of the sso tests: a fake identity API (accounts, sessions on a cookie), a small
 * cookie jar with a manual-redirect "browser", and the app on a real port with the sso module
 * wired to the fake. The fake stands in for the identity module so that the SSO's own
 * behaviour is tested on its own; the identity module has its own tests.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { createServer } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as client from 'openid-client';
import { expect } from 'vitest';
import { buildApp, MODULES } from '../src/app.ts';
import { createSsoModule } from '../src/modules/sso/index.ts';
import type { AccountClaims, IdentityApi, Principal, Role } from '../src/modules/sso/sso.identity-port.ts';
import type { Clock } from '../src/platform/clock/index.ts';
import type { Database } from '../src/platform/db/index.ts';
import { AppError } from '../src/platform/errors/index.ts';
import { insertEvent } from '../src/platform/events/index.ts';
import { createOfficial, loadTestAgencies, TREE } from './fixtures/identity.ts';
import { adminHeaders, createTestDatabase, quietLogger, type TestDatabase, testConfig } from './support.ts';

export const TEST_SECRET = 'sso-test-secret-0123456789abcdefghijklmnop';

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

// ── fake identity ──────────────────────────────────────────────────────────
interface FakeAccount extends AccountClaims {
  password: string;
  otp?: string;
  links: { providerId: string; subject: string }[];
}

export const FAKE_COOKIE = 'fake_sid';

export class FakeIdentity implements IdentityApi {
  accounts = new Map<string, FakeAccount>();
  sessions = new Map<string, { accountId: string; acr: string | null; amr: string[] }>();
  db: Database['db'] | undefined;

  addOfficial(username: string, password: string, extra: Partial<FakeAccount> = {}): FakeAccount {
    const a: FakeAccount = {
      id: randomUUID(),
      kind: 'official',
      username,
      name: `Cán bộ ${username}`,
      email: `${username}@tinhso.vn`,
      emailVerified: true,
      phone: '0912345678',
      citizenId: null,
      agencyCode: '000.00.01.H53',
      roles: [{ role: 'specialist', agencyCode: '000.00.01.H53' }],
      disabled: false,
      password,
      links: [],
      ...extra,
    };
    this.accounts.set(a.id, a);
    return a;
  }

  async principalOf(request: FastifyRequest): Promise<Principal | null> {
    const m = /(?:^|;\s*)fake_sid=([^;]+)/.exec(String(request.headers.cookie ?? ''));
    const s = m ? this.sessions.get(m[1]!) : undefined;
    if (!m || !s) return null;
    return this.#principal(s.accountId, m[1]!, s.acr);
  }

  #principal(accountId: string, sessionId: string, acr: string | null): Principal {
    const a = this.accounts.get(accountId)!;
    return { accountId, kind: a.kind, name: a.name, agencyCode: a.agencyCode, roles: a.roles, acr, sessionId };
  }

  async getAccountClaims(accountId: string): Promise<AccountClaims | null> {
    const a = this.accounts.get(accountId);
    if (!a) return null;
    const { password: _p, otp: _o, links: _l, ...claims } = a;
    return claims;
  }

  async verifyCredentials(input: { username: string; password: string; otp?: string }) {
    const a = [...this.accounts.values()].find((x) => x.username === input.username);
    if (!a || a.password !== input.password) {
      throw new AppError({
        code: 'INVALID_CREDENTIALS',
        status: 401,
        title: 'Sai thông tin',
        detail: 'Tên đăng nhập hoặc mật khẩu không đúng.',
      });
    }
    if (a.otp && input.otp !== a.otp) {
      throw new AppError({
        code: 'MFA_REQUIRED',
        status: 401,
        title: 'Cần mã xác thực',
        detail: 'Vui lòng nhập mã xác thực (OTP).',
      });
    }
    return { accountId: a.id };
  }

  async startSession(reply: FastifyReply, accountId: string, opts: { acr: string | null; amr: string[] }) {
    const sid = randomUUID();
    this.sessions.set(sid, { accountId, acr: opts.acr, amr: opts.amr });
    reply.header('set-cookie', `${FAKE_COOKIE}=${sid}; Path=/; HttpOnly; SameSite=Lax`);
    return this.#principal(accountId, sid, opts.acr);
  }

  async linkExternalCitizen(input: { providerId: string; subject: string; citizenId: string; name: string }) {
    let a = [...this.accounts.values()].find((x) => x.citizenId === input.citizenId);
    if (!a) {
      a = this.addOfficial(`cd-${input.citizenId}`, randomUUID(), {
        kind: 'citizen',
        name: input.name,
        email: null,
        citizenId: input.citizenId,
        agencyCode: null,
        roles: [{ role: 'citizen', agencyCode: null }],
      });
    }
    if (!a.links.some((l) => l.providerId === input.providerId && l.subject === input.subject)) {
      a.links.push({ providerId: input.providerId, subject: input.subject });
    }
    return { accountId: a.id };
  }

  async hasRole(principal: Principal, role: Role): Promise<boolean> {
    return principal.roles.some((r) => r.role === role);
  }

  actorOf(principal: Principal) {
    return { kind: principal.kind, id: principal.accountId, name: principal.name };
  }

  async recordPersonalDataAccess(): Promise<void> {}

  /** Ends these sessions of the account and publishes identity.sessions_ended as identity does. */
  async endSessions(accountId: string, sessionIds: string[], reason: string): Promise<string[]> {
    const ids = sessionIds.filter((id) => this.sessions.get(id)?.accountId === accountId);
    for (const id of ids) this.sessions.delete(id);
    if (ids.length > 0) {
      await this.db!.transaction().execute((tx) =>
        insertEvent(
          tx,
          { now: () => new Date() },
          { module: 'identity', type: 'sessions_ended', payload: { accountId, sessionIds: ids, reason } },
        ),
      );
    }
    return ids;
  }

  async touchSession(sessionId: string): Promise<boolean> {
    return this.sessions.has(sessionId);
  }

  /** "Log out everywhere": ends the sessions and publishes identity.sessions_ended as identity does. */
  async endAllSessions(accountId: string): Promise<string[]> {
    const ids = [...this.sessions.entries()].filter(([, s]) => s.accountId === accountId).map(([id]) => id);
    for (const id of ids) this.sessions.delete(id);
    await this.db!.transaction().execute((tx) =>
      insertEvent(
        tx,
        { now: () => new Date() },
        {
          module: 'identity',
          type: 'sessions_ended',
          payload: { accountId, sessionIds: ids, reason: 'logout_all' },
        },
      ),
    );
    return ids;
  }
}

// ── browser ────────────────────────────────────────────────────────────────
interface StoredCookie {
  value: string;
  path: string;
  host: string;
}

export class Browser {
  #cookies = new Map<string, StoredCookie>();

  cookieHeader(url: URL): string {
    return [...this.#cookies.entries()]
      .filter(
        ([, c]) =>
          c.host === url.host &&
          (url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`)),
      )
      .map(([k, c]) => `${k.split('|')[0]}=${c.value}`)
      .join('; ');
  }

  has(name: string): boolean {
    return [...this.#cookies.keys()].some((k) => k.startsWith(`${name}|`));
  }

  #store(url: URL, header: string): void {
    const [pair, ...attrs] = header.split(';').map((s) => s.trim());
    const i = pair!.indexOf('=');
    const name = pair!.slice(0, i);
    const value = pair!.slice(i + 1);
    let path = '/';
    let expired = false;
    for (const a of attrs) {
      const [k, v] = a.split('=');
      if (k!.toLowerCase() === 'path') path = v ?? '/';
      if (k!.toLowerCase() === 'max-age' && Number(v) <= 0) expired = true;
      if (k!.toLowerCase() === 'expires' && Date.parse(v ?? '') < Date.now()) expired = true;
    }
    const key = `${name}|${url.host}|${path}`;
    if (expired || value === '') this.#cookies.delete(key);
    else this.#cookies.set(key, { value, path, host: url.host });
  }

  /** One request, no redirect following; stores cookies. */
  async request(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const u = new URL(url);
    const headers = new Headers(init.headers);
    const cookie = this.cookieHeader(u);
    if (cookie) headers.set('cookie', cookie);
    const res = await fetch(u, { ...init, headers, redirect: 'manual' });
    for (const sc of res.headers.getSetCookie()) this.#store(u, sc);
    return res;
  }

  /**
   * Follows redirects until a page answers or a redirect leaves for `stopAt` (an origin or URL
   * prefix not to be fetched, e.g. the relying party's callback). Returns the last response and
   * the URL it came from (or the redirect target when stopped).
   */
  async follow(url: string, stopAt: string[] = [], init: RequestInit = {}) {
    let current = new URL(url);
    let res = await this.request(current, init);
    for (let hops = 0; hops < 20 && res.status >= 300 && res.status < 400; hops++) {
      const next = new URL(res.headers.get('location')!, current);
      if (stopAt.some((s) => next.href.startsWith(s))) return { res, url: next.href, stopped: true };
      current = next;
      res = await this.request(current);
    }
    return { res, url: current.href, stopped: false };
  }

  /** Submits the first form whose action contains `actionPart`, with the given fields. */
  async submit(
    pageUrl: string,
    html: string,
    actionPart: string,
    fields: Record<string, string>,
    stopAt: string[] = [],
  ) {
    const forms = [...html.matchAll(/<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/g)];
    const form = forms.find((f) => f[1]!.includes(actionPart));
    if (!form) throw new Error(`không thấy biểu mẫu ${actionPart}`);
    const body = new URLSearchParams();
    for (const m of form[2]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) body.set(m[1]!, m[2]!);
    for (const [k, v] of Object.entries(fields)) body.set(k, v);
    const action = new URL(form[1]!.replaceAll('&amp;', '&'), pageUrl).href;
    return this.follow(action, stopAt, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(pageUrl).origin },
      body: body.toString(),
    });
  }
}

// ── the app ────────────────────────────────────────────────────────────────
export interface SsoTestApp {
  app: FastifyInstance;
  base: string;
  port: number;
  fake: FakeIdentity;
  testDb: TestDatabase;
  database: Database;
  /** Closes the app only (the database stays, for a restart on it). */
  stop(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The full app with the sso module wired to `fake`, listening on a real port (the issuer must be
 * the address clients reach). `reuse` restarts on an existing database and port.
 */
export async function startSsoApp(
  options: {
    /** Wire sso to this fake instead of the identity module (the identity module still runs). */
    fake?: FakeIdentity;
    env?: Record<string, string>;
    /** The app's clock (identity sessions, jobs); the provider's own token times stay on Date.now(). */
    clock?: Clock;
    reuse?: { testDb: TestDatabase; database: Database; port: number };
  } = {},
): Promise<SsoTestApp> {
  const fake = options.fake ?? new FakeIdentity();
  const testDb = options.reuse?.testDb ?? (await createTestDatabase());
  const database = options.reuse?.database ?? (await testDb.open());
  const port = options.reuse?.port ?? (await freePort());
  const base = `http://127.0.0.1:${port}`;
  const saved = [...MODULES];
  if (options.fake) MODULES.splice(0, MODULES.length, ...saved.filter((m) => m.name !== 'sso'));
  let app: FastifyInstance;
  try {
    const env = { PUBLIC_URL: base, TINHSO_SECRET: TEST_SECRET, MFA_REQUIRED_ROLES: 'none', ...options.env };
    app = await buildApp(testConfig(env), {
      logger: quietLogger,
      database,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.fake ? { extraModules: [createSsoModule({ identity: options.fake }) as any] } : {}),
    });
  } finally {
    MODULES.splice(0, MODULES.length, ...saved);
  }
  fake.db = database.db;
  await app.listen({ port, host: '127.0.0.1' });
  const stop = () => app.close();
  return {
    app,
    base,
    port,
    fake,
    testDb,
    database,
    stop,
    close: async () => {
      await app.close();
      await database.close();
      await testDb.drop();
    },
  };
}

/** Runs the outbox and the jobs until both are idle. */
export async function drainBackground(app: FastifyInstance): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const a = await app.tinhso.dispatcher.runOnce();
    const b = await app.tinhso.jobs.runOnce();
    if (!a && !b) return;
  }
}

// ── relying parties ────────────────────────────────────────────────────────
/** Where the test relying parties say they receive the code; never fetched (the browser stops there). */
export const REDIRECT = 'http://127.0.0.1:9/cb';

/**
 * A relying party's back-channel logout endpoint on a free port: pushes each logout token it
 * receives onto `tokens`. Returns its URL and how to close it.
 */
export async function startLogoutReceiver(
  tokens: string[],
  path = '/bcl',
): Promise<{ url: string; close(): Promise<void> }> {
  const port = await freePort();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      tokens.push(new URLSearchParams(body).get('logout_token') ?? '');
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${port}${path}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Registers a confidential client through the administration API (redirect URI: REDIRECT). */
export async function registerClient(h: SsoTestApp, clientId: string, extra: Record<string, unknown> = {}) {
  const res = await fetch(`${h.base}/api/v1/identity/clients`, {
    method: 'POST',
    headers: { ...adminHeaders, 'content-type': 'application/json' },
    body: JSON.stringify({ clientId, name: `Ứng dụng ${clientId}`, redirectUris: [REDIRECT], ...extra }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { clientId: string; clientSecret: string };
}

/** The relying party's view of the provider (openid-client discovery over plain http). */
export function rpConfig(h: SsoTestApp, clientId: string, secret: string): Promise<client.Configuration> {
  return client.discovery(new URL(h.base), clientId, secret, client.ClientSecretBasic(secret), {
    execute: [client.allowInsecureRequests],
  });
}

/** Follows a fresh authorization request (no PKCE verifier kept): the sign-in page, or a redirect when signed in. */
export async function openAuthorization(config: client.Configuration, browser: Browser) {
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT,
    scope: 'openid',
    code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
    code_challenge_method: 'S256',
  });
  return browser.follow(url.href, [REDIRECT]);
}

/**
 * One authorization code flow with PKCE and nonce: the browser signs in through the provider's
 * form (with a second step for the OTP when given), or rides its existing session when `login`
 * is null; returns the tokens.
 */
export async function authorize(
  config: client.Configuration,
  browser: Browser,
  login: { username: string; password: string; otp?: string } | null,
  options: { scope?: string; params?: Record<string, string> } = {},
) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT,
    scope: options.scope ?? 'openid profile email phone tinhso',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...options.params,
  });
  let step = await browser.follow(url.href, [REDIRECT]);
  if (login) {
    expect(step.stopped).toBe(false);
    expect(step.res.status).toBe(200);
    const page = await step.res.text();
    expect(page).toContain('<label for="username">Tên đăng nhập</label>');
    step = await browser.submit(step.url, page, '/login', { username: login.username, password: login.password }, [
      REDIRECT,
    ]);
    if (login.otp) {
      expect(step.stopped).toBe(false);
      const again = await step.res.text();
      expect(again).toContain('<label for="otp">');
      step = await browser.submit(step.url, again, '/login', login as Record<string, string>, [REDIRECT]);
    }
  }
  if (!step.stopped) throw new Error(`không quay về ứng dụng: ${step.res.status} ${step.url}`);
  return client.authorizationCodeGrant(config, new URL(step.url), {
    pkceCodeVerifier: verifier,
    expectedState: state,
    expectedNonce: nonce,
    idTokenExpected: true,
  });
}

export interface IdentitySso {
  h: SsoTestApp;
  /** A specialist of the test Sở Tư pháp (password: fixtures/identity.ts PASSWORD). */
  officialId: string;
  /** The relying party's configuration for the client registered. */
  config: client.Configuration;
  /** Logout tokens the client's back-channel logout endpoint received. */
  logoutTokens: string[];
  close(): Promise<void>;
}

/**
 * The SSO on the real identity module: the app, the test agencies, one official, and one
 * confidential client whose back-channel logout endpoint collects the tokens it receives.
 */
export async function startIdentitySso(o: {
  clock?: Clock;
  official: { username: string; email?: string };
  client: { id: string; name: string; postLogoutRedirectUris?: string[] };
}): Promise<IdentitySso> {
  const logoutTokens: string[] = [];
  const bcl = await startLogoutReceiver(logoutTokens);
  const h = await startSsoApp(o.clock ? { clock: o.clock } : {});
  await loadTestAgencies(h.app);
  const officialId = await createOfficial(h.app, {
    ...o.official,
    agencyCode: TREE.justice,
    roles: [{ role: 'specialist', agencyCode: TREE.justice }],
  });
  const { id, ...extra } = o.client;
  const { clientSecret } = await registerClient(h, id, { ...extra, backchannelLogoutUri: bcl.url });
  return {
    h,
    officialId,
    config: await rpConfig(h, id, clientSecret),
    logoutTokens,
    close: async () => {
      await h.close();
      await bcl.close();
    },
  };
}
