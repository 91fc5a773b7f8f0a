/**
 * Opens the system of record: PGlite (embedded, the default) or PostgreSQL (production).
 * Both get the same type parsing so the same queries return the same JavaScript values:
 * int8 → number (counts and sequences stay far below 2^53), numeric → string (money is exact),
 * date → 'YYYY-MM-DD' string (a calendar date has no time zone), timestamptz → Date.
 */
import { mkdirSync } from 'node:fs';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../../config.ts';
import { PgliteDialect } from './db.pglite-dialect.ts';

export interface Database {
  kind: 'pglite' | 'postgres';
  /** Untyped at the platform level; each module's repository narrows it to its own tables. */
  db: Kysely<any>;
  /** The PGlite instance when embedded (for dumps in tests and backups). */
  pglite: PGlite | undefined;
  ping(): Promise<void>;
  close(): Promise<void>;
}

const OID_INT8 = 20;
const OID_DATE = 1082;

export async function openDatabase(config: DatabaseConfig, options: { loadDataDir?: Blob } = {}): Promise<Database> {
  if (config.kind === 'pglite') {
    const memory = config.url === 'memory://';
    if (!memory) mkdirSync(config.url, { recursive: true });
    const pglite = await PGlite.create({
      ...(memory ? {} : { dataDir: config.url }),
      extensions: { pg_trgm, unaccent, pgcrypto },
      parsers: {
        [pgliteTypes.INT8]: (v: string) => Number(v),
        [pgliteTypes.DATE]: (v: string) => v,
      },
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    });
    const db = new Kysely<any>({ dialect: new PgliteDialect(pglite) });
    return {
      kind: 'pglite',
      db,
      pglite,
      ping: async () => {
        await sql`select 1`.execute(db);
      },
      close: async () => {
        await db.destroy();
        await pglite.close();
      },
    };
  }

  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolSize,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === OID_INT8) return (v: string) => Number(v);
        if (oid === OID_DATE) return (v: string) => v;
        return pg.types.getTypeParser(oid, format as 'text');
      }) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    db,
    pglite: undefined,
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: async () => {
      await db.destroy();
    },
  };
}
