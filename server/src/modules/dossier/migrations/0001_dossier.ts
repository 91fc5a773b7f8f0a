import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Process definitions (quy trình nội bộ, Nghị định 118/2025/NĐ-CP): one row per (id, version).
  // A version is immutable once stored except for its status (draft → published → retired) and
  // its end date: a dossier keeps the version it was received under, so a stored version's
  // steps must never change under it. A change is a new version.
  await sql`
    create table dossier.process_definition (
      id text not null,
      version integer not null check (version >= 1),
      procedure_code text not null,
      agency_code text not null,
      status text not null check (status in ('draft', 'published', 'retired')),
      effective_from date not null,
      effective_to date,
      definition jsonb not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      primary key (id, version),
      check (effective_to is null or effective_to >= effective_from)
    )`.execute(db);
  await sql`create index process_definition_lookup on dossier.process_definition (procedure_code, agency_code, status)`.execute(
    db,
  );

  // Dossiers. `state` is the pure core's DossierState (domain/dossier.machine.ts); the columns
  // beside it are copies kept for filtering and indexes, written from the state in the same
  // statement. `version` is the optimistic-concurrency counter: an action that read version n
  // updates only if it is still n (else 409), so two officers never both advance a dossier.
  await sql`
    create table dossier.dossier (
      id uuid primary key,
      code text unique,
      process_id text not null,
      process_version integer not null,
      procedure_code text not null,
      procedure_name text not null,
      receiving_agency text not null,
      handling_agency text not null,
      status text not null,
      step_id text not null,
      step_role text not null,
      assignee_id text,
      co_handler_ids text[] not null default '{}',
      applicant_account text,
      applicant_name text not null,
      applicant_key text not null,
      applicant jsonb not null,
      form_data jsonb not null,
      channel text not null check (channel in ('online', 'in_person', 'postal')),
      lookup_checks text[] not null default '{}',
      state jsonb not null,
      submitted_at timestamptz,
      received_at timestamptz,
      due_at timestamptz,
      step_due_at timestamptz,
      appointment_at timestamptz,
      completed_at timestamptz,
      timeliness text,
      version integer not null default 1,
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`.execute(db);
  await sql`create index dossier_status on dossier.dossier (status, due_at)`.execute(db);
  await sql`create index dossier_handling on dossier.dossier (handling_agency, status)`.execute(db);
  await sql`create index dossier_receiving on dossier.dossier (receiving_agency, status)`.execute(db);
  await sql`create index dossier_assignee on dossier.dossier (assignee_id) where assignee_id is not null`.execute(db);
  await sql`create index dossier_co_handlers on dossier.dossier using gin (co_handler_ids)`.execute(db);
  await sql`create index dossier_applicant on dossier.dossier (applicant_account) where applicant_account is not null`.execute(
    db,
  );
  await sql`create index dossier_applicant_key on dossier.dossier using gin (applicant_key gin_trgm_ops)`.execute(db);

  // History: the processing control sheet (Form 06) is printed from it. Append-only: a trigger
  // refuses UPDATE and DELETE, like the audit log.
  await sql`
    create table dossier.history (
      dossier_id uuid not null references dossier.dossier (id),
      seq integer not null,
      at timestamptz not null,
      action text not null,
      actor_id text not null,
      actor_name text,
      entry jsonb not null,
      primary key (dossier_id, seq)
    )`.execute(db);
  await sql`
    create function dossier.history_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'dossier.history is append-only';
    end $$`.execute(db);
  await sql`
    create trigger history_append_only before update or delete on dossier.history
    for each row execute function dossier.history_append_only()`.execute(db);

  // Components: one row per uploaded file of a component (index in the procedure's list). A
  // supplement adds a new row that supersedes the previous one; nothing is overwritten.
  await sql`
    create table dossier.component (
      dossier_id uuid not null references dossier.dossier (id),
      idx integer not null,
      seq integer not null,
      sha256 text not null,
      size bigint not null,
      mime text not null,
      file_name text not null,
      supersedes integer,
      uploaded_by text not null,
      uploaded_at timestamptz not null,
      primary key (dossier_id, idx, seq)
    )`.execute(db);

  // Daily code sequences (Thông tư 01/2018/TT-VPCP Art. 19): allocated with one upsert inside
  // the dossier's transaction, so the row lock serialises allocators of the same agency and day
  // on any number of nodes, and a rolled-back transaction gives its number back.
  await sql`
    create table dossier.code_sequence (
      agency text not null,
      day date not null,
      last integer not null,
      primary key (agency, day)
    )`.execute(db);

  // Idempotency keys of submissions: (account, key) → the dossier and the first response.
  await sql`
    create table dossier.idempotency (
      account text not null,
      key text not null,
      request_hash text not null,
      dossier_id uuid not null,
      response jsonb not null,
      created_at timestamptz not null,
      primary key (account, key)
    )`.execute(db);

  // Fees and payments. Amounts are numeric (exact VND).
  await sql`
    create table dossier.fee (
      id uuid primary key,
      dossier_id uuid not null references dossier.dossier (id),
      kind text not null,
      description text not null,
      amount_vnd numeric not null check (amount_vnd >= 0),
      status text not null check (status in ('unpaid', 'paid')),
      payment_id uuid,
      paid_at timestamptz
    )`.execute(db);
  await sql`create index fee_dossier on dossier.fee (dossier_id)`.execute(db);
  await sql`
    create table dossier.payment (
      id uuid primary key,
      dossier_id uuid not null references dossier.dossier (id),
      amount_vnd numeric not null,
      status text not null check (status in ('pending', 'paid', 'failed')),
      gateway text not null,
      transaction_no text,
      created_at timestamptz not null,
      completed_at timestamptz
    )`.execute(db);
  await sql`create index payment_dossier on dossier.payment (dossier_id)`.execute(db);
  // Every verified callback, once per (payment, transaction): a replay finds its row.
  await sql`
    create table dossier.payment_callback (
      payment_id uuid not null,
      transaction_no text not null,
      status text not null,
      received_at timestamptz not null,
      primary key (payment_id, transaction_no)
    )`.execute(db);

  // Public lookup rate limit, in the database so it holds across nodes.
  await sql`
    create table dossier.lookup_attempt (
      bucket text not null,
      window_start timestamptz not null,
      count integer not null,
      primary key (bucket, window_start)
    )`.execute(db);

  // Notifications written by deadline jobs (reminder before the due time, escalation after).
  await sql`
    create table dossier.notification (
      id uuid primary key,
      dossier_id uuid not null references dossier.dossier (id),
      kind text not null check (kind in ('reminder', 'overdue')),
      due_at timestamptz not null,
      recipient_agency text not null,
      recipient_role text not null,
      recipient_account text,
      message text not null,
      created_at timestamptz not null,
      unique (dossier_id, kind, due_at)
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'notification',
    'lookup_attempt',
    'payment_callback',
    'payment',
    'fee',
    'idempotency',
    'code_sequence',
    'component',
    'history',
    'dossier',
    'process_definition',
  ]) {
    await sql`drop table if exists ${sql.table(`dossier.${t}`)}`.execute(db);
  }
  await sql`drop function if exists dossier.history_append_only()`.execute(db);
}
