/**
 * oidc-provider's storage in the database (sso.oidc_payload), for every model the provider
 * keeps: Session, Interaction, AuthorizationCode, AccessToken, RefreshToken, Grant,
 * ClientCredentials, DeviceCode, BackchannelAuthenticationRequest, PushedAuthorizationRequest,
 * ReplayDetection, … — so a restart or a second node loses nothing. Clients are read from
 * sso.client (registered by administrators), never written through the provider.
 *
 * Work that must run inside a caller's transaction (event and job handlers, which on PGlite
 * hold the only connection) binds it with `withDb(tx, fn)`; the adapter then uses that tx.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { type Kysely, sql, type Transaction } from 'kysely';

type Db = Kysely<any> | Transaction<any>;

const bound = new AsyncLocalStorage<Db>();

/** Runs fn with the provider's storage bound to db (a transaction). */
export function withDb<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  return bound.run(db, fn);
}

/** Whether the caller runs inside a transaction bound by withDb. */
export function inBoundTransaction(): boolean {
  return bound.getStore() !== undefined;
}

/** The transaction bound by withDb, else db. */
export function currentDb(db: Kysely<any>): Db {
  return bound.getStore() ?? db;
}

export type ClientLoader = (db: Db, clientId: string) => Promise<Record<string, unknown> | undefined>;

const epoch = () => Math.floor(Date.now() / 1000);

export function kyselyAdapterFactory(db: Kysely<any>, loadClient: ClientLoader) {
  const current = (): Db => bound.getStore() ?? db;

  return class KyselyAdapter {
    readonly model: string;

    constructor(model: string) {
      this.model = model;
    }

    async upsert(id: string, payload: Record<string, any>, expiresIn?: number): Promise<void> {
      if (this.model === 'Client') throw new Error('ứng dụng chỉ được đăng ký qua API quản trị');
      const expiresAt = typeof expiresIn === 'number' ? new Date(Date.now() + expiresIn * 1000) : null;
      const consumedAt = typeof payload.consumed === 'number' ? new Date(payload.consumed * 1000) : null;
      await sql`
        insert into sso.oidc_payload (model, id, payload, grant_id, uid, user_code, account_id, expires_at, consumed_at)
        values (${this.model}, ${id}, ${JSON.stringify(payload)}::jsonb, ${payload.grantId ?? null},
                ${this.model === 'Session' ? (payload.uid ?? null) : null}, ${payload.userCode ?? null},
                ${payload.accountId ?? null}, ${expiresAt}, ${consumedAt})
        on conflict (model, id) do update set payload = excluded.payload, grant_id = excluded.grant_id,
          uid = excluded.uid, user_code = excluded.user_code, account_id = excluded.account_id,
          expires_at = excluded.expires_at, consumed_at = excluded.consumed_at`.execute(current());
    }

    async find(id: string): Promise<Record<string, unknown> | undefined> {
      if (this.model === 'Client') return loadClient(current(), id);
      return this.#one(sql`id = ${id}`);
    }

    async findByUid(uid: string): Promise<Record<string, unknown> | undefined> {
      return this.#one(sql`uid = ${uid}`);
    }

    async findByUserCode(userCode: string): Promise<Record<string, unknown> | undefined> {
      return this.#one(sql`user_code = ${userCode}`);
    }

    async consume(id: string): Promise<void> {
      const now = epoch();
      await sql`
        update sso.oidc_payload set consumed_at = ${new Date(now * 1000)},
          payload = jsonb_set(payload, '{consumed}', to_jsonb(${now}::int8))
        where model = ${this.model} and id = ${id}`.execute(current());
    }

    async destroy(id: string): Promise<void> {
      await sql`delete from sso.oidc_payload where model = ${this.model} and id = ${id}`.execute(current());
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await sql`delete from sso.oidc_payload where model = ${this.model} and grant_id = ${grantId}`.execute(current());
    }

    async #one(where: ReturnType<typeof sql>): Promise<Record<string, unknown> | undefined> {
      const r = await sql<{ payload: Record<string, unknown> }>`
        select payload from sso.oidc_payload
        where model = ${this.model} and ${where} and (expires_at is null or expires_at > ${new Date()})
        limit 1`.execute(current());
      return r.rows[0]?.payload;
    }
  };
}

/** Deletes expired provider artefacts (run by the purge job). Returns how many were removed. */
export async function purgeExpiredPayloads(db: Db, now: Date): Promise<number> {
  const r = await sql`delete from sso.oidc_payload where expires_at < ${now}`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
