/** Migrations apply on an empty database, again as a no-op, and /readyz reflects them. */
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp, migrationsOf } from '../src/app.ts';
import { type Database, migrateAll, pendingMigrations } from '../src/platform/db/index.ts';
import { createTestDatabase, quietLogger, type TestDatabase, testConfig } from './support.ts';

let testDb: TestDatabase;
let database: Database;
afterAll(async () => {
  await database?.close();
  await testDb?.drop();
});

describe('migrations', () => {
  it('apply on an empty database, then again as a no-op', async () => {
    testDb = await createTestDatabase();
    database = await testDb.open();
    expect((await pendingMigrations(database.db, migrationsOf())).length).toBeGreaterThan(0);

    const app = await buildApp(testConfig(), { logger: quietLogger, database, migrate: false });
    const notReady = await app.inject('/readyz');
    expect(notReady.statusCode).toBe(503);
    expect(notReady.json().detail).toContain('platform/0001_platform');

    const first = await migrateAll(database.db, migrationsOf());
    expect(first.find((r) => r.module === 'platform')?.applied).toEqual(['0001_platform']);
    expect(first.find((r) => r.module === 'catalog')?.applied).toEqual([
      '0001_document_types',
      '0002_admin_units',
      '0003_procedures',
      '0004_agencies_calendars',
    ]);
    const second = await migrateAll(database.db, migrationsOf());
    expect(second.every((r) => r.applied.length === 0)).toBe(true);
    expect(await pendingMigrations(database.db, migrationsOf())).toEqual([]);

    // Each module owns a schema; the extensions the search needs are there on both databases.
    const schemas = await sql<{ nspname: string }>`
      select nspname from pg_namespace where nspname in ('platform', 'catalog') order by 1`.execute(database.db);
    expect(schemas.rows.map((r) => r.nspname)).toEqual(['catalog', 'platform']);
    const ext = await sql<{ u: string; s: number }>`
      select unaccent('Đăng ký khai sinh') as u, similarity('dang ky khai sinh', 'dang ki khai sinh') as s`.execute(
      database.db,
    );
    expect(ext.rows[0]!.u).toBe('Dang ky khai sinh');
    expect(ext.rows[0]!.s).toBeGreaterThan(0.5);

    await new Promise((r) => setTimeout(r, 2100)); // readiness is cached for 2 s
    expect((await app.inject('/readyz')).statusCode).toBe(200);
    await app.close();
  });
});
