import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { routeManifest } from './scripts/route-manifest.ts';

/**
 * Writes .br and .gz beside each built text file: the server sends them as they are
 * (@fastify/static preCompressed) to browsers that accept them, with no compression work per
 * request. On a slow phone network this is most of the loading time.
 */
function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'tinhso-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const walk = (dir: string): string[] =>
        readdirSync(dir).flatMap((name) => {
          const p = path.join(dir, name);
          return statSync(p).isDirectory() ? walk(p) : [p];
        });
      for (const file of walk(outDir)) {
        if (!/\.(js|css|html|svg|json)$/.test(file)) continue;
        const data = readFileSync(file);
        if (data.length < 1024) continue;
        writeFileSync(`${file}.br`, brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        writeFileSync(`${file}.gz`, gzipSync(data, { level: 9 }));
      }
    },
  };
}

/**
 * The back office (office.html) lives under /office: in development Vite answers its client-side
 * routes with office.html, as the server does in production (platform/http/http.web.ts).
 */
function officeFallback(): Plugin {
  return {
    name: 'tinhso-office-fallback',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        const pathname = (req.url ?? '').split('?')[0] ?? '';
        if (/^\/office(?:\/|$)/.test(pathname) && !/\.[a-z0-9]+$/i.test(pathname)) req.url = '/office.html';
        next();
      });
    },
  };
}

// The server (npm start, port 3000) serves the API; in development Vite serves the app and
// forwards the API to it, so the browser sees one origin as in production.
const api = process.env.TINHSO_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  // routeManifest: dist/routes.json, the apps' address patterns, so the server answers 404 for others.
  plugins: [react(), precompress(), officeFallback(), routeManifest()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Phones on a slow network: modern browsers only, no legacy bundle.
    target: 'es2022',
    sourcemap: false,
    rollupOptions: {
      // Two apps, one build: the citizen portal (index.html) and the back office (office.html)
      // share the vendor chunk and the UI kit.
      input: {
        index: path.resolve(import.meta.dirname, 'index.html'),
        office: path.resolve(import.meta.dirname, 'office.html'),
      },
      output: {
        // Libraries change rarely and app code often: two cached files, not a dozen small ones.
        manualChunks: (id: string) => (id.includes('/node_modules/') ? 'vendor' : undefined),
      },
    },
  },
  server: {
    proxy: { '/api': api, '/healthz': api, '/readyz': api, '/docs': api, '/openapi.json': api },
  },
});
