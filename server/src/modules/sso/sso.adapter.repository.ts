/**
 * SQL of oidc-provider's storage (sso.oidc_payload): one row per model and id. The adapter
 * (sso.adapter.ts) decides what to store and when; these functions only read and write rows, in
 * the connection or transaction they are given.
 */
import { type Kysely, sql, type Transaction } from 'kysely';

type Db = Kysely<any> | Transaction<any>;

export interface PayloadRow {
  model: string;
  id: string;
  payload: Record<string, unknown>;
  grantId: string | null;
  uid: string | null;
  userCode: string | null;
  accountId: string | null;
  expiresAt: Date | null;
  consumedAt: Date | null;
}

/** The columns a payload may be looked up by (besides its model). */
export type PayloadKey = 'id' | 'uid' | 'user_code';

export const payloadRepository = {
  async upsert(db: Db, row: PayloadRow): Promise<void> {
    await sql`
      insert into sso.oidc_payload (model, id, payload, grant_id, uid, user_code, account_id, expires_at, consumed_at)
      values (${row.model}, ${row.id}, ${JSON.stringify(row.payload)}::jsonb, ${row.grantId}, ${row.uid},
              ${row.userCode}, ${row.accountId}, ${row.expiresAt}, ${row.consumedAt})
      on conflict (model, id) do update set payload = excluded.payload, grant_id = excluded.grant_id,
        uid = excluded.uid, user_code = excluded.user_code, account_id = excluded.account_id,
        expires_at = excluded.expires_at, consumed_at = excluded.consumed_at`.execute(db);
  },

  /** The payload of the model found by key, unless it has expired at `now`. */
  async findLive(
    db: Db,
    model: string,
    key: PayloadKey,
    value: string,
    now: Date,
  ): Promise<Record<string, unknown> | undefined> {
    const r = await sql<{ payload: Record<string, unknown> }>`
      select payload from sso.oidc_payload
      where model = ${model} and ${sql.ref(key)} = ${value} and (expires_at is null or expires_at > ${now})
      limit 1`.execute(db);
    return r.rows[0]?.payload;
  },

  /** Marks the row consumed at `epochSeconds`, in its column and in the payload oidc-provider reads. */
  async consume(db: Db, model: string, id: string, epochSeconds: number): Promise<void> {
    await sql`
      update sso.oidc_payload set consumed_at = ${new Date(epochSeconds * 1000)},
        payload = jsonb_set(payload, '{consumed}', to_jsonb(${epochSeconds}::int8))
      where model = ${model} and id = ${id}`.execute(db);
  },

  async destroy(db: Db, model: string, id: string): Promise<void> {
    await sql`delete from sso.oidc_payload where model = ${model} and id = ${id}`.execute(db);
  },

  async destroyByGrant(db: Db, model: string, grantId: string): Promise<void> {
    await sql`delete from sso.oidc_payload where model = ${model} and grant_id = ${grantId}`.execute(db);
  },

  /** Deletes rows expired before `now`. Returns how many. */
  async purgeExpired(db: Db, now: Date): Promise<number> {
    const r = await sql`delete from sso.oidc_payload where expires_at < ${now}`.execute(db);
    return Number(r.numAffectedRows ?? 0);
  },
};
