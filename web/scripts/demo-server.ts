/**
 * What the timing scripts share: the demo platform started in a temporary directory
 * (`tinhso serve --seed-demo` on a fresh embedded database, web/dist as built) and a median.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const CHROMIUM = process.env.TINHSO_CHROMIUM ?? '/usr/bin/chromium';

/** Starts the server on the demo data in a temporary directory; resolves once /readyz answers. */
export async function startDemoServer(port: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tinhso-timing-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(repoRoot, 'server/src/cli/tinhso.ts'), 'serve', '--seed-demo'],
    {
      cwd: path.join(repoRoot, 'server'),
      env: { ...process.env, DATA_DIR: dataDir, PORT: port, HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('server not ready after 5 minutes');
    await new Promise((r) => setTimeout(r, 1000));
  }
  return {
    url,
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
