/**
 * Serves the built web apps (web/dist, made by `vite build`) from the same server as the API:
 * one origin, so the session cookie and the CSP `'self'` cover both.
 *
 * - `/assets/…` are content-hashed by Vite: cached for a year, immutable. A missing asset is a
 *   404 (never the HTML page, which a browser would try to run as a script).
 * - Any other GET that is not the API or a platform path answers index.html (client-side routes
 *   such as /thu-tuc/1.001193), with `no-cache` so a new deployment is picked up at once.
 * - `/office` and `/office/…` are the back office (issue 7): office.html, the officials' app, built
 *   beside the portal. A build without it (older) leaves them to the portal's not-found page.
 * - The page comes with status 404 when its app has no route for the address (the app still
 *   shows its not-found page): the build writes the route tables' patterns to routes.json
 *   (web/scripts/route-manifest.ts). A build without that file answers 200 for every address.
 * - Pre-compressed .br/.gz files written at build time are sent to browsers that accept them.
 *
 * Does nothing and returns false when index.html is missing (the server then keeps its small
 * landing page at `/`).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** web/dist of this repository. */
export const DEFAULT_WEB_DIST_DIR = fileURLToPath(new URL('../../../../web/dist', import.meta.url));

/** Paths the server owns: unknown ones under them are real 404s (problem+json), not the app. */
const SERVER_PATHS =
  /^\/(?:api(?:\/|$)|docs(?:\/|$)|openapi\.json$|healthz$|readyz$|metrics$|oidc|\.well-known(?:\/|$))/;

/** A missing file with one of these extensions is a 404, not a client-side route. */
const FILE_LIKE = /\.(?:js|mjs|css|map|png|jpe?g|gif|svg|ico|webp|woff2?|ttf|txt|json|xml|webmanifest|br|gz)$/i;

const YEAR_SECONDS = 365 * 24 * 3600;

/** Written by the web build (web/scripts/route-manifest.ts). */
const ROUTES_FILE = 'routes.json';

/**
 * A react-router path pattern as a regular expression: `:name` is one segment, `:name?` or
 * `segment?` an optional one, a final `*` the rest of the address. Case-insensitive and with an
 * optional trailing slash, as react-router matches by default.
 */
export function routePatternRegExp(pattern: string): RegExp {
  const parts = pattern.split('/').filter(Boolean);
  let body = '';
  for (const part of parts) {
    if (part === '*') {
      body += '(?:/.*)?';
      break;
    }
    const optional = part.endsWith('?');
    const name = optional ? part.slice(0, -1) : part;
    const segment = name.startsWith(':') ? '/[^/]+' : `/${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`;
    body += optional ? `(?:${segment})?` : segment;
  }
  return new RegExp(`^${body}/?$`, 'i');
}

/** Whether an address is one of an app's routes; `undefined` patterns (no manifest) accept all. */
type RouteMatcher = (pathname: string) => boolean;

function matcher(patterns: unknown): RouteMatcher {
  if (!Array.isArray(patterns)) return () => true;
  const res = patterns.filter((p): p is string => typeof p === 'string').map(routePatternRegExp);
  return (pathname) => res.some((re) => re.test(pathname));
}

function readManifest(root: string): { citizen: RouteMatcher; office: RouteMatcher } {
  const file = path.join(root, ROUTES_FILE);
  if (!existsSync(file)) return { citizen: () => true, office: () => true };
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as { citizen?: unknown; office?: unknown };
  return { citizen: matcher(manifest.citizen), office: matcher(manifest.office) };
}

/** The apps' HTML pages (answered for their routes only, never as files of their own) and the route manifest. */
const APP_PAGES = new Set(['index.html', 'office.html', ROUTES_FILE]);

/** The back office's address space. */
const OFFICE_PATHS = /^\/office(?:\/|$)/;

export interface WebAppsOptions {
  distDir: string;
}

export function installWebApps(app: FastifyInstance, options: WebAppsOptions): boolean {
  const root = path.resolve(options.distDir);
  if (!existsSync(path.join(root, 'index.html'))) return false;

  // Top-level files other than index.html (robots.txt, favicon…), fixed at start like the build.
  const topLevel = new Set(
    readdirSync(root).filter(
      (name) => !APP_PAGES.has(name) && !/\.(?:br|gz)$/.test(name) && statSync(path.join(root, name)).isFile(),
    ),
  );

  app.register(fastifyStatic, {
    root,
    serve: false,
    preCompressed: true,
    // Cache headers are set per response below.
    cacheControl: false,
    // Vite writes no dotfiles; refuse them in any case.
    dotfiles: 'deny',
  });

  const routes = readManifest(root);
  const sendPage = (reply: FastifyReply, page: string, known: boolean) => {
    reply.header('cache-control', 'no-cache');
    if (!known) reply.code(404);
    return reply.sendFile(page);
  };
  const sendIndex = (reply: FastifyReply) => sendPage(reply, 'index.html', true);
  const hasOffice = existsSync(path.join(root, 'office.html'));

  // Outside /api: the access gate (http.access.ts) does not apply; declared public for clarity.
  const route = { config: { access: 'public' as const }, schema: { hide: true } };

  app.get('/assets/*', route, (request: FastifyRequest, reply: FastifyReply) => {
    const file = (request.params as { '*': string })['*'];
    reply.header('cache-control', `public, max-age=${YEAR_SECONDS}, immutable`);
    return reply.sendFile(`assets/${file}`);
  });

  if (!app.hasRoute({ method: 'GET', url: '/' })) {
    app.get('/', route, (_request, reply) => sendIndex(reply));
  }

  app.get('/*', route, (request: FastifyRequest, reply: FastifyReply) => {
    let pathname: string;
    try {
      pathname = decodeURIComponent(request.url.split('?')[0] ?? '/');
    } catch {
      // A malformed escape (%E0) is no address of either app.
      return reply.callNotFound();
    }
    if (SERVER_PATHS.test(pathname)) return reply.callNotFound();
    const name = pathname.slice(1);
    if (topLevel.has(name)) {
      reply.header('cache-control', 'public, max-age=3600');
      return reply.sendFile(name);
    }
    if (FILE_LIKE.test(pathname)) return reply.callNotFound();
    if (hasOffice && OFFICE_PATHS.test(pathname)) return sendPage(reply, 'office.html', routes.office(pathname));
    return sendPage(reply, 'index.html', routes.citizen(pathname));
  });

  return true;
}
