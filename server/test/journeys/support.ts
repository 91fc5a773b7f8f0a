/**
 * Browser journeys: the real server (buildApp + the web app) on a fresh database of the kind
 * under test (PGlite or PostgreSQL, test/support.ts) with the demo province, listening on a free
 * port, driven by Debian's Chromium through playwright-core.
 *
 * Every checked step runs axe-core and fails on any serious or critical violation, and saves a
 * screenshot at phone (360×740) and desktop (1280×800) width to
 * server/test-results/screenshots/<journey>/<step>-<width>.png (gitignored).
 *
 * The web app is built once (web/scripts/build-if-stale.ts; `npm test` builds it before the
 * workers start) when web/dist is missing or older than a source.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { ensureWebBuilt, webDist } from '../../../web/scripts/build-if-stale.ts';
import { buildApp } from '../../src/app.ts';
import type { Clock } from '../../src/platform/clock/index.ts';
import type { Database } from '../../src/platform/db/index.ts';
import { installWebApps } from '../../src/platform/http/index.ts';
import { Client, createOfficial, PASSWORD } from '../fixtures/identity.ts';
import { createTestDatabase, quietLogger, testConfig } from '../support.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../../..');
const serverDir = path.join(repoRoot, 'server');
export const screenshotRoot = path.join(serverDir, 'test-results', 'screenshots');
const axePath = path.join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js');
export const CHROMIUM = process.env.TINHSO_CHROMIUM ?? '/usr/bin/chromium';

let axeCode: string | undefined;
function axeSource(): string {
  axeCode ??= readFileSync(axePath, 'utf8');
  return axeCode;
}

export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 800 };

// ------------------------------------------------------------------------------------------
// The server

export interface Portal {
  app: FastifyInstance;
  baseUrl: string;
  browser: Browser;
  journey(name: string): Promise<Journey>;
  close(): Promise<void>;
}

export interface PortalOptions {
  /**
   * The server's clock (default: the system clock). A journey that prepares its data in the past
   * passes a ManualClock and sets it to the present before a browser signs in: sessions and cookies
   * then live in the browser's own time.
   */
  clock?: Clock;
}

/**
 * Builds the web app if needed, starts the server with the demo province and Chromium.
 * `env`: configuration overrides (environment variable names, as in testConfig).
 */
export async function startPortal(env: Record<string, string> = {}, options: PortalOptions = {}): Promise<Portal> {
  await ensureWebBuilt();
  const testDb = await createTestDatabase();
  const database: Database = await testDb.open();
  let app: FastifyInstance | undefined;
  let browser: Browser | undefined;
  try {
    app = await buildApp(testConfig(env), {
      logger: quietLogger,
      database,
      ...(options.clock ? { clock: options.clock } : {}),
    });
    // Until app.ts wires the web app itself (then GET /* exists already).
    if (!app.hasRoute({ method: 'GET', url: '/*' })) {
      if (!installWebApps(app, { distDir: webDist })) throw new Error(`no web build in ${webDist}`);
      if (!app.hasRoute({ method: 'GET', url: '/assets/*' })) throw new Error('installWebApps registered nothing');
      // app.ts still registers its landing page at `/`: the portal takes `/` here.
      app.addHook('onRequest', async (request, reply) => {
        if (request.method === 'GET' && request.url.split('?')[0] === '/') {
          reply.header('cache-control', 'no-cache');
          return reply.sendFile('index.html');
        }
      });
    }
    await app.ready();
    await app.tinhso.seedDemo();
    await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    });
  } catch (err) {
    await browser?.close();
    await app?.close();
    await database.close();
    await testDb.drop();
    throw err;
  }
  const started = { app, browser };
  const port = (started.app.server.address() as { port: number }).port;
  const url = `http://127.0.0.1:${port}`;
  const journeys: Journey[] = [];
  return {
    app: started.app,
    baseUrl: url,
    browser: started.browser,
    async journey(name: string) {
      const j = await Journey.open(started.browser, url, name);
      journeys.push(j);
      return j;
    },
    async close() {
      for (const j of journeys) await j.close();
      await started.browser.close();
      await started.app.close();
      await database.close();
      await testDb.drop();
    },
  };
}

// ------------------------------------------------------------------------------------------
// What every journey's step does (the citizen journeys here, the office journeys in office.support.ts)

/** Collects the console errors that reveal a broken page (CSP refusals, uncaught exceptions) into `sink`. */
export function watchPageErrors(page: Page, sink: string[]): void {
  page.on('pageerror', (err) => sink.push(`uncaught: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) sink.push(msg.text());
  });
}

/** Waits for the network to go quiet and the first loading indicator to leave. */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page
    .locator('.loading')
    .first()
    .waitFor({ state: 'detached', timeout: 10_000 })
    .catch(() => {});
}

/** Runs axe-core (WCAG 2.1 A/AA and best practices) on the page as it is. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Runs in the page; the server's tsconfig has no DOM types, hence globalThis.
  const loaded = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe !== 'undefined');
  // Evaluated through the DevTools protocol, not a <script> tag: the page keeps its real CSP
  // (script-src 'self'), which would refuse an injected inline script.
  if (!loaded) await page.evaluate(axeSource());
  return page.evaluate(async () => {
    const g = globalThis as unknown as {
      axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> };
      document: unknown;
    };
    const result = await g.axe.run(g.document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
}

/** Throws listing the page errors, or else every serious or critical axe violation, of a step. */
export function assertCleanStep(step: string, page: Page, pageErrors: string[], violations: AxeViolation[]): void {
  if (pageErrors.length > 0) throw new Error(`page errors at step ${step}:\n${pageErrors.join('\n')}`);
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (serious.length > 0) {
    const text = serious
      .map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}`).join('\n')}`)
      .join('\n');
    throw new Error(`axe-core at step ${step} (${page.url()}):\n${text}`);
  }
}

// ------------------------------------------------------------------------------------------
// A journey: one browser context at phone width, checked and photographed step by step

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

export class Journey {
  readonly page: Page;
  readonly visited: string[] = [];
  /** Console errors that reveal a broken page (CSP refusals, uncaught exceptions). */
  readonly pageErrors: string[] = [];
  private readonly context: BrowserContext;
  private readonly dir: string;

  private constructor(context: BrowserContext, page: Page, dir: string) {
    this.context = context;
    this.page = page;
    this.dir = dir;
  }

  static async open(browser: Browser, baseURL: string, name: string): Promise<Journey> {
    const context = await browser.newContext({
      baseURL,
      viewport: PHONE,
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
    });
    const page = await context.newPage();
    const dir = path.join(screenshotRoot, name);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const journey = new Journey(context, page, dir);
    watchPageErrors(page, journey.pageErrors);
    return journey;
  }

  /**
   * Waits for the page to settle, runs axe-core at both widths and saves both screenshots.
   * Throws listing every serious or critical violation.
   */
  async check(step: string): Promise<AxeViolation[]> {
    const page = this.page;
    await settle(page);
    this.visited.push(new URL(page.url()).pathname + new URL(page.url()).search);
    const all: AxeViolation[] = [];
    for (const size of [PHONE, DESKTOP]) {
      await page.setViewportSize(size);
      all.push(...(await axeViolations(page)));
      await page.screenshot({ path: path.join(this.dir, `${step}-${size.width}.png`), fullPage: true });
    }
    await page.setViewportSize(PHONE);
    assertCleanStep(step, page, this.pageErrors, all);
    return all;
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => {});
  }
}

// ------------------------------------------------------------------------------------------
// People of the demo province, for the journeys

/** The demo accounts' password (identity.demo.ts) and the demo citizen. */
export const DEMO_PASSWORD = 'ThuNghiem@2026';
export const DEMO_CITIZEN = { username: '092090001234', name: 'Nguyễn Văn An' } as const;

/** Signs in through the sign-in page and waits to be back on `returnTo` (default: the home page). */
export async function signInWithPage(
  page: Page,
  username: string = DEMO_CITIZEN.username,
  password: string = DEMO_PASSWORD,
): Promise<void> {
  await page.getByLabel('Số định danh cá nhân hoặc tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL((u) => u.pathname !== '/dang-nhap');
}

let officialIp = 1;

/**
 * An official created through the administration API with role grants on one agency, signed in
 * through the API (app.inject): the officials' side of a journey, as the back office would do it.
 */
export async function officialAt(
  portal: Portal,
  username: string,
  agencyCode: string,
  roles: string[],
): Promise<Client> {
  await createOfficial(portal.app, {
    username,
    agencyCode,
    roles: roles.map((role) => ({ role, agencyCode })),
  });
  const client = new Client(portal.app, `10.9.0.${officialIp++}`);
  const res = await client.login(username, PASSWORD);
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  return client;
}

/** The demo citizen signed in through the API (to prepare a dossier a journey starts from). */
export async function demoCitizenClient(portal: Portal): Promise<Client> {
  const client = new Client(portal.app, `10.9.1.${officialIp++}`);
  const res = await client.login(DEMO_CITIZEN.username, DEMO_PASSWORD);
  if (res.statusCode !== 200) throw new Error(`login demo citizen: ${res.statusCode} ${res.body}`);
  return client;
}

/** Runs a dossier action through the API; throws with the server's answer unless 200. */
export async function actOn(client: Client, id: string, body: Record<string, unknown>): Promise<Record<string, any>> {
  const res = await client.post(`/api/v1/dossiers/${id}/actions`, body);
  if (res.statusCode !== 200) throw new Error(`${String(body.kind)}: ${res.statusCode} ${res.body}`);
  return res.json();
}
