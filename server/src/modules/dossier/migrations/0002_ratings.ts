import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // The applicant's rating of the service once the result is handed back (issue 5; the
  // satisfaction indicator of Quyết định 766/QĐ-TTg, 2022). One rating per dossier, never edited:
  // the primary key is what makes "once" hold under concurrent requests. The receiving agency and
  // the procedure are copied from the dossier when it is rated, so the public statistics group
  // ratings without reading the dossier rows, and neither changes after the result is returned.
  await sql`
    create table dossier.rating (
      dossier_id uuid primary key references dossier.dossier (id),
      score smallint not null check (score between 1 and 5),
      comment text check (comment is null or char_length(comment) <= 1000),
      rated_at timestamptz not null,
      agency_code text not null,
      procedure_code text not null
    )`.execute(db);
  await sql`create index rating_rated_at on dossier.rating (rated_at)`.execute(db);

  // The public statistics count dossiers received and completed in a year: range scans on these
  // instants instead of reading every dossier.
  await sql`create index dossier_received_at on dossier.dossier (received_at) where received_at is not null`.execute(
    db,
  );
  await sql`create index dossier_completed_at on dossier.dossier (completed_at) where completed_at is not null`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists dossier.dossier_completed_at`.execute(db);
  await sql`drop index if exists dossier.dossier_received_at`.execute(db);
  await sql`drop table if exists dossier.rating`.execute(db);
}
