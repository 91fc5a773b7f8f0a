/**
 * Migrations per module: each module owns a Postgres schema named after it and keeps its own
 * migration history in `<schema>.kysely_migration`. All modules migrate under one session-level
 * advisory lock so that several app nodes starting together never race on DDL.
 */
import { type Kysely, sql } from 'kysely';
import { type Migration, Migrator } from 'kysely/migration';

export interface ModuleMigrations {
  /** Module name = Postgres schema name (lowercase, letters and underscores). */
  module: string;
  /** Migration name → migration; names sort in order of application ("0001_init", …). */
  migrations: Record<string, Migration>;
}

// An arbitrary constant: the key of the advisory lock that serialises schema changes.
const MIGRATION_LOCK_KEY = 7_208_114_031n;

function migratorFor(db: Kysely<any>, m: ModuleMigrations): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => m.migrations },
    migrationTableSchema: m.module,
  });
}

export interface MigrationReport {
  module: string;
  applied: string[];
}

export async function migrateAll(db: Kysely<any>, modules: ModuleMigrations[]): Promise<MigrationReport[]> {
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`.execute(conn);
    try {
      const reports: MigrationReport[] = [];
      for (const m of modules) {
        if (!/^[a-z][a-z_]*$/.test(m.module)) throw new Error(`Tên mô-đun không hợp lệ làm schema: ${m.module}`);
        await sql`create schema if not exists ${sql.id(m.module)}`.execute(conn);
        const { error, results } = await migratorFor(conn, m).migrateToLatest();
        if (error) {
          const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? '?';
          throw new Error(`Áp dụng migration ${m.module}/${failed} thất bại: ${String(error)}`, { cause: error });
        }
        reports.push({ module: m.module, applied: (results ?? []).map((r) => r.migrationName) });
      }
      return reports;
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.execute(conn);
    }
  });
}

/** Names of migrations known to the code but not yet applied, per module (empty = ready). */
export async function pendingMigrations(db: Kysely<any>, modules: ModuleMigrations[]): Promise<string[]> {
  const pending: string[] = [];
  for (const m of modules) {
    const list = await migratorFor(db, m).getMigrations();
    for (const info of list) if (!info.executedAt) pending.push(`${m.module}/${info.name}`);
  }
  return pending;
}
