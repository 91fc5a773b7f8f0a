/**
 * installWebApps (platform/http/http.web.ts) on the platform's HTTP server, with a small fake
 * build: client-side routes get index.html (status 404 for an address no route knows), hashed assets are cached for a year and sent
 * pre-compressed, and nothing the server owns (/api, /docs, …) is ever answered with the app.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer, installWebApps } from '../../src/platform/http/index.ts';
import { quietLogger } from '../support.ts';

const INDEX =
  '<!doctype html><html lang="vi"><body><div id="root"></div><script type="module" src="/assets/app-3f9a.js"></script></body></html>';
const OFFICE =
  '<!doctype html><html lang="vi"><body><div id="root"></div><script type="module" src="/assets/office-77aa.js"></script></body></html>';
const SCRIPT = `console.log(${JSON.stringify('x'.repeat(4000))});`;
/** As web/scripts/route-manifest.ts writes it from the route tables. */
const ROUTES = {
  citizen: ['/', '/tim-kiem', '/thu-tuc/:code', '/nop-ho-so/:code', '/nop-ho-so/:code/:id/:step', '/tra-cuu/:code?'],
  office: ['/office', '/office/dang-nhap', '/office/hang-doi/:queue', '/office/ho-so/:id', '/office/tai-lieu/*'],
};

let dist: string;
let app: FastifyInstance;

async function server(distDir: string): Promise<{ app: FastifyInstance; installed: boolean }> {
  const a = await createHttpServer({ logger: quietLogger, bodyLimitBytes: 1_000_000, trustProxy: false, version: 't' });
  a.get('/api/v1/ping', { config: { access: 'public' } }, async () => ({ ok: true }));
  a.get('/healthz', async () => ({ status: 'ok' }));
  const installed = installWebApps(a, { distDir });
  await a.ready();
  return { app: a, installed };
}

beforeAll(async () => {
  dist = mkdtempSync(path.join(tmpdir(), 'tinhso-web-'));
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(path.join(dist, 'index.html'), INDEX);
  writeFileSync(path.join(dist, 'office.html'), OFFICE);
  writeFileSync(path.join(dist, 'robots.txt'), 'User-agent: *\n');
  writeFileSync(path.join(dist, 'routes.json'), JSON.stringify(ROUTES));
  writeFileSync(path.join(dist, 'assets', 'app-3f9a.js'), SCRIPT);
  writeFileSync(path.join(dist, 'assets', 'app-3f9a.js.br'), brotliCompressSync(SCRIPT));
  writeFileSync(path.join(dist, 'assets', 'app-3f9a.js.gz'), gzipSync(SCRIPT));
  writeFileSync(path.join(path.dirname(dist), 'secret.txt'), 'outside the build');
  const started = await server(dist);
  expect(started.installed).toBe(true);
  app = started.app;
});

afterAll(async () => {
  await app?.close();
  rmSync(dist, { recursive: true, force: true });
});

describe('installWebApps', () => {
  it('answers client-side routes with index.html, not cached', async () => {
    for (const url of [
      '/',
      '/tim-kiem?q=dang%20ky%20khai%20sinh',
      '/thu-tuc/1.001193',
      '/nop-ho-so/1.001193',
      '/nop-ho-so/1.001193/0b6f/to-khai-1/',
      '/THU-TUC/1.001193',
      '/tra-cuu',
      '/tra-cuu/0190-2611-0001',
    ]) {
      const r = await app.inject({ method: 'GET', url });
      expect(r.statusCode, url).toBe(200);
      expect(r.headers['content-type']).toMatch(/^text\/html/);
      expect(r.headers['cache-control']).toBe('no-cache');
      expect(r.body).toBe(INDEX);
    }
    // The security headers of the platform still apply to the page.
    const r = await app.inject({ method: 'GET', url: '/thu-tuc/1.001193' });
    expect(r.headers['content-security-policy']).toContain("script-src 'self'");
    const head = await app.inject({ method: 'HEAD', url: '/tim-kiem' });
    expect(head.statusCode).toBe(200);
  });

  it('answers an address no route of the app knows with its page and status 404', async () => {
    for (const url of ['/a/b/c', '/thu-tuc', '/thu-tuc/1.001193/x', '/tra-cuu/a/b', '/khong-co?q=1', '/officer']) {
      const r = await app.inject({ method: 'GET', url });
      expect(r.statusCode, url).toBe(404);
      expect(r.headers['content-type'], url).toMatch(/^text\/html/);
      expect(r.headers['cache-control'], url).toBe('no-cache');
      // The app renders its own not-found page.
      expect(r.body, url).toBe(INDEX);
    }
    for (const url of ['/office/khong-co', '/office/hang-doi', '/office/ho-so/1/2']) {
      const r = await app.inject({ method: 'GET', url });
      expect(r.statusCode, url).toBe(404);
      expect(r.body, url).toBe(OFFICE);
    }
    for (const url of ['/office/', '/office/tai-lieu/a/b', '/office/tai-lieu']) {
      expect((await app.inject({ method: 'GET', url })).statusCode, url).toBe(200);
    }
    expect((await app.inject({ method: 'HEAD', url: '/khong-co' })).statusCode).toBe(404);
    // A malformed escape is no address at all (Fastify's router refuses it first).
    const bad = await app.inject({ method: 'GET', url: '/thu-tuc/%E0' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).not.toBe(INDEX);
    // The manifest is the server's, not a file of the site.
    expect((await app.inject({ method: 'GET', url: '/routes.json' })).headers['content-type']).toMatch(/problem/);
  });

  it('answers every address with the page when the build has no route manifest (older build)', async () => {
    const old = mkdtempSync(path.join(tmpdir(), 'tinhso-web-old-'));
    writeFileSync(path.join(old, 'index.html'), INDEX);
    const { app: a } = await server(old);
    try {
      for (const url of ['/a/b/c', '/thu-tuc/1.001193']) {
        const r = await a.inject({ method: 'GET', url });
        expect(r.statusCode, url).toBe(200);
        expect(r.body, url).toBe(INDEX);
      }
    } finally {
      await a.close();
      rmSync(old, { recursive: true, force: true });
    }
  });

  it('answers the back office under /office with office.html, not cached; nothing else gets it', async () => {
    for (const url of [
      '/office',
      '/office/',
      '/office/hang-doi/mine?q=nguyen',
      '/office/ho-so/0190-abc',
      '/office/dang-nhap',
    ]) {
      const r = await app.inject({ method: 'GET', url });
      expect(r.statusCode, url).toBe(200);
      expect(r.headers['content-type'], url).toMatch(/^text\/html/);
      expect(r.headers['cache-control'], url).toBe('no-cache');
      expect(r.body, url).toBe(OFFICE);
      expect(r.headers['content-security-policy'], url).toContain("script-src 'self'");
    }
    // A portal path that only starts with the same letters, and the page's own file name.
    for (const url of ['/officer', '/office.html', '/tim-kiem?q=office']) {
      expect((await app.inject({ method: 'GET', url })).body, url).toBe(INDEX);
    }
    for (const url of ['/office/app.js', '/office/logo.png']) {
      const r = await app.inject({ method: 'GET', url });
      expect(r.statusCode, url).toBe(404);
      expect(r.headers['content-type'], url).toMatch(/application\/problem\+json/);
    }
    // The office's API lives under /api like everything else: never the page.
    expect((await app.inject({ method: 'GET', url: '/api/v1/office/queues' })).statusCode).toBe(404);
  });

  it('serves hashed assets for a year, immutable, pre-compressed when accepted', async () => {
    const plain = await app.inject({
      method: 'GET',
      url: '/assets/app-3f9a.js',
      headers: { 'accept-encoding': 'identity' },
    });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-type']).toMatch(/javascript/);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.body).toBe(SCRIPT);
    const br = await app.inject({
      method: 'GET',
      url: '/assets/app-3f9a.js',
      headers: { 'accept-encoding': 'br, gzip' },
    });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.rawPayload.length).toBeLessThan(SCRIPT.length / 10);
    const gz = await app.inject({ method: 'GET', url: '/assets/app-3f9a.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
  });

  it('a missing asset or file is a 404 problem, never the HTML page', async () => {
    for (const url of ['/assets/old-chunk-1234.js', '/favicon.ico', '/app.css', '/assets/../../secret.txt']) {
      const r = await app.inject({ method: 'GET', url });
      expect(r.statusCode, url).toBe(404);
      expect(r.headers['content-type'], url).toMatch(/application\/problem\+json/);
      expect(r.body).not.toContain('outside the build');
    }
    const robots = await app.inject({ method: 'GET', url: '/robots.txt' });
    expect(robots.statusCode).toBe(200);
    expect(robots.body).toContain('User-agent');
  });

  it('leaves the server paths alone: API, docs, health, OIDC, well-known', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/ping' })).json()).toEqual({ ok: true });
    expect((await app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    for (const url of [
      '/api/v1/khong-co',
      '/api',
      '/docs/khong-co',
      '/metrics',
      '/readyz',
      '/oidc/auth',
      '/.well-known/openid-configuration',
    ]) {
      const r = await app.inject({ method: 'GET', url });
      expect(r.statusCode, url).toBe(404);
      expect(r.headers['content-type'], url).toMatch(/application\/problem\+json/);
    }
    const docs = await app.inject({ method: 'GET', url: '/docs' });
    expect(docs.statusCode).toBeLessThan(400);
    expect(docs.body).not.toBe(INDEX);
    // Only GET/HEAD fall back to the app.
    expect((await app.inject({ method: 'POST', url: '/tim-kiem', payload: {} })).statusCode).toBe(404);
  });

  it('does nothing without a build (the landing page keeps /)', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'tinhso-web-empty-'));
    const { app: bare, installed } = await server(empty);
    try {
      expect(installed).toBe(false);
      expect(bare.hasRoute({ method: 'GET', url: '/*' })).toBe(false);
      expect((await bare.inject({ method: 'GET', url: '/thu-tuc/1.001193' })).statusCode).toBe(404);
    } finally {
      await bare.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('keeps a / route registered before it', async () => {
    const a = await createHttpServer({
      logger: quietLogger,
      bodyLimitBytes: 1_000_000,
      trustProxy: false,
      version: 't',
    });
    a.get('/', async () => 'landing');
    expect(installWebApps(a, { distDir: dist })).toBe(true);
    await a.ready();
    try {
      expect((await a.inject({ method: 'GET', url: '/' })).body).toBe('landing');
      expect((await a.inject({ method: 'GET', url: '/thu-tuc/1.001193' })).body).toBe(INDEX);
      expect((await a.inject({ method: 'GET', url: '/khong-co' })).statusCode).toBe(404);
    } finally {
      await a.close();
    }
  });
});
