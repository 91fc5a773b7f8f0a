/**
 * The refusal suite. Every route the app registers is collected (an onRoute hook installed on the
 * HTTP server before any module adds routes) and checked against the OpenAPI document; then:
 *
 * - every route under /api declares `config.access` (platform/http/http.access.ts), so a route
 *   added later without a policy fails here — and is refused to everyone at run time (fail closed);
 * - every non-public route refuses an anonymous caller with 401;
 * - every route reserved to official roles or administrators refuses a signed-in citizen
 *   (401/403/404, never 2xx), and a specialist where the route does not admit specialists;
 * - every account route refuses an agency administrator acting on another agency's official.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RouteAccess, routeAccessOf } from '../src/platform/http/index.ts';
import type { ModuleDefinition } from '../src/platform/kernel/index.ts';
import { Client, createOfficial, loadTestAgencies, registerCitizen, TREE } from './fixtures/identity.ts';
import { createTestApp, type TestApp } from './support.ts';

interface CollectedRoute {
  method: string;
  url: string;
  config: unknown;
}

const collected = vi.hoisted(() => ({ routes: [] as CollectedRoute[] }));

vi.mock('../src/platform/http/index.ts', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../src/platform/http/index.ts')>();
  return {
    ...orig,
    createHttpServer: async (options: Parameters<typeof orig.createHttpServer>[0]) => {
      const app = await orig.createHttpServer(options);
      app.addHook('onRoute', (r) => {
        for (const m of Array.isArray(r.method) ? r.method : [r.method]) {
          collected.routes.push({ method: m, url: r.url, config: r.config });
        }
      });
      return app;
    },
  };
});

let t: TestApp;
let routes: (CollectedRoute & { access: RouteAccess | undefined })[] = [];
let citizen: Client;
let specialist: Client;
let healthAdmin: Client;
const ids: Record<string, string> = {};
const SAMPLE_UUID = '01900000-0000-7000-8000-000000000000';

function concreteUrl(url: string, values: Record<string, string> = {}): string {
  return url.replace(/:([A-Za-z_]+)/g, (_m, name: string) => values[name] ?? (/id$/i.test(name) ? SAMPLE_UUID : '1'));
}

beforeAll(async () => {
  collected.routes.length = 0;
  t = await createTestApp({ env: { MFA_REQUIRED_ROLES: 'none' } });
  routes = collected.routes
    .filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD')
    .map((r) => ({ ...r, access: routeAccessOf(r.config) }));
  await loadTestAgencies(t.app);
  await registerCitizen(t.app, '001090000041');
  ids.justiceOfficial = await createOfficial(t.app, {
    username: 'cv.tuphap',
    agencyCode: TREE.justice,
    roles: [{ role: 'specialist', agencyCode: TREE.justice }],
  });
  await createOfficial(t.app, {
    username: 'qt.yte',
    agencyCode: TREE.health,
    roles: [{ role: 'agency_admin', agencyCode: TREE.health }],
  });
  citizen = new Client(t.app);
  specialist = new Client(t.app);
  healthAdmin = new Client(t.app);
  expect((await citizen.login('001090000041')).statusCode).toBe(200);
  expect((await specialist.login('cv.tuphap')).statusCode).toBe(200);
  expect((await healthAdmin.login('qt.yte')).statusCode).toBe(200);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const needsOfficialRole = (a: RouteAccess | undefined) =>
  a === 'admin' || (typeof a === 'object' && !a.roles.includes('citizen'));

describe('every route declares who may call it', () => {
  it('collects the routes, and they match the OpenAPI document', async () => {
    expect(routes.length).toBeGreaterThan(20);
    const doc = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const fromDoc = Object.entries(doc.paths)
      .filter(([p]) => p.startsWith('/api/'))
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/\{([^}]+)\}/g, ':$1')}`));
    const fromRoutes = new Set(routes.map((r) => `${r.method} ${r.url}`));
    // Every documented operation is a collected route (hidden routes may be collected but undocumented).
    expect(fromDoc.filter((op) => !fromRoutes.has(op))).toEqual([]);
  });

  it('no route under /api lacks config.access', () => {
    if (process.env.TINHSO_PRINT_ROUTES) {
      for (const r of routes) process.stdout.write(`${r.method} ${r.url} ${JSON.stringify(r.access)}\n`);
    }
    const undeclared = routes.filter((r) => r.access === undefined).map((r) => `${r.method} ${r.url}`);
    expect(undeclared).toEqual([]);
  });
});

describe('anonymous callers', () => {
  it('are refused with 401 on every non-public route', async () => {
    const wrong: string[] = [];
    for (const r of routes.filter((x) => x.access !== 'public')) {
      const res = await t.app.inject({
        method: r.method as any,
        url: concreteUrl(r.url),
        ...(r.method === 'GET' || r.method === 'DELETE' ? {} : { payload: {} }),
      });
      if (res.statusCode !== 401 || res.json().code !== 'UNAUTHENTICATED')
        wrong.push(`${r.method} ${r.url} → ${res.statusCode}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('callers with the wrong role', () => {
  it('a citizen is refused on every route reserved to officials or administrators', async () => {
    const checked = routes.filter((r) => needsOfficialRole(r.access));
    expect(checked.length).toBeGreaterThan(5);
    const wrong: string[] = [];
    for (const r of checked) {
      const res = await citizen.request(
        r.method as any,
        concreteUrl(r.url),
        r.method === 'GET' || r.method === 'DELETE' ? undefined : {},
      );
      if (![401, 403, 404].includes(res.statusCode)) wrong.push(`${r.method} ${r.url} → ${res.statusCode}`);
    }
    expect(wrong).toEqual([]);
  });

  it('a specialist is refused on administration routes', async () => {
    const checked = routes.filter(
      (r) => r.access === 'admin' || (typeof r.access === 'object' && !r.access.roles.includes('specialist')),
    );
    const wrong: string[] = [];
    for (const r of checked) {
      const res = await specialist.request(
        r.method as any,
        concreteUrl(r.url),
        r.method === 'GET' || r.method === 'DELETE' ? undefined : {},
      );
      if (![401, 403, 404].includes(res.statusCode)) wrong.push(`${r.method} ${r.url} → ${res.statusCode}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('callers from another agency', () => {
  /** A valid request body per account route, so the refusal cannot be a validation error. */
  const SAMPLE_BODIES: Record<string, unknown> = {
    'GET /api/v1/identity/accounts/:id': undefined,
    'POST /api/v1/identity/accounts/:id/disable': { reason: 'thử' },
    'POST /api/v1/identity/accounts/:id/enable': {},
    'POST /api/v1/identity/accounts/:id/roles': { role: 'specialist', agencyCode: TREE.health },
    'DELETE /api/v1/identity/accounts/:id/roles/:grantId': undefined,
  };

  it('an agency administrator gets 404 on every route about another agency’s official', async () => {
    const accountRoutes = routes.filter((r) => r.url.startsWith('/api/v1/identity/accounts/:id'));
    expect(accountRoutes.length).toBeGreaterThanOrEqual(5);
    const missing = accountRoutes.map((r) => `${r.method} ${r.url}`).filter((k) => !(k in SAMPLE_BODIES));
    expect(missing, 'add a sample body for each new account route').toEqual([]);
    const grants = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/identity/accounts/${ids.justiceOfficial}`,
        headers: { authorization: 'Bearer test-admin-token-0123456789abcdef' },
      })
    ).json().roles as { id: string }[];
    const wrong: string[] = [];
    for (const r of accountRoutes) {
      const body = SAMPLE_BODIES[`${r.method} ${r.url}`];
      const res = await healthAdmin.request(
        r.method as any,
        concreteUrl(r.url, { id: ids.justiceOfficial!, grantId: grants[0]!.id }),
        body,
      );
      if (res.statusCode !== 404) wrong.push(`${r.method} ${r.url} → ${res.statusCode}`);
    }
    expect(wrong).toEqual([]);
  });

  it('another citizen’s account is 404 to a citizen', async () => {
    const other = await registerCitizen(t.app, '001090000042');
    expect((await citizen.get(`/api/v1/identity/accounts/${other}`)).statusCode).toBe(404);
  });
});

describe('a route added without a declaration', () => {
  let probe: TestApp;
  const undeclaredModule: ModuleDefinition<void> = {
    name: 'undeclared',
    migrations: {},
    async setup(_ctx, app: FastifyInstance) {
      app.get('/api/v1/undeclared/thing', async () => ({ secret: true }));
    },
  };
  beforeAll(async () => {
    collected.routes.length = 0;
    probe = await createTestApp({ extraModules: [undeclaredModule] });
  }, 120_000);
  afterAll(async () => {
    await probe?.close();
  });

  it('is found by the collector and refused to everyone at run time', async () => {
    const found = collected.routes.filter((r) => r.url.startsWith('/api/') && routeAccessOf(r.config) === undefined);
    expect(found.map((r) => `${r.method} ${r.url}`)).toContain('GET /api/v1/undeclared/thing');
    const res = await probe.app.inject({ method: 'GET', url: '/api/v1/undeclared/thing' });
    expect(res.statusCode).toBe(500);
    expect(res.json().code).toBe('ROUTE_ACCESS_UNDECLARED');
    const asAdmin = await probe.app.inject({
      method: 'GET',
      url: '/api/v1/undeclared/thing',
      headers: { authorization: 'Bearer test-admin-token-0123456789abcdef' },
    });
    expect(asAdmin.statusCode).toBe(500);
  });
});
