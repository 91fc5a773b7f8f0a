export { type Database, openDatabase } from './db.connect.ts';
export { type MigrationReport, migrateAll, type ModuleMigrations, pendingMigrations } from './db.migrator.ts';
