import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Administrative units, effective-dated. Codes are reused across time (82 was Tiền Giang, is
  // Đồng Tháp), so a unit is (code, validity), never the code alone. Both bounds are INCLUSIVE
  // (valid_to is the last day), as in unit-import; valid_from null = unknown start (the
  // pre-2025 list is a snapshot), read as open-ended.
  await sql`
    create table catalog.admin_unit (
      id uuid primary key,
      code text not null,
      level text not null check (level in ('province', 'district', 'commune')),
      name text not null,
      full_name text not null,
      unit_type text not null,
      parent_code text,
      valid_from date,
      valid_to date,
      source text not null,
      name_key text not null,
      search_key text not null,
      check (valid_from is null or valid_to is null or valid_to >= valid_from)
    )`.execute(db);
  // NULLS NOT DISTINCT (PostgreSQL 15+, PGlite 0.5 is 17): one version per (code, start) even when
  // the start is unknown.
  await sql`create unique index admin_unit_code_from on catalog.admin_unit (code, valid_from) nulls not distinct`.execute(
    db,
  );
  await sql`create index admin_unit_level_code on catalog.admin_unit (level, code)`.execute(db);
  await sql`create index admin_unit_parent on catalog.admin_unit (parent_code, code)`.execute(db);
  await sql`create index admin_unit_search on catalog.admin_unit using gin (search_key gin_trgm_ops)`.execute(db);

  // The 2025 reform: (part of) the old unit, read on old_valid_to, became (part of) the new unit,
  // read on new_valid_from. Names as the mapping gives them, for edges whose unit is not stored.
  await sql`
    create table catalog.unit_succession (
      old_code text not null,
      old_valid_to date not null,
      old_name text not null,
      new_code text not null,
      new_valid_from date not null,
      new_name text not null,
      kind text not null check (kind in ('full', 'partial')),
      corrected_from text,
      primary key (old_code, old_valid_to, new_code, new_valid_from)
    )`.execute(db);
  await sql`create index unit_succession_new on catalog.unit_succession (new_code, new_valid_from)`.execute(db);

  // The defect report of the last import that changed it, for administrators to review.
  await sql`
    create table catalog.unit_import_defect (
      seq integer primary key,
      severity text not null check (severity in ('error', 'warning', 'info')),
      kind text not null,
      code text,
      message text not null,
      details jsonb,
      suggestion text,
      resolved_by text
    )`.execute(db);
}
