/**
 * The ceiling benchmark: how many requests per second the real server answers, and what the
 * platform's write path costs compared with the HTTP and database ceilings, in one run.
 *
 * It builds the real app (buildApp + listen on 127.0.0.1, background workers on) with one extra,
 * bench-only module, and loads three of its routes, one after the other, with autocannon running
 * in a child process (so the load generator does not share the server's event loop):
 *   1. GET  /bench/noop   → {ok:true}: the HTTP ceiling (Fastify with the platform's hooks);
 *   2. POST /bench/insert → one plain INSERT: the database ceiling;
 *   3. POST /bench/change → the same INSERT through ctx.change(): row + audit record + outbox
 *      event in one transaction, the platform's real write path.
 * Then it checks what was written: one row per committed request, one audit row and one outbox
 * event per change, and an intact audit chain. Exit code 1 when a check fails.
 *
 *   npm run bench                                   (PostgreSQL at 127.0.0.1:5432, fresh database)
 *   BENCH_DATABASE_URL=pglite npm run bench         (in-memory PGlite)
 *
 * Environment: BENCH_DATABASE_URL (a postgres:// URL of a server where the user may create
 * databases, or `pglite`), BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (2), BENCH_CONNECTIONS (20),
 * BENCH_POOL_SIZE (the platform default, 10), BENCH_BREAKDOWN=1 (also load three partial change
 * paths: the transaction with the INSERT only, + the audit record, + the outbox event).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon, { type Options, type Result } from 'autocannon';
import type { FastifyInstance } from 'fastify';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { buildApp } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import type { Actor } from '../server/src/platform/audit/index.ts';
import type { ModuleDefinition } from '../server/src/platform/kernel/index.ts';
import { type BenchDatabase, prepareDatabase } from './bench.database.ts';

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const LOAD_FLAG = '--autocannon-child';

// ------------------------------------------------------------------------------------------------
// Settings
// ------------------------------------------------------------------------------------------------

function intEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max} (got «${raw}»)`);
  }
  return n;
}

interface Settings {
  target: string;
  seconds: number;
  warmupSeconds: number;
  connections: number;
  poolSize: number | undefined;
  breakdown: boolean;
}

function readSettings(): Settings {
  const pool = process.env.BENCH_POOL_SIZE?.trim();
  return {
    target: process.env.BENCH_DATABASE_URL?.trim() || DEFAULT_DATABASE_URL,
    seconds: intEnv('BENCH_SECONDS', 10, 1, 300),
    warmupSeconds: intEnv('BENCH_WARMUP_SECONDS', 2, 0, 60),
    connections: intEnv('BENCH_CONNECTIONS', 20, 1, 500),
    poolSize: pool ? intEnv('BENCH_POOL_SIZE', 10, 1, 200) : undefined,
    breakdown: ['1', 'true', 'yes', 'on'].includes(process.env.BENCH_BREAKDOWN?.trim().toLowerCase() ?? ''),
  };
}

// ------------------------------------------------------------------------------------------------
// The bench-only module
// ------------------------------------------------------------------------------------------------

/**
 * The write routes. `n` (stored in bench.item.n) records which route wrote the row, so the checks
 * can tell what each row must have produced. The three `change-*` routes only run with
 * BENCH_BREAKDOWN=1: they take the change path apart (transaction only, + audit, + outbox).
 */
interface WriteRouteSpec {
  n: number;
  /** Through ctx.change() (one transaction) rather than a plain autocommit INSERT. */
  change: boolean;
  audit: boolean;
  publish: boolean;
}

const WRITE_ROUTES = {
  insert: { n: 2, change: false, audit: false, publish: false },
  change: { n: 3, change: true, audit: true, publish: true },
  'change-tx': { n: 31, change: true, audit: false, publish: false },
  'change-audit': { n: 32, change: true, audit: true, publish: false },
  'change-outbox': { n: 33, change: true, audit: false, publish: true },
} as const satisfies Record<string, WriteRouteSpec>;

type WriteRoute = keyof typeof WRITE_ROUTES;
const WRITE_ROUTE_NAMES = Object.keys(WRITE_ROUTES) as WriteRoute[];
const BENCH_ACTOR: Actor = { kind: 'system', id: 'bench', name: 'Đo hiệu năng' };

interface ServerCounters {
  /** Requests whose write committed (the handler then answers 201), by route. */
  committed: Record<WriteRoute, number>;
  failed: Record<WriteRoute, number>;
  inFlight: number;
}

function newCounters(): ServerCounters {
  const zero = () => Object.fromEntries(WRITE_ROUTE_NAMES.map((r) => [r, 0])) as Record<WriteRoute, number>;
  return { committed: zero(), failed: zero(), inFlight: 0 };
}

async function insertItem(db: Kysely<any>, id: string, n: number, at: Date): Promise<void> {
  await sql`insert into bench.item (id, n, at) values (${id}, ${n}, ${at})`.execute(db);
}

function benchModule(counters: ServerCounters): ModuleDefinition<void> {
  return {
    name: 'bench',
    migrations: {
      '0001_item': {
        async up(db) {
          await sql`create table bench.item (id uuid primary key, n int, at timestamptz)`.execute(db);
        },
      },
    },
    async setup(ctx, app) {
      app.get('/bench/noop', { schema: { hide: true } }, async () => ({ ok: true }));

      for (const route of WRITE_ROUTE_NAMES) {
        const spec: WriteRouteSpec = WRITE_ROUTES[route];
        const write = (id: string, requestId: string): Promise<void> => {
          if (!spec.change) return insertItem(ctx.db, id, spec.n, ctx.clock.now());
          return ctx.change(BENCH_ACTOR, requestId, async (c) => {
            await insertItem(c.tx, id, spec.n, ctx.clock.now());
            if (spec.audit) {
              await c.audit({ action: 'item.create', entityType: 'bench_item', entityId: id, data: { n: spec.n } });
            }
            if (spec.publish) await c.publish('item.created', { id });
          });
        };
        app.post(`/bench/${route}`, { schema: { hide: true } }, async (request, reply) => {
          const id = uuidv7();
          counters.inFlight++;
          try {
            await write(id, request.id);
            counters.committed[route]++;
          } catch (err) {
            counters.failed[route]++;
            throw err;
          } finally {
            counters.inFlight--;
          }
          reply.code(201);
          return { id };
        });
      }
    },
  };
}

// ------------------------------------------------------------------------------------------------
// Load: autocannon in a child process
// ------------------------------------------------------------------------------------------------

let currentChild: ChildProcess | undefined;

interface LoadResult {
  result: Result;
  /** CPU time used by the load generator during the run. */
  cpu: NodeJS.CpuUsage;
}

function load(options: Options): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), [LOAD_FLAG], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    currentChild = child;
    let settled = false;
    const limit = setTimeout(
      () => {
        child.kill('SIGKILL');
        finish(new Error(`autocannon did not finish within ${(options.duration ?? 10) + 60} s`));
      },
      ((options.duration ?? 10) + 60) * 1000,
    );
    const finish = (err: Error | undefined, result?: LoadResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(limit);
      currentChild = undefined;
      if (err) reject(err);
      else resolve(result!);
    };
    child.once('message', (m: { ok: boolean; result?: Result; cpu?: NodeJS.CpuUsage; error?: string }) => {
      if (m.ok) finish(undefined, { result: m.result!, cpu: m.cpu! });
      else finish(new Error(`autocannon: ${m.error}`));
    });
    child.once('error', (err) => finish(err));
    child.once('exit', (code, signal) => finish(new Error(`autocannon child exited (code ${code}, signal ${signal})`)));
    child.send(options);
  });
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number, stepMs = 20): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

// ------------------------------------------------------------------------------------------------
// Where PostgreSQL's backends spend the time: pg_stat_activity sampled during a measured run
// ------------------------------------------------------------------------------------------------

interface WaitProfile {
  samples: number;
  /** Backend states seen, e.g. "Lock:transactionid", "IO:WALSync", "idle in transaction", "running". */
  counts: Map<string, number>;
}

interface WaitSampler {
  stop(): Promise<WaitProfile>;
}

/** Samples the non-idle backends of the bench database every `everyMs` on its own connection. */
async function sampleWaits(url: string, everyMs = 25): Promise<WaitSampler> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const profile: WaitProfile = { samples: 0, counts: new Map() };
  let running = true;
  const loop = (async () => {
    while (running) {
      const r = await client.query<{ state: string; wt: string | null; we: string | null }>(
        `select state, wait_event_type as wt, wait_event as we from pg_stat_activity
         where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'
           and state <> 'idle'`,
      );
      profile.samples++;
      for (const b of r.rows) {
        const key =
          b.state === 'active'
            ? b.wt
              ? `${b.wt}:${b.we}`
              : 'running (CPU)'
            : b.state === 'idle in transaction'
              ? 'idle in transaction (waiting for the app)'
              : b.state;
        profile.counts.set(key, (profile.counts.get(key) ?? 0) + 1);
      }
      await new Promise((res) => setTimeout(res, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      try {
        await loop;
      } finally {
        await client.end();
      }
      return profile;
    },
  };
}

function profileLine(p: WaitProfile): string {
  const total = [...p.counts.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return 'no busy backend sampled';
  const parts = [...p.counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([k, n]) => `${k} ${((100 * n) / total).toFixed(0)}%`);
  return `${(total / p.samples).toFixed(1)} busy backends on average — ${parts.join(', ')}`;
}

// ------------------------------------------------------------------------------------------------
// Machine and database description
// ------------------------------------------------------------------------------------------------

function cgroupCpuLimit(): string | undefined {
  try {
    const [quota, period] = readFileSync('/sys/fs/cgroup/cpu.max', 'utf8').trim().split(/\s+/);
    if (!quota || quota === 'max' || !period) return undefined;
    return `${(Number(quota) / Number(period)).toFixed(2)} CPUs (cgroup cpu.max)`;
  } catch {
    return undefined;
  }
}

function machineLines(): string[] {
  const cpus = os.cpus();
  const limit = cgroupCpuLimit();
  return [
    `CPU      ${cpus[0]?.model.trim() ?? 'unknown'} — ${cpus.length} logical cores (available to node: ${os.availableParallelism()})${limit ? `, limit ${limit}` : ''}`,
    `Memory   ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB total, ${(os.freemem() / 1024 ** 3).toFixed(1)} GiB free`,
    `OS       ${os.type()} ${os.release()} ${os.arch()}`,
    `Node     ${process.version}`,
  ];
}

/** Busy CPU time of the whole machine, all cores, in seconds (os.cpus() counters). */
function machineBusySeconds(): number {
  return os.cpus().reduce((t, c) => t + (c.times.user + c.times.nice + c.times.sys + c.times.irq) / 1000, 0);
}

function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');
}

function packageVersion(specifier: string): string {
  try {
    let dir = path.dirname(fileURLToPath(import.meta.resolve(specifier)));
    for (let i = 0; i < 6; i++) {
      const file = path.join(dir, 'package.json');
      if (existsSync(file)) {
        const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
        if (pkg.name === specifier && pkg.version) return pkg.version;
      }
      dir = path.dirname(dir);
    }
  } catch {}
  return 'unknown';
}

async function databaseLine(db: Kysely<any>, bench: BenchDatabase, poolSize: number): Promise<string> {
  const setting = async (name: string) =>
    (await sql<{ v: string }>`select current_setting(${name}) as v`.execute(db)).rows[0]?.v ?? '?';
  const version = await setting('server_version');
  if (bench.kind === 'pglite') {
    return `PGlite ${packageVersion('@electric-sql/pglite')} in memory (PostgreSQL ${version}, one connection, same process as the server)`;
  }
  return (
    `PostgreSQL ${version} at ${bench.label} (pool ${poolSize}, ` +
    `synchronous_commit=${await setting('synchronous_commit')}, fsync=${await setting('fsync')}, ` +
    `shared_buffers=${await setting('shared_buffers')})`
  );
}

// ------------------------------------------------------------------------------------------------
// Report
// ------------------------------------------------------------------------------------------------

interface RouteRun {
  label: string;
  route: 'noop' | WriteRoute;
  warmup: Result | undefined;
  measured: Result;
  waits: WaitProfile | undefined;
  /** CPU cores used on average during the measured run: the server process and the load generator. */
  serverCores: number;
  loadCores: number;
  /** All processes: with PostgreSQL on the same machine, machine − server − load ≈ the database. */
  machineCores: number;
  /** For routes that publish: the outbox backlog when the load stopped and how long it took to drain. */
  outbox: { pending: number; drainMs: number; drained: boolean } | undefined;
}

function failures(r: Result): number {
  return r.errors + r.non2xx;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r, ri) =>
      r
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
        .join('  ')
        .concat(ri === 0 ? `\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : ''),
    )
    .join('\n');
}

function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

// ------------------------------------------------------------------------------------------------
// Main
// ------------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  let settings: Settings;
  try {
    settings = readSettings();
  } catch (err) {
    console.error(String(err instanceof Error ? err.message : err));
    return 2;
  }
  const started = new Date();
  console.log(`tinhso bench — ${started.toISOString()}`);
  for (const line of machineLines()) console.log(line);
  console.log(`Load avg ${loadAverage()} at start (other processes on the machine skew the figures)`);

  let interrupted = false;
  process.once('SIGINT', () => {
    interrupted = true;
    currentChild?.kill('SIGTERM');
  });

  const logCounts = { warn: 0, error: 0 };
  const logger = pino(
    {
      level: 'warn',
      base: { service: 'tinhso-bench' },
      hooks: {
        logMethod(args, method, level) {
          if (level >= 50) logCounts.error++;
          else if (level >= 40) logCounts.warn++;
          method.apply(this, args);
        },
      },
    },
    pino.destination(2),
  );

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tinhso-bench-'));
  let bench: BenchDatabase | undefined;
  let app: FastifyInstance | undefined;
  try {
    bench = await prepareDatabase(settings.target);
    const config = loadConfig(
      {
        TINHSO_ENV: 'test',
        HOST: '127.0.0.1',
        PORT: '0',
        LOG_LEVEL: 'warn',
        DATA_DIR: dataDir,
        DATABASE_URL: bench.url,
        ...(settings.poolSize ? { DATABASE_POOL_SIZE: String(settings.poolSize) } : {}),
        TINHSO_WORKERS: 'true',
        TINHSO_NODE_ID: 'bench',
        TINHSO_DEMO: 'false',
      },
      dataDir,
    );
    const counters = newCounters();
    app = await buildApp(config, { logger, extraModules: [benchModule(counters) as ModuleDefinition<unknown>] });
    const address = await app.listen({ host: config.host, port: config.port });
    if (config.workers.enabled) app.tinhso.workers.start();
    const db = app.tinhso.database.db;
    const tinhso = app.tinhso;

    console.log(`Database ${await databaseLine(db, bench, config.database.poolSize)}`);
    console.log(
      `Load     autocannon (child process), ${settings.connections} connections, ` +
        `${settings.warmupSeconds} s warm-up + ${settings.seconds} s per route, server ${address}, workers on`,
    );
    console.log('');

    const plan: { label: string; route: 'noop' | WriteRoute }[] = [
      { label: '1 GET /bench/noop', route: 'noop' },
      { label: '2 POST /bench/insert', route: 'insert' },
      { label: '3 POST /bench/change', route: 'change' },
      ...(settings.breakdown
        ? ([
            { label: '3a change: INSERT only', route: 'change-tx' },
            { label: '3b change: + audit', route: 'change-audit' },
            { label: '3c change: + outbox', route: 'change-outbox' },
          ] as const)
        : []),
    ];
    const runs: RouteRun[] = [];
    for (const step of plan) {
      const options = (duration: number): Options => ({
        url: `${address}/bench/${step.route}`,
        method: step.route === 'noop' ? 'GET' : 'POST',
        connections: settings.connections,
        duration,
        timeout: 10,
      });
      process.stdout.write(`${step.label}: `);
      let warmup: Result | undefined;
      if (settings.warmupSeconds > 0) {
        process.stdout.write('warm-up… ');
        warmup = (await load(options(settings.warmupSeconds))).result;
        await until(() => counters.inFlight === 0, 30_000);
      }
      process.stdout.write('measuring… ');
      const sampler = bench.kind === 'postgres' && step.route !== 'noop' ? await sampleWaits(bench.url) : undefined;
      const cpu0 = process.cpuUsage();
      const busy0 = machineBusySeconds();
      const { result: measured, cpu: loadCpu } = await load(options(settings.seconds));
      const serverCpu = process.cpuUsage(cpu0);
      const machineCores = (machineBusySeconds() - busy0) / measured.duration;
      const waits = await sampler?.stop();
      const cores = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1e6 / measured.duration;
      // Requests in flight when autocannon stopped still commit: wait for them before counting.
      await until(() => counters.inFlight === 0, 30_000);
      console.log(`${fmt(measured.requests.average)} req/s`);
      const run: RouteRun = {
        label: step.label,
        route: step.route,
        warmup,
        measured,
        waits,
        serverCores: cores(serverCpu),
        loadCores: cores(loadCpu),
        machineCores,
        outbox: undefined,
      };
      runs.push(run);
      if (interrupted) throw new Error('interrupted');

      if (step.route !== 'noop' && WRITE_ROUTES[step.route].publish) {
        // Let the workers deliver this route's events before the next route is measured.
        const t0 = Date.now();
        const before = await tinhso.dispatcher.backlog();
        const drained = await until(async () => (await tinhso.dispatcher.backlog()).pending === 0, 60_000, 100);
        run.outbox = { pending: before.pending, drainMs: Date.now() - t0, drained };
      }
    }

    // --- figures ---------------------------------------------------------------------------------
    const by = (route: RouteRun['route']) => runs.find((r) => r.route === route)!.measured;
    const rows = [
      ['route', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'requests', 'errors', 'CPU server', 'CPU load', 'CPU all'],
    ];
    for (const r of runs) {
      const m = r.measured;
      rows.push([
        r.label,
        fmt(m.requests.average),
        fmt(m.latency.p50),
        fmt(m.latency.p99),
        fmt(m.latency.max),
        fmt(m.requests.total),
        fmt(failures(m)),
        r.serverCores.toFixed(2),
        r.loadCores.toFixed(2),
        r.machineCores.toFixed(2),
      ]);
    }
    console.log('');
    console.log(table(rows));
    console.log(
      `(CPU = cores busy on average: the server process (PGlite included when embedded), autocannon, ` +
        `and the whole machine (${os.cpus().length} cores), PostgreSQL and anything else included)`,
    );
    const changeOverInsert = by('change').requests.average / by('insert').requests.average;
    const insertOverNoop = by('insert').requests.average / by('noop').requests.average;
    console.log('');
    console.log(`ratio (3) change / (2) insert = ${changeOverInsert.toFixed(3)}`);
    console.log(`ratio (2) insert / (1) noop   = ${insertOverNoop.toFixed(3)}`);
    for (const r of runs) {
      if (!r.outbox) continue;
      console.log(
        `outbox after ${r.label}: ${fmt(r.outbox.pending)} events still undelivered when the load stopped, ` +
          (r.outbox.drained
            ? `delivered by the workers ${fmt(r.outbox.drainMs)} ms later`
            : `still not drained after ${fmt(r.outbox.drainMs)} ms`),
      );
    }
    for (const r of runs) {
      if (r.waits) console.log(`PostgreSQL during ${r.label}: ${profileLine(r.waits)}`);
    }

    // --- checks ----------------------------------------------------------------------------------
    console.log('');
    const checks: { ok: boolean; text: string }[] = [];
    const check = (ok: boolean, text: string) => {
      checks.push({ ok, text });
      console.log(`${ok ? 'ok  ' : 'FAIL'}  ${text}`);
    };
    const count = async (query: RawBuilder<{ c: number }>) => Number((await query.execute(db)).rows[0]!.c);
    const writeRuns = runs.filter((r): r is RouteRun & { route: WriteRoute } => r.route !== 'noop');
    const sum = (routes: WriteRoute[]) => routes.reduce((t, r) => t + counters.committed[r], 0);
    const nOf = (routes: WriteRoute[]) => sql.join(routes.map((r) => WRITE_ROUTES[r].n));
    const withAudit = WRITE_ROUTE_NAMES.filter((r) => WRITE_ROUTES[r].audit);
    const withEvent = WRITE_ROUTE_NAMES.filter((r) => WRITE_ROUTES[r].publish);

    const items = await count(sql`select count(*)::int8 as c from bench.item`);
    const byN = await sql<{ n: number; c: number }>`select n, count(*)::int8 as c from bench.item group by n`.execute(
      db,
    );
    const rowsOf = (route: WriteRoute) => Number(byN.rows.find((x) => x.n === WRITE_ROUTES[route].n)?.c ?? 0);
    const committed = sum(WRITE_ROUTE_NAMES);
    check(
      items === committed && WRITE_ROUTE_NAMES.every((r) => rowsOf(r) === counters.committed[r]),
      `bench.item has ${fmt(items)} rows = ${fmt(committed)} 2xx answers of the write routes given by the server (` +
        writeRuns.map((r) => `${fmt(rowsOf(r.route))} by ${r.route}`).join(', ') +
        ')',
    );
    const seen = writeRuns.reduce((t, r) => t + (r.warmup?.['2xx'] ?? 0) + r.measured['2xx'], 0);
    const maxInFlight = writeRuns.length * (settings.warmupSeconds > 0 ? 2 : 1) * settings.connections;
    check(
      seen <= committed && committed - seen <= maxInFlight,
      `autocannon received ${fmt(seen)} of those 2xx answers` +
        (committed > seen
          ? `; the other ${fmt(committed - seen)} were in flight when a run stopped (at most ${settings.connections} per run)`
          : ''),
    );

    const changes = sum(withAudit);
    const auditRows = await count(sql`select count(*)::int8 as c from platform.audit_log where module = 'bench'`);
    const itemsWithoutOneAudit = await count(sql`
      select count(*)::int8 as c from bench.item i
      where (select count(*) from platform.audit_log a where a.entity_type = 'bench_item' and a.entity_id = i.id::text)
            <> (case when i.n in (${nOf(withAudit)}) then 1 else 0 end)`);
    check(
      auditRows === changes && itemsWithoutOneAudit === 0,
      `audit: ${fmt(auditRows)} rows for ${fmt(changes)} audited changes; ` +
        `rows of bench.item without exactly the expected audit row: ${itemsWithoutOneAudit}`,
    );

    const published = sum(withEvent);
    const events = await count(sql`select count(*)::int8 as c from platform.outbox where module = 'bench'`);
    const itemsWithoutOneEvent = await count(sql`
      select count(*)::int8 as c from bench.item i
      left join (select payload->>'id' as id, count(*) as k from platform.outbox where module = 'bench' group by 1) o
        on o.id = i.id::text
      where coalesce(o.k, 0) <> (case when i.n in (${nOf(withEvent)}) then 1 else 0 end)`);
    check(
      events === published && itemsWithoutOneEvent === 0,
      `outbox: ${fmt(events)} events for ${fmt(published)} publishing changes; ` +
        `rows of bench.item without exactly the expected event: ${itemsWithoutOneEvent}`,
    );

    const t0 = Date.now();
    const verification = await app.tinhso.audit.verify();
    check(
      verification.ok,
      `audit chain verifies: ${fmt(verification.rows)} rows in ${verification.chains} chains, ${Date.now() - t0} ms` +
        (verification.ok ? '' : ` — ${JSON.stringify(verification.breaks.slice(0, 3))}`),
    );

    const clientFailures = runs.reduce((s, r) => s + failures(r.measured) + (r.warmup ? failures(r.warmup) : 0), 0);
    const serverFailures = WRITE_ROUTE_NAMES.reduce((t, r) => t + counters.failed[r], 0);
    check(
      clientFailures === 0 && serverFailures === 0,
      `no failed request (client errors/non-2xx: ${clientFailures}, server handler failures: ${serverFailures})`,
    );
    check(
      logCounts.error === 0,
      `no error logged by the platform (errors: ${logCounts.error}, warnings: ${logCounts.warn})`,
    );

    const failed = checks.filter((c) => !c.ok).length;
    console.log('');
    console.log(`load average ${loadAverage()} at the end`);
    console.log(failed === 0 ? 'all checks passed' : `${failed} check(s) FAILED`);
    return failed === 0 ? 0 : 1;
  } catch (err) {
    console.error('');
    console.error(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return interrupted ? 130 : 2;
  } finally {
    try {
      await app?.close();
    } catch (err) {
      console.error(`closing the app failed: ${String(err)}`);
    }
    try {
      await bench?.drop();
    } catch (err) {
      console.error(`dropping the bench database failed: ${String(err)}`);
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------------------------------------
// Entry: the parent runs the bench; the child (forked by load()) runs one autocannon load and
// sends the result back over IPC.
// ------------------------------------------------------------------------------------------------

if (process.argv[2] === LOAD_FLAG) {
  process.once('message', (options: Options) => {
    const cpu0 = process.cpuUsage();
    autocannon(options).then(
      (result) => process.send?.({ ok: true, result, cpu: process.cpuUsage(cpu0) }, () => process.exit(0)),
      (err: unknown) => process.send?.({ ok: false, error: String(err) }, () => process.exit(1)),
    );
  });
} else {
  process.exitCode = await main();
}
