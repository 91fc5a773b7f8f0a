import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Document types of Nghị định 30/2020/NĐ-CP, Phụ lục III. Effective-dated: a type or its
  // abbreviation changed by a later decree gets a new row, old documents keep theirs.
  await sql`
    create table catalog.document_type (
      id uuid primary key,
      code text not null,
      name text not null,
      abbreviation text,
      grp text not null check (grp in ('van_ban_hanh_chinh', 'ban_sao')),
      note text,
      legal_basis text not null,
      valid_from date not null,
      valid_to date,
      created_at timestamptz not null,
      check (valid_to is null or valid_to > valid_from)
    )`.execute(db);
  await sql`create unique index document_type_code_from on catalog.document_type (code, valid_from)`.execute(db);
  // Two types may not share an abbreviation at the same time (it appears in document notation).
  await sql`create unique index document_type_abbr_open on catalog.document_type (abbreviation)
            where valid_to is null and abbreviation is not null`.execute(db);
}
