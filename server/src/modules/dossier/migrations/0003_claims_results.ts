import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Idempotency keys are claimed before a submission takes its daily number (ARCHITECTURE.md,
  // deviation 10): the row exists with an empty answer while the submission is under way, and
  // names its claimant — the process (a random id per start) and the database session that wrote
  // the claim (pid and start time; a session of a killed node ends with it). A copy of the same
  // request waits for the answer; a retry takes over a claim whose session is gone. A claimed
  // row has `claimant_boot` set; an answered one has it null.
  await sql`alter table dossier.idempotency add column claimant_boot text`.execute(db);
  await sql`alter table dossier.idempotency add column claimant_pid integer`.execute(db);
  await sql`alter table dossier.idempotency add column claimant_started timestamptz`.execute(db);
  await sql`alter table dossier.idempotency add column claimed_at timestamptz`.execute(db);

  // Result documents (Nghị định 61/2018/NĐ-CP Art. 20, Nghị định 45/2020/NĐ-CP Art. 21: the
  // result of an online procedure may be returned as an electronic document). The handling
  // official uploads them; `attach_result` accepts only ids of this table for the same dossier.
  await sql`
    create table dossier.result_file (
      id uuid primary key,
      dossier_id uuid not null references dossier.dossier (id),
      sha256 text not null,
      size bigint not null,
      mime text not null,
      file_name text not null,
      uploaded_by text not null,
      uploaded_at timestamptz not null
    )`.execute(db);
  await sql`create index result_file_dossier on dossier.result_file (dossier_id, uploaded_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists dossier.result_file`.execute(db);
  for (const c of ['claimed_at', 'claimant_started', 'claimant_pid', 'claimant_boot']) {
    await sql`alter table dossier.idempotency drop column if exists ${sql.raw(c)}`.execute(db);
  }
}
