import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // One account table for the three kinds of holder. Citizens are identified by the 12-digit
  // personal identification number (Luật Căn cước 2023, Nghị định 69/2024), organisations by the
  // enterprise/tax code (Luật Quản lý thuế 2019: 10 digits, branches 13 as 0123456789-001),
  // officials by a username and belong to an agency (catalog agency code) with a position.
  await sql`
    create table identity.account (
      id uuid primary key,
      kind text not null check (kind in ('official', 'citizen', 'organisation')),
      username text not null,
      name text not null,
      email text,
      email_verified boolean not null default false,
      phone text,
      citizen_id text,
      citizen_id_verified boolean not null default false,
      tax_code text,
      agency_code text,
      position text,
      password_hash text,
      password_changed_at timestamptz,
      disabled_at timestamptz,
      disabled_reason text,
      locked_until timestamptz,
      mfa_secret text,
      mfa_enrolled_at timestamptz,
      mfa_pending_secret text,
      mfa_last_step bigint,
      mfa_exempt boolean not null default false,
      search_key text not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      check (kind <> 'official' or agency_code is not null),
      check (kind <> 'citizen' or citizen_id is not null),
      check (kind <> 'organisation' or tax_code is not null)
    )`.execute(db);
  await sql`create unique index account_username on identity.account (lower(username))`.execute(db);
  await sql`create unique index account_citizen_id on identity.account (citizen_id) where citizen_id is not null`.execute(
    db,
  );
  await sql`create unique index account_tax_code on identity.account (tax_code) where tax_code is not null`.execute(db);
  await sql`create index account_agency on identity.account (agency_code) where agency_code is not null`.execute(db);
  await sql`create index account_search on identity.account using gin (search_key gin_trgm_ops)`.execute(db);

  // Role grants scoped to an agency subtree; agency_code null = the whole province.
  await sql`
    create table identity.role_grant (
      id uuid primary key,
      account_id uuid not null references identity.account (id),
      role text not null,
      agency_code text,
      granted_at timestamptz not null,
      granted_by jsonb not null
    )`.execute(db);
  await sql`create unique index role_grant_unique on identity.role_grant (account_id, role, coalesce(agency_code, ''))`.execute(
    db,
  );

  // Sessions of the web apps: only the SHA-256 of the cookie value is stored, so a copy of the
  // table does not let anyone sign in.
  await sql`
    create table identity.session (
      id uuid primary key,
      token_hash text not null unique,
      account_id uuid not null references identity.account (id),
      state text not null check (state in ('active', 'mfa_enrolment')),
      acr text,
      amr jsonb not null,
      ip text not null,
      user_agent text not null,
      created_at timestamptz not null,
      last_seen_at timestamptz not null,
      expires_at timestamptz not null,
      ended_at timestamptz,
      end_reason text
    )`.execute(db);
  await sql`create index session_account on identity.session (account_id) where ended_at is null`.execute(db);

  // Every login attempt: the rate limits and the lockout are counted here, in the database, so
  // they hold across app nodes. Never the password.
  await sql`
    create table identity.login_attempt (
      id bigint generated always as identity primary key,
      at timestamptz not null,
      username text not null,
      ip text not null,
      outcome text not null,
      account_id uuid
    )`.execute(db);
  await sql`create index login_attempt_username on identity.login_attempt (username, at)`.execute(db);
  await sql`create index login_attempt_ip on identity.login_attempt (ip, at)`.execute(db);

  await sql`
    create table identity.password_reset (
      id uuid primary key,
      token_hash text not null unique,
      account_id uuid not null references identity.account (id),
      created_at timestamptz not null,
      expires_at timestamptz not null,
      used_at timestamptz
    )`.execute(db);

  await sql`
    create table identity.recovery_code (
      id uuid primary key,
      account_id uuid not null references identity.account (id),
      code_hash text not null,
      used_at timestamptz
    )`.execute(db);
  await sql`create index recovery_code_account on identity.recovery_code (account_id)`.execute(db);

  // External identities (VNeID pattern): (provider, subject) → the citizen account it proved.
  await sql`
    create table identity.external_link (
      provider_id text not null,
      subject text not null,
      account_id uuid not null references identity.account (id),
      citizen_id text not null,
      acr text,
      linked_at timestamptz not null,
      last_login_at timestamptz not null,
      primary key (provider_id, subject)
    )`.execute(db);

  // Access by officials to a citizen's personal data (Luật Bảo vệ dữ liệu cá nhân 91/2025,
  // Nghị định 356/2025): who, when, which record, why. The data subject can read it.
  await sql`
    create table identity.personal_data_access (
      id uuid primary key,
      at timestamptz not null,
      official_id uuid not null,
      subject_account_id uuid not null,
      record text not null,
      purpose text not null
    )`.execute(db);
  await sql`create index personal_data_access_subject on identity.personal_data_access (subject_account_id, at)`.execute(
    db,
  );
}
