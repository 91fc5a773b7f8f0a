/**
 * Test support: each test file gets its own fresh database — an in-memory PGlite, or a new
 * database on the PostgreSQL server named by TINHSO_TEST_PG_URL when TINHSO_TEST_DB=postgres —
 * and drops it at the end. Nothing depends on state left by an earlier run.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import pino from 'pino';
import { type BuildOptions, buildApp } from '../src/app.ts';
import { type Config, loadConfig } from '../src/config.ts';
import { type Database, openDatabase } from '../src/platform/db/index.ts';

export const testDbKind: 'pglite' | 'postgres' = process.env.TINHSO_TEST_DB === 'postgres' ? 'postgres' : 'pglite';
export const pgAdminUrl = process.env.TINHSO_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const natsUrl = process.env.TINHSO_TEST_NATS_URL;
export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';
export const quietLogger = pino({ level: 'silent' });

export interface TestDatabase {
  kind: 'pglite' | 'postgres';
  /** DATABASE_URL value for this database (PGlite in memory cannot be shared across processes). */
  url: string;
  open(): Promise<Database>;
  drop(): Promise<void>;
}

/** A fresh, empty database. `onDisk` forces PGlite onto a directory so a child process can open it. */
export async function createTestDatabase(options: { onDisk?: boolean } = {}): Promise<TestDatabase> {
  if (testDbKind === 'postgres') {
    const name = `tinhso_t_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: pgAdminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(pgAdminUrl);
    url.pathname = `/${name}`;
    return {
      kind: 'postgres',
      url: url.toString(),
      open: () => openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 10 }),
      drop: async () => {
        const c = new pg.Client({ connectionString: pgAdminUrl });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      },
    };
  }
  if (options.onDisk) {
    const dir = mkdtempSync(path.join(tmpdir(), 'tinhso-pglite-'));
    return {
      kind: 'pglite',
      url: `pglite:${dir}`,
      open: () => openDatabase({ kind: 'pglite', url: dir, poolSize: 1 }),
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  return {
    kind: 'pglite',
    url: 'memory://',
    open: () => openDatabase({ kind: 'pglite', url: 'memory://', poolSize: 1 }),
    drop: async () => {},
  };
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  const dir = mkdtempSync(path.join(tmpdir(), 'tinhso-test-'));
  return loadConfig(
    {
      TINHSO_ENV: 'test',
      DATA_DIR: dir,
      LOG_LEVEL: 'silent',
      TINHSO_ADMIN_TOKEN: ADMIN_TOKEN,
      TINHSO_WORKERS: 'false',
      ...overrides,
    },
    dir,
  );
}

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  close(): Promise<void>;
}

/** A full app on a fresh database of the kind under test. */
export async function createTestApp(options: BuildOptions & { env?: Record<string, string> } = {}): Promise<TestApp> {
  const testDb = await createTestDatabase();
  const database = await testDb.open();
  const app = await buildApp(testConfig(options.env), { logger: quietLogger, database, ...options });
  await app.ready();
  return {
    app,
    database,
    close: async () => {
      await app.close();
      await database.close();
      await testDb.drop();
    },
  };
}

export const adminHeaders = { authorization: `Bearer ${ADMIN_TOKEN}` };

/** Counts rows of a table (for "nothing was written" assertions). */
export async function countRows(database: Database, table: string): Promise<number> {
  const { sql } = await import('kysely');
  const r = await sql<{ n: number }>`select count(*)::int8 as n from ${sql.table(table)}`.execute(database.db);
  return r.rows[0]!.n;
}
