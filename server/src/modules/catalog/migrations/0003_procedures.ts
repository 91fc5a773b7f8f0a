import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Procedures (thủ tục hành chính), versioned: one row per (national code, version_from). Both
  // bounds inclusive as for units; version_to null = the current version. `data` is the whole
  // parsed record (procedure-import) with the crawled page text; name, sector and levels are
  // copies of its values for filtering. search_key = ascii-folded lower-case name + sector.
  await sql`
    create table catalog.procedure (
      id uuid primary key,
      code text not null,
      version_from date not null,
      version_to date,
      name text not null,
      sector text not null,
      levels text[] not null,
      data jsonb not null,
      flags jsonb not null,
      flag_count integer not null,
      search_key text not null,
      unique (code, version_from),
      check (version_to is null or version_to >= version_from)
    )`.execute(db);
  await sql`create unique index procedure_current on catalog.procedure (code) where version_to is null`.execute(db);
  await sql`create index procedure_sector on catalog.procedure (sector)`.execute(db);
  await sql`create index procedure_search on catalog.procedure using gin (search_key gin_trgm_ops)`.execute(db);

  // The national index of procedure codes (national-index.csv): for search, not versioned.
  await sql`
    create table catalog.procedure_index (
      code text primary key,
      name text not null,
      level text not null,
      sector text not null,
      deciding_act text not null,
      ministry_folder text not null,
      detail_url text not null,
      search_key text not null
    )`.execute(db);
  await sql`create index procedure_index_search on catalog.procedure_index using gin (search_key gin_trgm_ops)`.execute(
    db,
  );
}
