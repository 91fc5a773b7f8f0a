/**
 * `npm test`: runs the whole suite on the embedded database (PGlite) and again on a real
 * PostgreSQL, plus the NATS delivery test. On a machine without PostgreSQL or NATS it runs
 * everything that needs no server and says what it skipped; under CI=true a missing server is a
 * failure, never a skip.
 *
 *   TINHSO_TEST_DB        pglite | postgres | all (default all)
 *   TINHSO_TEST_PG_URL    admin URL for creating test databases (default postgres://postgres@127.0.0.1:5432/postgres)
 *   TINHSO_TEST_NATS_URL  NATS server (default nats://127.0.0.1:4222)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect } from 'nats';
import pg from 'pg';
import { ensureWebBuilt } from '../web/scripts/build-if-stale.ts';

const ci = process.env.CI === 'true';
const mode = process.env.TINHSO_TEST_DB ?? 'all';
const pgUrl = process.env.TINHSO_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const natsUrl = process.env.TINHSO_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const serverDir = fileURLToPath(new URL('../server', import.meta.url));
const extraArgs = process.argv.slice(2);

if (!['pglite', 'postgres', 'all'].includes(mode)) {
  process.stderr.write(`TINHSO_TEST_DB phải là pglite, postgres hoặc all (nhận được «${mode}»)\n`);
  process.exit(2);
}

async function reachPostgres(): Promise<string | null> {
  const c = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    const r = await c.query('show server_version');
    return r.rows[0].server_version as string;
  } catch {
    return null;
  } finally {
    await c.end().catch(() => {});
  }
}

async function reachNats(): Promise<boolean> {
  try {
    const nc = await connect({ servers: natsUrl, timeout: 3000, reconnect: false });
    const jsm = await nc.jetstreamManager({ timeout: 3000 });
    await jsm.getAccountInfo();
    await nc.close();
    return true;
  } catch {
    return false;
  }
}

const skipped: string[] = [];
const failures: string[] = [];
const kinds: ('pglite' | 'postgres')[] = [];
if (mode !== 'postgres') kinds.push('pglite');

const pgVersion = mode === 'pglite' ? null : await reachPostgres();
if (mode !== 'pglite') {
  if (pgVersion) kinds.push('postgres');
  else if (ci) failures.push(`PostgreSQL không kết nối được tại ${pgUrl} (CI=true: bắt buộc)`);
  else skipped.push(`bộ kiểm thử trên PostgreSQL (không kết nối được ${pgUrl})`);
}
const natsOk = await reachNats();
if (!natsOk) {
  if (ci) failures.push(`NATS JetStream không kết nối được tại ${natsUrl} (CI=true: bắt buộc)`);
  else skipped.push(`kiểm thử chuyển sự kiện qua NATS (không kết nối được ${natsUrl})`);
}

// The browser journeys serve web/dist: build it once here, before the parallel workers start.
process.stdout.write('\n=== Web app build (web/dist) ===\n');
try {
  await ensureWebBuilt();
} catch (err) {
  failures.push(`không dựng được ứng dụng web: ${(err as Error).message}`);
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const outDir = mkdtempSync(path.join(tmpdir(), 'tinhso-test-report-'));
for (const kind of kinds) {
  process.stdout.write(
    `\n=== Kiểm thử trên ${kind === 'pglite' ? 'PGlite (nhúng)' : `PostgreSQL ${pgVersion}`} / tests on ${kind} ===\n`,
  );
  const report = path.join(outDir, `${kind}.json`);
  const r = spawnSync(
    process.execPath,
    [
      path.join(serverDir, '../node_modules/vitest/vitest.mjs'),
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
      ...extraArgs,
    ],
    {
      cwd: serverDir,
      stdio: 'inherit',
      env: {
        ...process.env,
        TINHSO_TEST_DB: kind,
        TINHSO_TEST_PG_URL: pgUrl,
        ...(natsOk ? { TINHSO_TEST_NATS_URL: natsUrl } : {}),
      },
    },
  );
  try {
    const json = JSON.parse(readFileSync(report, 'utf8'));
    totals.passed += json.numPassedTests;
    totals.failed += json.numFailedTests;
    totals.skipped += json.numPendingTests + json.numTodoTests;
  } catch {
    failures.push(`không đọc được kết quả kiểm thử trên ${kind}`);
  }
  if (r.status !== 0) failures.push(`kiểm thử trên ${kind} thất bại (mã thoát ${r.status})`);
}
rmSync(outDir, { recursive: true, force: true });

process.stdout.write('\n');
for (const s of skipped) process.stdout.write(`Đã bỏ qua / skipped: ${s}\n`);
for (const f of failures) process.stdout.write(`LỖI / FAILED: ${f}\n`);
process.stdout.write(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
process.exit(failures.length > 0 || totals.failed > 0 ? 1 : 0);
