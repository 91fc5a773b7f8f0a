/**
 * Dossier engine benchmark (issue 5): online submissions, public status lookups and full
 * lifecycles per second, each compared with a ceiling measured in the same run — one plain INSERT
 * through the same pool, as in bench/run.ts. Requests go through the whole server (routing,
 * session cookie + CSRF, validation, policy, the change transaction with history, audit and
 * outbox) by `app.inject`, CONCURRENCY at a time, so the figures exclude the network stack
 * (bench/run.ts measures that separately: ~10k req/s ceiling on this machine).
 *
 * Scenarios, one after the other:
 *   1. ceilings: GET /healthz (the HTTP stack through app.inject, no database), one plain INSERT
 *      (autocommit) through the platform's pool, and a minimal endpoint
 *      doing that INSERT (POST /bench/insert of a bench-only module, in a second app instance on
 *      the same database, through the same app.inject and HTTP hooks);
 *   2. online submission by a citizen (birth registration, 1.001193), CONCURRENCY at a time and
 *      then one at a time;
 *   3. full lifecycle of a birth registration with the real actors: the citizen submits, the
 *      commune's one-stop officer accepts and assigns the specialist, the specialist uploads the
 *      result document (multipart PDF), attaches it and forwards to the leader, the leader approves, the one-stop officer returns it;
 *   4. public lookup by code + check (last four digits of the phone) over the codes of (2) and (3),
 *      each request from its own address, and the (manual) clock moved to the next rate-limit
 *      window whenever every code has been looked up 9 times, so the per-code and per-address
 *      limits (10 and 30 per window) are not what is measured.
 * For every scenario it reports the SQL statements per request (every statement the app sends,
 * BEGIN and COMMIT included), the CPU of this process (the server and the load generator share it)
 * and of the whole machine, and on PostgreSQL where the busy backends were (pg_stat_activity
 * sampled every 25 ms). It checks the outcome: distinct codes, every lifecycle ends `returned`, an
 * intact audit chain. Exit code 1 when a check fails.
 *
 *   npm run bench:dossier                          (PostgreSQL at 127.0.0.1:5432, a fresh database)
 *   BENCH_DATABASE_URL=pglite npm run bench:dossier
 *   BENCH_SECONDS (5), BENCH_CONCURRENCY (20),
 *   BENCH_SCENARIOS (all: http,ceiling,endpoint,submit,submit1,lifecycle,lookup)
 */
import os from 'node:os';
import { sql } from 'kysely';
import pg from 'pg';
import { buildApp } from '../server/src/app.ts';
import { LOOKUP_LIMIT_PER_CODE, LOOKUP_WINDOW_MS } from '../server/src/modules/dossier/dossier.service.ts';
import { ManualClock } from '../server/src/platform/clock/index.ts';
import { openDatabase } from '../server/src/platform/db/index.ts';
import type { ModuleDefinition } from '../server/src/platform/kernel/index.ts';
import { A, addDossierPeople, applicant, seedDossierProvince, uploadResult } from '../server/test/dossier.support.ts';
import { quietLogger, type TestApp, testConfig } from '../server/test/support.ts';
import { type BenchDatabase, prepareDatabase, summary } from './bench.database.ts';

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const SCENARIOS = new Set(
  (process.env.BENCH_SCENARIOS ?? 'http,ceiling,endpoint,submit,submit1,lifecycle,lookup')
    .split(',')
    .map((s) => s.trim()),
);

// ------------------------------------------------------------------------------------------------
// Measuring
// ------------------------------------------------------------------------------------------------

/** Every statement the app sends to the database, counted where the driver sends it. */
const statements = { n: 0 };
function countStatements(pglite: { query: (...a: any[]) => any } | undefined): void {
  if (pglite) {
    const query = pglite.query.bind(pglite);
    pglite.query = (...args: any[]) => {
      statements.n++;
      return query(...args);
    };
    return;
  }
  const query = pg.Client.prototype.query as (...a: any[]) => any;
  (pg.Client.prototype as any).query = function (this: unknown, ...args: any[]) {
    statements.n++;
    return query.apply(this, args);
  };
}

/** Busy CPU time of the whole machine, all cores, in seconds. */
const machineCpu = () =>
  os.cpus().reduce((t, c) => t + (c.times.user + c.times.nice + c.times.sys + c.times.irq) / 1000, 0);

interface Latencies {
  [name: string]: number[];
}

interface Figures {
  /** Completed units (requests, or lifecycles) per second. */
  perSecond: number;
  n: number;
  failures: number;
  p50: number;
  p99: number;
  /** Per step of a unit (the lifecycle's actions), p50 and p99 in ms. */
  steps: Record<string, { n: number; p50: number; p99: number }>;
  statementsPerUnit: number;
  cpuProcess: number;
  cpuMachine: number;
  waits: string;
}

/**
 * Runs `work` CONCURRENCY (or `concurrency`) at a time for SECONDS; `work` returns false on a
 * failed unit and records the time of its steps in `steps`.
 */
async function drive(
  work: (i: number, steps: Latencies) => Promise<boolean>,
  sampler: () => Promise<Sampler>,
  concurrency = CONCURRENCY,
): Promise<Figures> {
  const latencies: number[] = [];
  const steps: Latencies = {};
  let failures = 0;
  let i = 0;
  const waits = await sampler();
  const s0 = statements.n;
  const cpu0 = process.cpuUsage();
  const m0 = machineCpu();
  const t0 = performance.now();
  const end = t0 + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const s = performance.now();
        const ok = await work(i++, steps);
        latencies.push(performance.now() - s);
        if (!ok) failures++;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const machine = machineCpu() - m0;
  const n = latencies.length;
  const stmts = statements.n - s0;
  const waitLine = await waits.stop();
  const all = summary(latencies);
  const stepFigures: Figures['steps'] = {};
  for (const [name, xs] of Object.entries(steps)) {
    const s = summary(xs);
    stepFigures[name] = { n: s.n, p50: s.p50, p99: s.p99 };
  }
  return {
    perSecond: n / seconds,
    n,
    failures,
    p50: all.p50,
    p99: all.p99,
    steps: stepFigures,
    statementsPerUnit: stmts / Math.max(1, n),
    cpuProcess: (cpu.user + cpu.system) / 1e6 / seconds,
    cpuMachine: machine / seconds,
    waits: waitLine,
  };
}

interface Sampler {
  stop(): Promise<string>;
}

/** Where PostgreSQL's client backends of the bench database are, sampled every 25 ms. */
async function sampleWaits(url: string | undefined): Promise<Sampler> {
  if (url === undefined) return { stop: async () => '' };
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const counts = new Map<string, number>();
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const r = await client.query<{ state: string; wt: string | null; we: string | null }>(
        `select state, wait_event_type as wt, wait_event as we from pg_stat_activity
         where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'
           and state <> 'idle'`,
      );
      samples++;
      for (const b of r.rows) {
        const key =
          b.state === 'active'
            ? b.wt
              ? `${b.wt}:${b.we}`
              : 'running'
            : b.state === 'idle in transaction'
              ? 'idle in transaction'
              : b.state;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      await new Promise((res) => setTimeout(res, 25));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await client.end();
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      if (total === 0) return 'no busy backend sampled';
      const parts = [...counts.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 5)
        .map(([k, n]) => `${k} ${((100 * n) / total).toFixed(0)}%`);
      return `${(total / samples).toFixed(1)} busy backends: ${parts.join(', ')}`;
    },
  };
}

/** The minimal single-INSERT endpoint the issue asks the submission to be compared with. */
const insertEndpoint: ModuleDefinition<unknown> = {
  name: 'bench',
  migrations: {
    '0001_item': {
      async up(db) {
        await sql`create table bench.item (id bigserial primary key, n int, at timestamptz)`.execute(db);
      },
    },
  },
  async setup(ctx, app) {
    app.post('/bench/insert', { schema: { hide: true } }, async (_request, reply) => {
      await sql`insert into bench.item (n, at) values (1, now())`.execute(ctx.db);
      reply.code(201);
      return { ok: true };
    });
    return {};
  },
};

// ------------------------------------------------------------------------------------------------
// The province of the run: the dossier tests' commune (server/test/dossier.support.ts), on the
// bench's own database
// ------------------------------------------------------------------------------------------------

const seedActor = { kind: 'system', id: 'bench', name: 'Đo hiệu năng' } as const;

/**
 * The app on the prepared database with what the scenarios use: the 2024–2027 calendar, the
 * crawled procedures, the commune and its parents, the demo process definitions, the commune's
 * desk, specialist and leader, and the citizens — as setUpDossierEnv does for the tests, on
 * the bench's own database (bench.database.ts) instead of a test database.
 */
async function setUpBenchEnv(bench: BenchDatabase, officials: string[]) {
  const database = await openDatabase({
    kind: bench.kind,
    url: bench.url,
    poolSize: bench.kind === 'postgres' ? 10 : 1,
  });
  const clock = new ManualClock('2026-03-16T02:00:00Z'); // Monday 16/3/2026 09:00 in Vietnam
  const app = await buildApp(
    testConfig({ SESSION_IDLE_MINUTES: '1440', SESSION_ABSOLUTE_HOURS: '720', MFA_REQUIRED_ROLES: 'province_admin' }),
    { logger: quietLogger, database, clock },
  );
  const t: TestApp = {
    app,
    database,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
  try {
    await app.ready();
    await seedDossierProvince(app, seedActor);
    const { c, ids } = await addDossierPeople(t, officials);
    return { t, clock, c, ids };
  } catch (err) {
    await t.close();
    throw err;
  }
}

// ------------------------------------------------------------------------------------------------
// The run
// ------------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const bench = await prepareDatabase(process.env.BENCH_DATABASE_URL?.trim() || DEFAULT_DATABASE_URL);
  let e: Awaited<ReturnType<typeof setUpBenchEnv>>;
  try {
    e = await setUpBenchEnv(bench, ['motcua.xa', 'chuyenvien.xa', 'lanhdao.xa']);
  } catch (err) {
    await bench.drop();
    throw err;
  }
  const { t } = e;
  const checks: string[] = [];
  let benchApp: Awaited<ReturnType<typeof buildApp>> | undefined;
  try {
    const db = t.database.db;
    t.app.tinhso.logger.level = 'silent';
    countStatements(t.database.pglite as any);
    // pg_stat_activity of the bench database, from a connection of its own.
    const sampler = () => sampleWaits(bench.kind === 'postgres' ? bench.url : undefined);
    await sql`create table if not exists public.bench_item (id bigserial primary key, n int, at timestamptz)`.execute(
      db,
    );

    const insert = async () => {
      await sql`insert into public.bench_item (n, at) values (1, now())`.execute(db);
      return true;
    };
    // A second app on the same database with the bench module: same hooks, same pool.
    benchApp = await buildApp(testConfig(), {
      logger: quietLogger,
      database: t.database,
      extraModules: [insertEndpoint],
    });
    await benchApp.ready();
    const endpoint = async () => {
      const res = await benchApp!.inject({ method: 'POST', url: '/bench/insert', payload: {} });
      return res.statusCode === 201;
    };
    const dan = e.c.dan!;
    const desk = e.c['motcua.xa']!;
    const specialist = e.c['chuyenvien.xa']!;
    const leader = e.c['lanhdao.xa']!;
    const codes: string[] = [];
    const submit = async (i: number) => {
      const res = await dan.post('/api/v1/dossiers', {
        procedureCode: '1.001193',
        agencyCode: A.commune,
        applicant: { ...applicant, name: `Người nộp ${i}` },
      });
      if (res.statusCode === 201) codes.push(res.json().code as string);
      return res.statusCode === 201;
    };

    // The lifecycle of one birth registration, each step timed on its own.
    const returned: string[] = [];
    const lifecycle = async (i: number, steps: Latencies) => {
      const step = async (name: string, run: () => ReturnType<typeof dan.post>, status: number) => {
        const s = performance.now();
        const res = await run();
        const xs = steps[name] ?? [];
        steps[name] = xs;
        xs.push(performance.now() - s);
        if (res.statusCode !== status) throw new Error(`${name}: ${res.statusCode} ${res.body.slice(0, 300)}`);
        return res.json();
      };
      try {
        const d = await step(
          'submit (citizen)',
          () =>
            dan.post('/api/v1/dossiers', {
              procedureCode: '1.001193',
              agencyCode: A.commune,
              applicant: { ...applicant, name: `Người nộp trọn quy trình ${i}` },
            }),
          201,
        );
        const act = (body: Record<string, unknown>, by: typeof dan) => () =>
          by.post(`/api/v1/dossiers/${d.id}/actions`, body);
        await step(
          'accept (one-stop officer)',
          act({ kind: 'accept', nextHandler: e.ids['chuyenvien.xa'] }, desk),
          200,
        );
        const upload = await step('upload result (specialist)', () => uploadResult(specialist, d.id), 201);
        await step(
          'attach_result (specialist)',
          act({ kind: 'attach_result', resultFileIds: [upload.fileId] }, specialist),
          200,
        );
        await step(
          'forward (specialist)',
          act({ kind: 'forward', to: 'sign', nextHandler: e.ids['lanhdao.xa'] }, specialist),
          200,
        );
        await step('approve (leader)', act({ kind: 'approve', nextHandler: e.ids['motcua.xa'] }, leader), 200);
        const end = await step('return_result (one-stop officer)', act({ kind: 'return_result' }, desk), 200);
        if (end.status !== 'returned') throw new Error(`ended ${end.status}`);
        returned.push(d.code as string);
        return true;
      } catch (err) {
        if (returned.length === 0) process.stderr.write(`lifecycle failed: ${String(err)}\n`);
        return false;
      }
    };

    let lookupI = 0;
    let lookupWindow = 0;
    const lookupCodes: string[] = [];
    const check = applicant.phone.slice(-4);
    const lookup = async () => {
      const i = lookupI++;
      const window = Math.floor(i / (lookupCodes.length * (LOOKUP_LIMIT_PER_CODE - 1)));
      if (window > lookupWindow) {
        lookupWindow = window;
        e.clock.advance(LOOKUP_WINDOW_MS);
      }
      const code = lookupCodes[i % lookupCodes.length]!;
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/public/dossiers/${encodeURIComponent(code)}?check=${check}`,
        remoteAddress: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      });
      return res.statusCode === 200;
    };

    // Warm-up: caches, JIT, the pool's connections.
    for (let i = 0; i < 30; i++) {
      await insert();
      await endpoint();
      await submit(i);
      await lifecycle(i, {});
    }
    codes.length = 0;
    returned.length = 0;

    const results: [string, Figures][] = [];
    const run = async (key: string, name: string, work: Parameters<typeof drive>[0], concurrency?: number) => {
      if (!SCENARIOS.has(key)) return undefined;
      const f = await drive(work, sampler, concurrency);
      results.push([name, f]);
      return f;
    };
    const healthz = async () => (await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode === 200;
    await run('http', 'ceiling: GET /healthz (HTTP stack, no database)', healthz);
    const ceiling = await run('ceiling', 'ceiling: one plain INSERT (pool)', insert);
    const ceilingEndpoint = await run('endpoint', 'ceiling: POST /bench/insert (one INSERT endpoint)', endpoint);
    const submissions = await run('submit', 'online submission (citizen)', submit);
    await run('submit1', 'online submission, concurrency 1', submit, 1);
    const lifecycles = await run('lifecycle', 'full lifecycle (7 requests), dossiers', lifecycle);
    lookupCodes.push(...returned, ...codes);
    if (lookupCodes.length === 0) lookupCodes.push(...returned);
    const lookups = lookupCodes.length > 0 ? await run('lookup', 'public lookup by code + check', lookup) : undefined;

    // Checks.
    if (new Set(codes).size !== codes.length) checks.push(`duplicate codes: ${codes.length - new Set(codes).size}`);
    if (submissions && submissions.failures > 0) checks.push(`${submissions.failures} submissions failed`);
    if (lifecycles && lifecycles.failures > 0) checks.push(`${lifecycles.failures} lifecycles failed`);
    if (lookups && lookups.failures > 0) checks.push(`${lookups.failures} lookups were not 200`);
    const audit = await t.app.tinhso.audit.verify();
    if (!audit.ok) checks.push(`audit chain broken: ${JSON.stringify(audit.breaks[0])}`);

    const row = (name: string, f: Figures) =>
      `| ${name} | ${Math.round(f.perSecond).toLocaleString('en')} | ${f.p50.toFixed(1)} | ${f.p99.toFixed(1)} | ${f.n} | ${f.failures} | ${f.statementsPerUnit.toFixed(1)} | ${f.cpuProcess.toFixed(2)} | ${f.cpuMachine.toFixed(2)} |`;
    const out = [
      `database: ${t.database.kind} (${bench.label}); ${SECONDS} s each, concurrency ${CONCURRENCY}, app.inject; ${os.cpus().length} cores`,
      '',
      '| scenario | per second | p50 ms | p99 ms | units | failed | statements/unit | CPU process | CPU machine |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...results.map(([name, f]) => row(name, f)),
      '',
    ];
    if (lifecycles) {
      out.push('| lifecycle step | n | p50 ms | p99 ms |', '|---|---:|---:|---:|');
      for (const [name, s] of Object.entries(lifecycles.steps)) {
        out.push(`| ${name} | ${s.n} | ${s.p50.toFixed(1)} | ${s.p99.toFixed(1)} |`);
      }
      out.push('');
    }
    for (const [name, c] of [
      ['the one-INSERT endpoint', ceilingEndpoint],
      ['the plain INSERT', ceiling],
    ] as const) {
      if (!c) continue;
      const ratio = (f: Figures | undefined, per = 1) => (f ? ((f.perSecond * per) / c.perSecond).toFixed(3) : 'n/a');
      out.push(
        `ratios to ${name}: submission ${ratio(submissions)}, lookup ${ratio(lookups)}, lifecycle requests ${ratio(lifecycles, 7)}`,
      );
    }
    for (const [name, f] of results) if (f.waits) out.push(`backends during ${name}: ${f.waits}`);
    out.push(
      `${codes.length} submissions, ${new Set(codes).size} distinct codes; ${returned.length} lifecycles returned; ${lookupCodes.length} codes looked up over ${lookupWindow + 1} rate-limit windows; audit ${audit.rows} rows in ${audit.chains} chains ${audit.ok ? 'verified' : 'BROKEN'}`,
      checks.length === 0 ? 'all checks passed' : `CHECKS FAILED: ${checks.join('; ')}`,
    );
    process.stdout.write(`${out.join('\n')}\n`);
    return checks.length === 0 ? 0 : 1;
  } finally {
    await benchApp?.close();
    await t.close();
    await bench.drop();
  }
}

process.exitCode = await main();
