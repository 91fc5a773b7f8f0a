import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Self-registration waits here until the link mailed to the registrant is opened: the account
  // exists only once the address is proven, so the first answer never says whether the ID number
  // or tax code already has an account. Only the SHA-256 of the link's token is stored; rows are
  // deleted when used or expired (identity.jobs.ts).
  await sql`
    create table identity.registration (
      id uuid primary key,
      token_hash text not null unique,
      kind text not null check (kind in ('citizen', 'organisation')),
      identifier text not null,
      name text not null,
      email text not null,
      phone text,
      password_hash text not null,
      ip text not null,
      created_at timestamptz not null,
      expires_at timestamptz not null
    )`.execute(db);
  await sql`create index registration_identifier on identity.registration (identifier)`.execute(db);
  await sql`create index registration_expires on identity.registration (expires_at)`.execute(db);

  // Registration requests, counted for the rate limits (per address, per identifier, per e-mail)
  // across nodes. The identifier and the e-mail are kept only as keyed hashes (HMAC): equality is
  // all the limits need. Rows older than a day are deleted.
  await sql`
    create table identity.registration_attempt (
      id bigint generated always as identity primary key,
      at timestamptz not null,
      ip text not null,
      identifier_key text not null,
      email_key text not null
    )`.execute(db);
  await sql`create index registration_attempt_ip on identity.registration_attempt (ip, at)`.execute(db);
  await sql`create index registration_attempt_identifier on identity.registration_attempt (identifier_key, at)`.execute(
    db,
  );
  await sql`create index registration_attempt_email on identity.registration_attempt (email_key, at)`.execute(db);

  // The sweep of expired sessions looks for open sessions past either timeout.
  await sql`create index session_open_expires on identity.session (expires_at) where ended_at is null`.execute(db);
  await sql`create index session_open_last_seen on identity.session (last_seen_at) where ended_at is null`.execute(db);
}
