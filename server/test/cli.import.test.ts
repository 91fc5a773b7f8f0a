/** `tinhso import …` as a user runs it: a real process on a database of the kind under test. */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, createTestDatabase, type TestDatabase } from './support.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const CLI = fileURLToPath(new URL('../src/cli/tinhso.ts', import.meta.url));
const REFS = path.join(REPO, 'reference-data');
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase({ onDisk: true });
});
afterAll(async () => {
  await db?.drop();
});

function tinhso(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, 'import', ...args], {
    cwd: REPO,
    env: { ...process.env, DATABASE_URL: db.url, TINHSO_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: tmpdir() },
    encoding: 'utf8',
    timeout: 180_000,
  });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

describe('tinhso import', () => {
  it('imports the day-off schedule, then finds nothing new', () => {
    const file = path.join(REFS, 'calendar', 'vn_official_dayoff_schedule_2024_2027.csv');
    const first = tinhso('calendar', file);
    expect(first.status, first.err).toBe(0);
    expect(first.out).toMatch(/Lịch nghỉ \/ day-off schedule: đọc \d+ dòng/);
    expect(first.err).toMatch(/3\/3 xong \/ done/);
    const again = tinhso('calendar', file);
    expect(again.out).toContain('không đổi / unchanged');
    // Each call starts a process that opens and migrates an on-disk database: slow on a busy machine.
  }, 240_000);

  it('imports the agency registry (dry run first), and refuses a broken file writing nothing', async () => {
    const file = path.join(REFS, 'agency-codes', 'edoc_integrator_dynamiccontact_codes.csv');
    const strict = tinhso('agencies', file);
    expect(strict.status).toBe(1);
    expect(strict.err).toContain('000.1137.H53');
    const dry = tinhso('agencies', file, '--dry-run', '--skip-invalid');
    expect(dry.status, dry.err).toBe(0);
    expect(dry.out).toMatch(/chỉ kiểm tra \/ dry run\): đọc 448, thêm 447/);
    const real = tinhso('agencies', file, '--skip-invalid');
    expect(real.out).toMatch(/đọc 448, thêm 447, cập nhật 0, không đổi 0, bỏ qua 1/);

    const bad = path.join(tmpdir(), `co-quan-loi-${process.pid}.csv`);
    writeFileSync(bad, 'code,name,kind,valid_from\nkhong-phai-ma,Cơ quan,department,2025-07-01\n');
    const refused = tinhso('agencies', bad);
    expect(refused.status).toBe(1);
    expect(refused.err).toMatch(/Không nạp \/ refused/);
    const database = await db.open();
    try {
      expect(await countRows(database, 'catalog.agency')).toBe(447);
    } finally {
      await database.close();
    }
  }, 300_000);

  it('explains a wrong kind or a missing file with exit code 2', () => {
    expect(tinhso('dossiers', 'x.csv').status).toBe(2);
    const missing = tinhso('agencies', '/khong/co/tep.csv');
    expect(missing.status).toBe(2);
    expect(missing.err).toContain('Không tìm thấy');
  });
});
