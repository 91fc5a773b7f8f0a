import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { buildApp } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import { PASSWORD as FIXTURE_PASSWORD, registerCitizen } from '../server/test/fixtures/identity.ts';
import { prepareDatabase } from './bench.database.ts';

const USERS = 40;
const LOGINS = Number(process.env.BENCH_LOGINS ?? 400);
// The accounts are registered by the tests' fixture, with its password.
const PASSWORD = FIXTURE_PASSWORD;

async function main(): Promise<number> {
  const target = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const bench = await prepareDatabase(target);
  const databaseUrl = bench.url;
  const drop = bench.drop;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tinhso-bench-'));
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    TINHSO_ENV: 'test',
    TINHSO_WORKERS: 'false',
    LOG_LEVEL: 'silent',
  });
  const app = await buildApp(config, { logger: pino({ level: 'silent' }) });
  try {
    await app.ready();
    const users: string[] = [];
    for (let i = 0; i < USERS; i++) {
      const citizenId = `0920${String(90_000_000 + i).padStart(8, '0')}`;
      // Registration is two steps (a mailed link; no SMTP here, so the link is read from the log).
      await registerCitizen(app, citizenId, `u${i}@example.vn`);
      users.push(citizenId);
    }
    let n = 0;
    const login = async () => {
      const i = n++;
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        // Spread over addresses so the per-IP limit (30 failures) is not what is measured.
        remoteAddress: `10.0.${(i >> 8) & 255}.${i & 255}`,
        payload: { username: users[i % USERS], password: PASSWORD },
      });
      if (res.statusCode !== 200) throw new Error(`login: ${res.statusCode} ${res.body}`);
    };
    const run = async (count: number, concurrency: number) => {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      let left = count;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (left-- > 0) await login();
        }),
      );
      const seconds = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const cpuSeconds = (cpu.user + cpu.system) / 1e6;
      return {
        perSecond: count / seconds,
        perCoreSecond: count / cpuSeconds,
        cpuMsPerLogin: (cpuSeconds / count) * 1000,
      };
    };
    await run(20, 1);
    const serial = await run(LOGINS / 2, 1);
    const pool = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
    const parallel = await run(LOGINS, pool);
    const h0 = performance.now();
    for (let i = 0; i < 1000; i++) await app.inject({ method: 'GET', url: '/healthz' });
    const ceiling = 1000 / ((performance.now() - h0) / 1000);
    const f = (x: number) => Math.round(x).toLocaleString('en');
    process.stdout.write(
      [
        `database: ${target === 'pglite' ? 'PGlite (in memory)' : 'PostgreSQL'}; node ${process.version}; argon2id as configured in identity.crypto.ts`,
        `ceiling GET /healthz (sequential): ${f(ceiling)} req/s`,
        `logins, concurrency 1: ${serial.perSecond.toFixed(1)}/s; ${serial.perCoreSecond.toFixed(1)} per core-second; ${serial.cpuMsPerLogin.toFixed(1)} ms CPU each`,
        `logins, concurrency ${pool}: ${parallel.perSecond.toFixed(1)}/s; ${parallel.perCoreSecond.toFixed(1)} per core-second; ${parallel.cpuMsPerLogin.toFixed(1)} ms CPU each`,
        "reference: Keycloak's published sizing, ~15 password logins/s per vCPU",
      ].join('\n') + '\n',
    );
  } finally {
    await app.close();
    await drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return 0;
}

process.exitCode = await main();
