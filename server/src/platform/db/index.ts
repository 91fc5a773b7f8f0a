export { type Database, openDatabase } from './db.connect.ts';
export { type MigrationReport, type ModuleMigrations, migrateAll, pendingMigrations } from './db.migrator.ts';
