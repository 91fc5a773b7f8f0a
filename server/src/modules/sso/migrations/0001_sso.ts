import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Everything oidc-provider stores (sessions, codes, tokens, grants, interactions, …), one row
  // per artefact. The indexed columns are copies of payload fields the provider looks up by:
  // grant_id (revocation of a whole grant), uid (a session by its stable uid), user_code.
  await sql`
    create table sso.oidc_payload (
      model text not null,
      id text not null,
      payload jsonb not null,
      grant_id text,
      uid text,
      user_code text,
      account_id text,
      expires_at timestamptz,
      consumed_at timestamptz,
      primary key (model, id)
    )`.execute(db);
  await sql`create index oidc_payload_grant on sso.oidc_payload (grant_id) where grant_id is not null`.execute(db);
  await sql`create index oidc_payload_uid on sso.oidc_payload (model, uid) where uid is not null`.execute(db);
  await sql`create index oidc_payload_user_code on sso.oidc_payload (model, user_code) where user_code is not null`.execute(
    db,
  );
  await sql`create index oidc_payload_expires on sso.oidc_payload (expires_at) where expires_at is not null`.execute(
    db,
  );

  // The province's applications that sign in through the platform (relying parties), registered
  // by a province administrator. The secret is sealed (AES-256-GCM): the provider must compare it.
  await sql`
    create table sso.client (
      id text primary key,
      name text not null,
      redirect_uris jsonb not null,
      post_logout_redirect_uris jsonb not null default '[]',
      backchannel_logout_uri text,
      auth_method text not null check (auth_method in ('client_secret_basic', 'client_secret_post', 'none')),
      secret_sealed text,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      deleted_at timestamptz,
      check ((auth_method = 'none') = (secret_sealed is null))
    )`.execute(db);

  // Signing keys: one 'next' (published ahead so relying parties cache it), one 'active' (signs),
  // and 'retired' ones still published until the tokens they signed have expired.
  await sql`
    create table sso.signing_key (
      kid text primary key,
      alg text not null,
      state text not null check (state in ('next', 'active', 'retired')),
      public_jwk jsonb not null,
      private_sealed text not null,
      created_at timestamptz not null,
      activated_at timestamptz,
      retired_at timestamptz
    )`.execute(db);
  await sql`create unique index signing_key_one_active on sso.signing_key (alg) where state = 'active'`.execute(db);
  await sql`create unique index signing_key_one_next on sso.signing_key (alg) where state = 'next'`.execute(db);

  // External OpenID providers citizens may sign in with (the VNeID pattern, Nghị định 69/2024).
  await sql`
    create table sso.external_provider (
      id text primary key,
      name text not null,
      issuer text not null,
      client_id text not null,
      secret_sealed text not null,
      scopes jsonb not null,
      citizen_id_claim text not null,
      acr_level1 jsonb not null,
      acr_level2 jsonb not null,
      enabled boolean not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      deleted_at timestamptz
    )`.execute(db);

  // One pending external sign-in: PKCE verifier, nonce and where to return, keyed by state.
  await sql`
    create table sso.external_login (
      state text primary key,
      provider_id text not null,
      code_verifier text not null,
      nonce text not null,
      return_to text not null,
      requested_level int not null,
      created_at timestamptz not null,
      expires_at timestamptz not null
    )`.execute(db);

  // Which platform session (identity) an OP session was opened from, so that ending platform
  // sessions ("log out everywhere") reaches the relying parties through back-channel logout.
  await sql`
    create table sso.session_binding (
      op_session_uid text primary key,
      platform_session_id text not null,
      account_id text not null,
      created_at timestamptz not null
    )`.execute(db);
  await sql`create index session_binding_platform on sso.session_binding (platform_session_id)`.execute(db);

  // Back-channel logout notices to send (OpenID Connect Back-Channel Logout 1.0), one per client.
  await sql`
    create table sso.backchannel_delivery (
      id uuid primary key,
      client_id text not null,
      account_id text not null,
      sid text,
      created_at timestamptz not null,
      delivered_at timestamptz
    )`.execute(db);
}
