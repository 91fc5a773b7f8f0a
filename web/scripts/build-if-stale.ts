/**
 * Builds web/dist unless it is newer than every source, for the test runner and the browser
 * journeys. `node web/scripts/build-if-stale.ts` from anywhere, or `ensureWebBuilt()`.
 *
 * Why not plain `vite build`: test files run in parallel workers, and `vite build` empties its
 * output directory first, so a reader could find web/dist without index.html while another
 * worker rebuilds. `npm start` runs this script too: it once ran a plain `vite build`, and the
 * test that starts `npm start` emptied web/dist under the browser journeys running beside it
 * (two CI runs failed that way). Here one builder at a time holds a lock (mkdir is
 * atomic), builds into a private directory and swaps it in with two renames, so web/dist is
 * either the old build or the new one.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const webDir = fileURLToPath(new URL('..', import.meta.url));
export const webDist = path.join(webDir, 'dist');
const repoRoot = path.resolve(webDir, '..');
const SOURCES = ['src', 'index.html', 'office.html', 'vite.config.ts', 'package.json', 'scripts/route-manifest.ts'];
const LOCK_STALE_MS = 180_000;

function newestMtime(p: string): number {
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, name)));
  return newest;
}

export function webIsFresh(): boolean {
  const index = path.join(webDist, 'index.html');
  if (!existsSync(index)) return false;
  const sources = SOURCES.map((f) => path.join(webDir, f)).filter((f) => existsSync(f));
  return statSync(index).mtimeMs >= Math.max(...sources.map(newestMtime));
}

function build(): void {
  const out = path.join(webDir, `.dist-build-${process.pid}`);
  const old = path.join(webDir, `.dist-old-${process.pid}`);
  rmSync(out, { recursive: true, force: true });
  const bin = path.join(repoRoot, 'node_modules', '.bin');
  const r = spawnSync(path.join(bin, 'vite'), ['build', '--logLevel', 'warn', '--outDir', out, '--emptyOutDir'], {
    cwd: webDir,
    // The test runner's NODE_ENV=test would make Vite bundle React's development build, and
    // `npm start` would later serve that build as fresh.
    env: { ...process.env, NODE_ENV: 'production', PATH: `${bin}:${process.env.PATH ?? ''}` },
    encoding: 'utf8',
    timeout: 170_000,
  });
  if (r.status !== 0 || !existsSync(path.join(out, 'index.html'))) {
    rmSync(out, { recursive: true, force: true });
    throw new Error(`vite build failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  }
  if (existsSync(webDist)) renameSync(webDist, old);
  renameSync(out, webDist);
  rmSync(old, { recursive: true, force: true });
}

export async function ensureWebBuilt(): Promise<void> {
  if (webIsFresh()) return;
  const lock = path.join(webDir, '.build-lock');
  const deadline = Date.now() + LOCK_STALE_MS;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than the build timeout belongs to a build that died.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > LOCK_STALE_MS)
        rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error('web build lock held too long');
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    if (!webIsFresh()) build();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const fresh = webIsFresh();
  await ensureWebBuilt();
  process.stdout.write(
    fresh ? 'web/dist is up to date\n' : `web/dist built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
}
