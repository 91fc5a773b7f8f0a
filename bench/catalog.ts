import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { buildApp } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import { type CatalogApi, importDayOffSchedule, importProcedures } from '../server/src/modules/catalog/index.ts';
import { vnDate } from '../server/src/platform/clock/index.ts';
import { prepareDatabase, summary } from './bench.database.ts';

const QUERIES = [
  'dang ky khai sinh',
  'giấy phép xây dựng',
  'ly lich tu phap',
  'đăng kí kết hôn',
  'cap lai giay phep lai xe',
  'thành lập doanh nghiệp',
  'chung thuc ban sao',
  'dang ky thuong tru',
  'cấp giấy chứng nhận quyền sử dụng đất',
  'hộ kinh doanh',
  'trợ cấp xã hội',
  'giay phep kinh doanh ruou',
];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const DUE_DATES = Number(process.env.BENCH_DUE_DATES ?? 300_000);

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
  let failed = 0;
  try {
    await app.ready();
    const api = app.tinhso.apis.catalog as CatalogApi;
    const seed = { kind: 'system', id: 'bench', name: 'Đo hiệu năng' } as const;
    const refs = config.referenceDataDir;
    await importProcedures(api, seed, path.join(refs, 'procedures'));
    await importDayOffSchedule(api, seed, path.join(refs, 'calendar', 'vn_official_dayoff_schedule_2024_2027.csv'));
    await api.createCalendar(seed, { id: 'can-tho', name: 'Cần Thơ', provinceCode: '92', isDefault: true });

    const timeInject = async (url: string): Promise<number> => {
      const t0 = performance.now();
      const res = await app.inject({ method: 'GET', url });
      const ms = performance.now() - t0;
      if (res.statusCode !== 200) throw new Error(`${url} → ${res.statusCode} ${res.body}`);
      return ms;
    };
    // Warm-up: JIT, plan caches, pool connections.
    for (const q of QUERIES) {
      await timeInject(`/api/v1/catalog/procedure-index?q=${encodeURIComponent(q)}`);
      await timeInject(`/api/v1/catalog/procedures?q=${encodeURIComponent(q)}`);
      await timeInject('/healthz');
    }
    const ceiling: number[] = [];
    const index: number[] = [];
    const procedures: number[] = [];
    const hits: Record<string, string> = {};
    for (let round = 0; round < ROUNDS; round++) {
      for (const q of QUERIES) {
        ceiling.push(await timeInject('/healthz'));
        index.push(await timeInject(`/api/v1/catalog/procedure-index?q=${encodeURIComponent(q)}&limit=20`));
        procedures.push(await timeInject(`/api/v1/catalog/procedures?q=${encodeURIComponent(q)}&limit=20`));
      }
    }
    for (const q of QUERIES) {
      const res = await app.inject({
        method: 'GET',
        url: `/api/v1/catalog/procedure-index?q=${encodeURIComponent(q)}&limit=1`,
      });
      const body = res.json() as { items: { code: string; name: string }[]; total: number };
      hits[q] = body.items[0]
        ? `${body.total} hits, first: ${body.items[0].code} ${body.items[0].name.slice(0, 60)}`
        : '0 hits';
    }

    // Due dates.
    const calendar = await api.workingCalendar();
    const base = Date.parse('2025-01-01T00:00:00+07:00');
    const span = 3 * 365 * 86_400_000;
    let seedValue = 12345;
    const rand = () => {
      seedValue = (seedValue * 1_103_515_245 + 12_345) & 0x7fffffff;
      return seedValue / 0x7fffffff;
    };
    const runDue = (n: number) => {
      let guard = 0;
      const t0 = performance.now();
      for (let i = 0; i < n; i++) {
        const from = new Date(base + Math.floor(rand() * span));
        const days = 1 + Math.floor(rand() * 30);
        guard += calendar.addWorkingDays(from, days, i % 2 ? { cutoff: '15:00' } : undefined).getTime() & 1;
      }
      return { perSecond: n / ((performance.now() - t0) / 1000), guard };
    };
    const runCeiling = (n: number) => {
      let guard = 0;
      const t0 = performance.now();
      for (let i = 0; i < n; i++) {
        const from = new Date(base + Math.floor(rand() * span));
        const days = 1 + Math.floor(rand() * 30);
        guard += vnDate(from).length + days;
      }
      return { perSecond: n / ((performance.now() - t0) / 1000), guard };
    };
    runDue(20_000);
    runCeiling(20_000);
    const due = runDue(DUE_DATES);
    const dueCeiling = runCeiling(DUE_DATES);
    const dueHttp: number[] = [];
    for (let i = 0; i < 300; i++) {
      const from = new Date(base + Math.floor(rand() * span)).toISOString();
      dueHttp.push(
        await timeInject(`/api/v1/catalog/calendar/due-date?from=${encodeURIComponent(from)}&workingDays=7`),
      );
    }

    const fmt = (x: number) => x.toFixed(2);
    const line = (name: string, s: ReturnType<typeof summary>) =>
      `| ${name} | ${s.n} | ${fmt(s.p50)} | ${fmt(s.p95)} | ${fmt(s.p99)} | ${fmt(s.max)} |`;
    const out = [
      `database: ${target === 'pglite' ? 'PGlite (in memory)' : 'PostgreSQL'}; node ${process.version}; ${ROUNDS} rounds × ${QUERIES.length} queries`,
      '',
      '| request (app.inject, sequential) | n | p50 ms | p95 ms | p99 ms | max ms |',
      '|---|---:|---:|---:|---:|---:|',
      line('ceiling: GET /healthz', summary(ceiling)),
      line('GET /procedure-index?q= (2,642 codes)', summary(index)),
      line('GET /procedures?q= (43 procedures)', summary(procedures)),
      line('GET /calendar/due-date', summary(dueHttp)),
      '',
      `due dates (pure, stored calendar): ${Math.round(due.perSecond).toLocaleString('en')}/s; ceiling (draw inputs + format the date): ${Math.round(dueCeiling.perSecond).toLocaleString('en')}/s; ratio ${(due.perSecond / dueCeiling.perSecond).toFixed(2)}`,
      '',
      'first hit per query:',
      ...QUERIES.map((q) => `  ${q} → ${hits[q]}`),
    ];
    process.stdout.write(`${out.join('\n')}\n`);
    const p95 = summary(index).p95;
    if (p95 >= 10) {
      process.stdout.write(`FAIL: index search p95 ${fmt(p95)} ms ≥ 10 ms\n`);
      failed++;
    }
    if (due.perSecond < 100_000) {
      process.stdout.write(`FAIL: ${Math.round(due.perSecond)} due dates/s < 100,000\n`);
      failed++;
    }
    if (due.guard < 0 || dueCeiling.guard < 0) failed++;
  } finally {
    await app.close();
    await drop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
