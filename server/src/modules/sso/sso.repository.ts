/**
 * SQL of the sso module (schema `sso`), except the provider's own storage (sso.adapter.repository.ts)
 * and its signing keys (sso.keys.repository.ts).
 */
import { type Kysely, sql, type Transaction } from 'kysely';

type Db = Kysely<any> | Transaction<any>;

export interface ClientRow {
  id: string;
  name: string;
  redirect_uris: string[];
  post_logout_redirect_uris: string[];
  backchannel_logout_uri: string | null;
  auth_method: 'client_secret_basic' | 'client_secret_post' | 'none';
  secret_sealed: string | null;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

export interface ProviderRow {
  id: string;
  name: string;
  issuer: string;
  client_id: string;
  secret_sealed: string;
  scopes: string[];
  citizen_id_claim: string;
  acr_level1: string[];
  acr_level2: string[];
  enabled: boolean;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

export interface ExternalLoginRow {
  state: string;
  provider_id: string;
  code_verifier: string;
  nonce: string;
  return_to: string;
  requested_level: number;
  created_at: Date;
  expires_at: Date;
}

const json = (v: unknown) => sql`${JSON.stringify(v)}::jsonb`;

export function ssoRepository() {
  return {
    // ── clients ──────────────────────────────────────────────────────────────
    /** Any client row with this id, deleted or not (ids are never reused). */
    async clientExists(db: Db, id: string): Promise<boolean> {
      const r = await sql`select 1 from sso.client where id = ${id}`.execute(db);
      return r.rows.length > 0;
    },
    async getClient(db: Db, id: string): Promise<ClientRow | undefined> {
      const r = await sql<ClientRow>`select * from sso.client where id = ${id} and deleted_at is null`.execute(db);
      return r.rows[0];
    },
    async listClients(db: Db): Promise<ClientRow[]> {
      const r = await sql<ClientRow>`select * from sso.client where deleted_at is null order by id`.execute(db);
      return r.rows;
    },
    async insertClient(db: Db, c: Omit<ClientRow, 'deleted_at'>): Promise<void> {
      await sql`
        insert into sso.client (id, name, redirect_uris, post_logout_redirect_uris, backchannel_logout_uri,
          auth_method, secret_sealed, created_at, updated_at)
        values (${c.id}, ${c.name}, ${json(c.redirect_uris)}, ${json(c.post_logout_redirect_uris)},
          ${c.backchannel_logout_uri}, ${c.auth_method}, ${c.secret_sealed}, ${c.created_at}, ${c.updated_at})`.execute(
        db,
      );
    },
    async updateClient(db: Db, c: ClientRow): Promise<void> {
      await sql`
        update sso.client set name = ${c.name}, redirect_uris = ${json(c.redirect_uris)},
          post_logout_redirect_uris = ${json(c.post_logout_redirect_uris)},
          backchannel_logout_uri = ${c.backchannel_logout_uri}, secret_sealed = ${c.secret_sealed},
          updated_at = ${c.updated_at}
        where id = ${c.id}`.execute(db);
    },
    async deleteClient(db: Db, id: string, now: Date): Promise<void> {
      await sql`update sso.client set deleted_at = ${now}, secret_sealed = null, auth_method = 'none'
                where id = ${id}`.execute(db);
      // Everything issued to the client stops working at once: codes, tokens, grants.
      await sql`delete from sso.oidc_payload
                where model <> 'Session' and payload->>'clientId' = ${id}`.execute(db);
    },

    // ── external providers ───────────────────────────────────────────────────
    async providerExists(db: Db, id: string): Promise<boolean> {
      const r = await sql`select 1 from sso.external_provider where id = ${id}`.execute(db);
      return r.rows.length > 0;
    },
    async getProvider(db: Db, id: string): Promise<ProviderRow | undefined> {
      const r = await sql<ProviderRow>`
        select * from sso.external_provider where id = ${id} and deleted_at is null`.execute(db);
      return r.rows[0];
    },
    async listProviders(db: Db): Promise<ProviderRow[]> {
      const r = await sql<ProviderRow>`
        select * from sso.external_provider where deleted_at is null order by id`.execute(db);
      return r.rows;
    },
    async insertProvider(db: Db, p: Omit<ProviderRow, 'deleted_at'>): Promise<void> {
      await sql`
        insert into sso.external_provider (id, name, issuer, client_id, secret_sealed, scopes, citizen_id_claim,
          acr_level1, acr_level2, enabled, created_at, updated_at)
        values (${p.id}, ${p.name}, ${p.issuer}, ${p.client_id}, ${p.secret_sealed}, ${json(p.scopes)},
          ${p.citizen_id_claim}, ${json(p.acr_level1)}, ${json(p.acr_level2)}, ${p.enabled}, ${p.created_at},
          ${p.updated_at})`.execute(db);
    },
    async updateProvider(db: Db, p: ProviderRow): Promise<void> {
      await sql`
        update sso.external_provider set name = ${p.name}, issuer = ${p.issuer}, client_id = ${p.client_id},
          secret_sealed = ${p.secret_sealed}, scopes = ${json(p.scopes)}, citizen_id_claim = ${p.citizen_id_claim},
          acr_level1 = ${json(p.acr_level1)}, acr_level2 = ${json(p.acr_level2)}, enabled = ${p.enabled},
          updated_at = ${p.updated_at}
        where id = ${p.id}`.execute(db);
    },
    async deleteProvider(db: Db, id: string, now: Date): Promise<void> {
      await sql`update sso.external_provider set deleted_at = ${now}, enabled = false where id = ${id}`.execute(db);
      await sql`delete from sso.external_login where provider_id = ${id}`.execute(db);
    },

    // ── pending external logins ──────────────────────────────────────────────
    async insertExternalLogin(db: Db, l: ExternalLoginRow): Promise<void> {
      await sql`
        insert into sso.external_login (state, provider_id, code_verifier, nonce, return_to, requested_level,
          created_at, expires_at)
        values (${l.state}, ${l.provider_id}, ${l.code_verifier}, ${l.nonce}, ${l.return_to}, ${l.requested_level},
          ${l.created_at}, ${l.expires_at})`.execute(db);
    },
    /** Takes (reads and deletes) a pending login: a state is good for one callback only. */
    async takeExternalLogin(db: Db, state: string): Promise<ExternalLoginRow | undefined> {
      const r = await sql<ExternalLoginRow>`
        delete from sso.external_login where state = ${state} returning *`.execute(db);
      return r.rows[0];
    },

    // ── OP session ↔ platform session ────────────────────────────────────────
    async bindSession(db: Db, opSessionUid: string, platformSessionId: string, accountId: string, now: Date) {
      await sql`
        insert into sso.session_binding (op_session_uid, platform_session_id, account_id, created_at)
        values (${opSessionUid}, ${platformSessionId}, ${accountId}, ${now})
        on conflict (op_session_uid) do update set platform_session_id = excluded.platform_session_id,
          account_id = excluded.account_id, created_at = excluded.created_at`.execute(db);
    },
    /** The platform sessions an OP session was opened from (normally one). */
    async platformSessionsOf(db: Db, opSessionUid: string, accountId: string): Promise<string[]> {
      const r = await sql<{ platform_session_id: string }>`
        select platform_session_id from sso.session_binding
        where op_session_uid = ${opSessionUid} and account_id = ${accountId}`.execute(db);
      return r.rows.map((x) => x.platform_session_id);
    },
    /** Removes and returns the OP sessions opened from these platform sessions. */
    async takeBindings(db: Db, accountId: string, platformSessionIds: string[]): Promise<string[]> {
      if (platformSessionIds.length === 0) return [];
      const r = await sql<{ op_session_uid: string }>`
        delete from sso.session_binding
        where account_id = ${accountId} and platform_session_id in (${sql.join(platformSessionIds)})
        returning op_session_uid`.execute(db);
      return r.rows.map((x) => x.op_session_uid);
    },
    async sessionsByUid(db: Db, uids: string[]): Promise<{ id: string; payload: Record<string, any> }[]> {
      if (uids.length === 0) return [];
      const r = await sql<{ id: string; payload: Record<string, any> }>`
        select id, payload from sso.oidc_payload where model = 'Session' and uid in (${sql.join(uids)})`.execute(db);
      return r.rows;
    },
    async deleteOpSession(db: Db, id: string): Promise<void> {
      await sql`delete from sso.oidc_payload where model = 'Session' and id = ${id}`.execute(db);
    },
    /** Revokes a grant and everything issued under it (codes, access and refresh tokens). */
    async revokeGrant(db: Db, grantId: string): Promise<void> {
      await sql`delete from sso.oidc_payload where grant_id = ${grantId}`.execute(db);
      await sql`delete from sso.oidc_payload where model = 'Grant' and id = ${grantId}`.execute(db);
    },

    /**
     * Revokes everything the provider holds for an account except its sessions (ended through
     * identity.sessions_ended): grants, and the codes and tokens issued to it or under its grants.
     */
    async revokeAccount(db: Db, accountId: string): Promise<number> {
      const r = await sql`
        delete from sso.oidc_payload
        where model <> 'Session' and (account_id = ${accountId} or grant_id in (
          select id from sso.oidc_payload where model = 'Grant' and account_id = ${accountId}))`.execute(db);
      return Number(r.numAffectedRows ?? 0);
    },

    // ── back-channel logout notices ──────────────────────────────────────────
    async insertDelivery(
      db: Db,
      d: { id: string; clientId: string; accountId: string; sid: string | null; now: Date },
    ) {
      await sql`
        insert into sso.backchannel_delivery (id, client_id, account_id, sid, created_at)
        values (${d.id}, ${d.clientId}, ${d.accountId}, ${d.sid}, ${d.now})`.execute(db);
    },
    async getDelivery(db: Db, id: string) {
      const r = await sql<{
        id: string;
        client_id: string;
        account_id: string;
        sid: string | null;
        delivered_at: Date | null;
      }>`
        select id, client_id, account_id, sid, delivered_at from sso.backchannel_delivery where id = ${id}`.execute(db);
      return r.rows[0];
    },
    async markDelivered(db: Db, id: string, now: Date): Promise<void> {
      await sql`update sso.backchannel_delivery set delivered_at = ${now} where id = ${id}`.execute(db);
    },

    // ── purge ────────────────────────────────────────────────────────────────
    async purge(db: Db, now: Date): Promise<Record<string, number>> {
      const n = async (q: ReturnType<typeof sql>) => Number((await q.execute(db)).numAffectedRows ?? 0);
      return {
        externalLogins: await n(sql`delete from sso.external_login where expires_at < ${now}`),
        // A binding whose OP session is gone (expired, logged out) serves nothing.
        bindings: await n(sql`
          delete from sso.session_binding b where not exists (
            select 1 from sso.oidc_payload p where p.model = 'Session' and p.uid = b.op_session_uid)`),
        deliveries: await n(sql`
          delete from sso.backchannel_delivery
          where delivered_at < ${new Date(now.getTime() - 7 * 86_400_000)}`),
      };
    },
  };
}

export type SsoRepository = ReturnType<typeof ssoRepository>;
