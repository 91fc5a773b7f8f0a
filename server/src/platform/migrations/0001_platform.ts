import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Extensions are database-wide; PGlite loads them from its contrib bundle, PostgreSQL from
  // postgresql-contrib. All three are "trusted", so a database owner may create them.
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`create extension if not exists unaccent`.execute(db);
  await sql`create extension if not exists pgcrypto`.execute(db);

  // --- audit: append-only, hash-chained per partition (module#shard) -------------------------
  await sql`
    create table platform.audit_head (
      chain text primary key,
      seq bigint not null,
      hash text not null
    )`.execute(db);
  await sql`
    create table platform.audit_log (
      id uuid primary key,
      chain text not null,
      seq bigint not null,
      at timestamptz not null,
      module text not null,
      action text not null,
      actor jsonb not null,
      entity_type text not null,
      entity_id text not null,
      data jsonb not null,
      request_id text,
      prev_hash text not null,
      hash text not null,
      unique (chain, seq)
    )`.execute(db);
  await sql`create index audit_log_entity on platform.audit_log (entity_type, entity_id, at)`.execute(db);
  await sql`
    create function platform.audit_log_is_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'Nhật ký kiểm toán chỉ được ghi thêm, không được sửa hoặc xoá (audit_log is append-only)';
    end $$`.execute(db);
  await sql`
    create trigger audit_log_no_update_delete before update or delete on platform.audit_log
    for each row execute function platform.audit_log_is_append_only()`.execute(db);
  await sql`
    create trigger audit_log_no_truncate before truncate on platform.audit_log
    for each statement execute function platform.audit_log_is_append_only()`.execute(db);

  // --- transactional outbox ------------------------------------------------------------------
  await sql`
    create table platform.outbox (
      id uuid primary key,
      seq bigint generated always as identity,
      module text not null,
      type text not null,
      payload jsonb not null,
      occurred_at timestamptz not null,
      delivered_at timestamptz,
      attempts integer not null default 0,
      next_attempt_at timestamptz not null,
      claimed_by text,
      claimed_until timestamptz,
      last_error text
    )`.execute(db);
  await sql`create index outbox_pending on platform.outbox (seq) where delivered_at is null`.execute(db);
  // One row per (consumer, event) makes every consumer idempotent by event id.
  await sql`
    create table platform.event_receipt (
      consumer text not null,
      event_id uuid not null,
      processed_at timestamptz not null,
      primary key (consumer, event_id)
    )`.execute(db);

  // --- jobs and timers ---------------------------------------------------------------------------
  await sql`
    create table platform.job (
      id uuid primary key,
      name text not null,
      payload jsonb not null,
      run_at timestamptz not null,
      status text not null check (status in ('pending', 'running', 'done', 'failed', 'cancelled')),
      attempts integer not null default 0,
      max_attempts integer not null,
      singleton_key text unique,
      claimed_by text,
      claimed_until timestamptz,
      last_error text,
      created_at timestamptz not null,
      finished_at timestamptz
    )`.execute(db);
  await sql`create index job_due on platform.job (run_at) where status in ('pending', 'running')`.execute(db);
}
