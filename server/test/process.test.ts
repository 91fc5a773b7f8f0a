/** The real process: `npm start` reaches /readyz, SIGTERM finishes in-flight requests, bad config stops at start. */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN } from './support.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const CLI = fileURLToPath(new URL('../src/cli/tinhso.ts', import.meta.url));
const children: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.pid) process.kill(-c.pid, 'SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'tinhso-proc-'));
  dirs.push(d);
  return d;
}

function start(
  cmd: string,
  args: string[],
  env: Record<string, string>,
): { child: ChildProcess; exit: Promise<number | null>; output: () => string } {
  let out = '';
  const child = spawn(cmd, args, {
    cwd: REPO,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    detached: true, // own process group, so npm and the node it starts are signalled together
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (b) => (out += b));
  child.stderr!.on('data', (b) => (out += b));
  children.push(child);
  const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, exit, output: () => out };
}

async function waitReady(port: number, timeoutMs: number): Promise<Record<string, unknown>> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (res.status === 200) return (await res.json()) as Record<string, unknown>;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('/readyz never answered 200');
}

describe('the real process', () => {
  it('`npm start` on a fresh data directory reaches /readyz = 200 with the demo data, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const proc = start('npm', ['start'], { PORT: String(port), DATA_DIR: tempDir(), TINHSO_ENV: 'demo' });
    const ready = await waitReady(port, 120_000).catch((e) => {
      throw new Error(`${e}\n${proc.output()}`);
    });
    expect(ready).toMatchObject({ status: 'ready', database: 'pglite' });
    const types = (await (await fetch(`http://127.0.0.1:${port}/api/v1/catalog/document-types`)).json()) as {
      items: { abbreviation: string | null }[];
    };
    expect(types.items.map((t) => t.abbreviation)).toEqual(expect.arrayContaining(['QĐ', 'TTr', 'SY']));
    expect(proc.output()).toContain('PGlite');
    process.kill(-proc.child.pid!, 'SIGTERM');
    await proc.exit; // npm itself dies of the signal; the server below it shuts down cleanly
    for (let i = 0; i < 40 && !proc.output().includes('đã dừng'); i++) await new Promise((r) => setTimeout(r, 250));
    expect(proc.output()).toContain('đã dừng');
  });

  it('SIGTERM lets an in-flight request finish and refuses nothing it had accepted', async () => {
    const port = await freePort();
    const proc = start(process.execPath, [CLI, 'serve'], {
      PORT: String(port),
      DATA_DIR: tempDir(),
      TINHSO_ADMIN_TOKEN: ADMIN_TOKEN,
      TINHSO_ENV: 'test',
    });
    await waitReady(port, 120_000);
    const body = JSON.stringify({
      code: 'phieu-thu',
      name: 'Phiếu thử',
      group: 'van_ban_hanh_chinh',
      legalBasis: 'thử nghiệm',
      validFrom: '2026-01-01',
    });
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/v1/catalog/document-types',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            authorization: `Bearer ${ADMIN_TOKEN}`,
          },
        },
        (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      // Send half the body, signal the server, then finish the body.
      req.write(body.slice(0, 20));
      setTimeout(() => {
        process.kill(-proc.child.pid!, 'SIGTERM');
        setTimeout(() => req.end(body.slice(20)), 300);
      }, 200);
    });
    const res = await response;
    expect(res.status, res.body).toBe(201);
    expect(await proc.exit).toBe(0);
  });

  it('an invalid configuration stops the process at start with a message naming the variable', () => {
    const r = spawnSync(process.execPath, [CLI, 'serve'], {
      cwd: REPO,
      env: { ...process.env, PORT: 'abc' },
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('PORT');
    expect(r.stderr).toContain('«abc»');
    const prod = spawnSync(process.execPath, [CLI, 'migrate'], {
      cwd: REPO,
      env: { ...process.env, TINHSO_ENV: 'production', DATABASE_URL: '' },
      encoding: 'utf8',
    });
    expect(prod.status).toBe(2);
    expect(prod.stderr).toContain('DATABASE_URL');
  });

  it('`tinhso --help` is bilingual', () => {
    const r = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Khởi động máy chủ / Start the server');
    expect(r.stdout).toContain('verify-audit');
  });
});
