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
 * - Pre-compressed .br/.gz files written at build time are sent to browsers that accept them.
 *
 * Does nothing and returns false when index.html is missing (the server then keeps its small
 * landing page at `/`).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
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

/** The apps' HTML pages: answered for their routes only, never as files of their own. */
const APP_PAGES = new Set(['index.html', 'office.html']);

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

  const sendIndex = (reply: FastifyReply) => {
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html');
  };
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
    const pathname = decodeURIComponent(request.url.split('?')[0] ?? '/');
    if (SERVER_PATHS.test(pathname)) return reply.callNotFound();
    const name = pathname.slice(1);
    if (topLevel.has(name)) {
      reply.header('cache-control', 'public, max-age=3600');
      return reply.sendFile(name);
    }
    if (FILE_LIKE.test(pathname)) return reply.callNotFound();
    if (hasOffice && OFFICE_PATHS.test(pathname)) {
      reply.header('cache-control', 'no-cache');
      return reply.sendFile('office.html');
    }
    return sendIndex(reply);
  });

  return true;
}
