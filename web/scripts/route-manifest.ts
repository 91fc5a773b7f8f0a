/**
 * Writes dist/routes.json at build time: the address patterns of the citizen portal and of the
 * back office, read from their route tables (src/citizen/routes.tsx, src/office/routes.tsx) as
 * the browser will run them. The server (platform/http/http.web.ts) answers an address that no
 * pattern matches with the app's page and status 404, so a mistyped link is a real "not found"
 * to search engines, link checkers and monitoring while the app still shows its not-found page.
 *
 * One route table, no copy: the tables are loaded through Vite's SSR module loader (JSX and all)
 * and only their `path`/`index` fields are read; nothing is rendered.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createServer, type Plugin } from 'vite';

/** The part of a react-router RouteObject this needs. */
export interface RouteLike {
  path?: string;
  index?: boolean;
  children?: RouteLike[];
}

export interface RouteManifest {
  /** Patterns of the portal (index.html), absolute, react-router syntax (`:param`, `:param?`, `/*`). */
  citizen: string[];
  /** Patterns of the back office (office.html), absolute with its basename. */
  office: string[];
}

/** A child's path is relative to its parent's; an absolute one is already whole (below the basename). */
function join(parent: string, segment: string): string {
  if (segment.startsWith('/')) return segment;
  return `${parent.replace(/\/+$/, '')}/${segment}`;
}

/**
 * Every address a route table renders something for, other than its not-found page. By the
 * tables' convention a route whose own path is `*` is that page; a pathless route (layout, error
 * boundary) only passes its parent's path on to its children.
 */
export function routePatterns(routes: RouteLike[], basename = ''): string[] {
  const out = new Set<string>();
  const walk = (list: RouteLike[], parent: string) => {
    for (const r of list) {
      if (r.path === '*') continue;
      const here = r.path === undefined ? parent : join(parent, r.path);
      if (r.index || r.path !== undefined) out.add((basename + here).replace(/(.)\/+$/, '$1'));
      if (r.children) walk(r.children, here);
    }
  };
  walk(routes, '/');
  return [...out].sort();
}

/** Vite plugin (build only): loads both route tables and writes routes.json into the output. */
export function routeManifest(): Plugin {
  let root = '';
  let outDir = 'dist';
  return {
    name: 'tinhso-route-manifest',
    apply: 'build',
    configResolved(config) {
      root = config.root;
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      const loader = await createServer({
        root,
        configFile: false,
        logLevel: 'silent',
        appType: 'custom',
        server: { middlewareMode: true, hmr: false, ws: false },
        optimizeDeps: { noDiscovery: true, include: [] },
      });
      try {
        const citizen = (await loader.ssrLoadModule('/src/citizen/routes.tsx')) as {
          citizenRoutes: (queryClient: unknown) => RouteLike[];
        };
        const office = (await loader.ssrLoadModule('/src/office/routes.tsx')) as { officeRoutes: () => RouteLike[] };
        // The query client is only captured by the lazy loaders, never called here.
        const manifest: RouteManifest = {
          citizen: routePatterns(citizen.citizenRoutes({})),
          // main.tsx of the back office: createBrowserRouter(officeRoutes(), { basename: '/office' }).
          office: routePatterns(office.officeRoutes(), '/office'),
        };
        writeFileSync(path.join(outDir, 'routes.json'), `${JSON.stringify(manifest, null, 2)}\n`);
      } catch (err) {
        // A route module that cannot load outside a browser (a `window` read at import) must not
        // stop the build: without the manifest the server answers every address with 200, as before.
        this.warn(`routes.json not written (the server will answer 200 for unknown addresses): ${String(err)}`);
      } finally {
        await loader.close();
      }
    },
  };
}
