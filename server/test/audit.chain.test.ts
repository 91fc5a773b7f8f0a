/** The audit hash chain: 1,000 changes verify; an edited or deleted row is found, by the API and by the CLI. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { canonicalJson } from '../src/platform/audit/index.ts';
import type { Database } from '../src/platform/db/index.ts';
import { createTestDatabase, quietLogger, type TestDatabase, testConfig } from './support.ts';

const CLI = fileURLToPath(new URL('../src/cli/tinhso.ts', import.meta.url));
const actor = { kind: 'system' as const, id: 'test' };

let testDb: TestDatabase;
let database: Database;

beforeAll(async () => {
  testDb = await createTestDatabase({ onDisk: true });
  database = await testDb.open();
  const app = await buildApp(testConfig(), { logger: quietLogger, database });
  const ctx = app.tinhso.contexts.catalog!;
  // 1,000 changes over 250 entities, so several partitions carry long chains.
  for (let i = 0; i < 1000; i++) {
    await ctx.change(actor, `req-${i}`, (c) =>
      c.audit({ action: 'probe.update', entityType: 'probe', entityId: `e-${i % 250}`, data: { i, text: `Lần ${i}` } }),
    );
  }
  await app.close();
});

afterAll(async () => {
  await database?.close();
  await testDb?.drop();
});

async function verifyCli() {
  // The CLI opens the database itself: PGlite on disk cannot be shared with this process.
  if (database.kind === 'pglite') await database.close();
  const r = spawnSync(process.execPath, [CLI, 'verify-audit'], {
    env: { ...process.env, DATABASE_URL: testDb.url, LOG_LEVEL: 'silent', TINHSO_ENV: 'test' },
    encoding: 'utf8',
  });
  if (database.kind === 'pglite') database = await testDb.open();
  return r;
}

async function asAttacker(work: () => Promise<unknown>) {
  // An attacker with the table owner's rights can switch the append-only trigger off.
  await sql`alter table platform.audit_log disable trigger audit_log_no_update_delete`.execute(database.db);
  try {
    await work();
  } finally {
    await sql`alter table platform.audit_log enable trigger audit_log_no_update_delete`.execute(database.db);
  }
}

describe('audit chain', () => {
  it('an untouched chain of 1,000 rows verifies, through the API and the CLI', async () => {
    const app = await buildApp(testConfig(), { logger: quietLogger, database, migrate: false });
    const result = await app.tinhso.audit.verify();
    await app.close();
    expect(result).toMatchObject({ ok: true, rows: 1000 });
    expect(result.chains).toBeGreaterThan(1);
    const cli = await verifyCli();
    expect(cli.status, cli.stderr).toBe(0);
    expect(cli.stdout).toContain('1000');
  });

  it('the log refuses UPDATE and DELETE through the trigger', async () => {
    await expect(sql`update platform.audit_log set action = 'x'`.execute(database.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from platform.audit_log`.execute(database.db)).rejects.toThrow(/append-only/);
  });

  it('an altered row is found: verify fails at exactly that row', async () => {
    const target = (
      await sql<{ id: string; chain: string; seq: number }>`
        select id, chain, seq from platform.audit_log where seq = 17 order by chain limit 1`.execute(database.db)
    ).rows[0]!;
    const original = (
      await sql<{ data: unknown }>`select data from platform.audit_log where id = ${target.id}`.execute(database.db)
    ).rows[0]!.data;
    await asAttacker(() =>
      sql`update platform.audit_log set data = jsonb_set(data, '{text}', '"đã sửa"') where id = ${target.id}`.execute(
        database.db,
      ),
    );
    const cli = await verifyCli();
    expect(cli.status).toBe(1);
    expect(cli.stdout).toContain(`chain=${target.chain} seq=${target.seq} id=${target.id}`);
    expect(cli.stdout).toContain('bị sửa');
    // Put it back: the chain verifies again.
    await asAttacker(() =>
      sql`update platform.audit_log set data = ${JSON.stringify(original)}::jsonb where id = ${target.id}`.execute(
        database.db,
      ),
    );
    expect((await verifyCli()).status).toBe(0);
  });

  it('a deleted row is found at its place in the chain; a deleted last row too', async () => {
    const target = (
      await sql<{ id: string; chain: string; seq: number }>`
        select id, chain, seq from platform.audit_log where seq = 5 order by chain desc limit 1`.execute(database.db)
    ).rows[0]!;
    await asAttacker(() => sql`delete from platform.audit_log where id = ${target.id}`.execute(database.db));
    const cli = await verifyCli();
    expect(cli.status).toBe(1);
    expect(cli.stdout).toContain(`chain=${target.chain} seq=${target.seq}`);
    expect(cli.stdout).toContain('thiếu bản ghi số 5');

    const last = (
      await sql<{ id: string; chain: string; seq: number }>`
        select l.id, l.chain, l.seq from platform.audit_log l join platform.audit_head h
          on h.chain = l.chain and h.seq = l.seq where l.chain <> ${target.chain} limit 1`.execute(database.db)
    ).rows[0]!;
    await asAttacker(() => sql`delete from platform.audit_log where id = ${last.id}`.execute(database.db));
    const cli2 = await verifyCli();
    expect(cli2.status).toBe(1);
    expect(cli2.stdout).toContain(`chain=${last.chain} seq=${last.seq}`);
  });
});

describe('canonical encoding', () => {
  it('does not depend on key order and round-trips through JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const shuffled = JSON.parse(JSON.stringify(v), (_k, x) =>
          x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).reverse()) : x,
        );
        expect(canonicalJson(shuffled)).toBe(canonicalJson(v));
        expect(canonicalJson(JSON.parse(canonicalJson(v)))).toBe(canonicalJson(v));
      }),
    );
  });
});
