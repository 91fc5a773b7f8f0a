/**
 * SQL of the provider's signing keys (sso.signing_key). The life cycle of a key — when it is
 * created, activated, retired and forgotten — is in sso.keys.ts; these functions only read and
 * write rows, in the connection or transaction they are given.
 */
import type { JsonWebKey } from 'node:crypto';
import { type Kysely, sql, type Transaction } from 'kysely';

type Db = Kysely<any> | Transaction<any>;

export type KeyState = 'next' | 'active' | 'retired';

export interface SigningKeyRow {
  kid: string;
  alg: string;
  state: KeyState;
  public_jwk: JsonWebKey;
  private_sealed: string;
  created_at: Date;
  activated_at: Date | null;
  retired_at: Date | null;
}

/** Active first, then next, then retired. */
const byState = sql`case state when 'active' then 0 when 'next' then 1 else 2 end`;

export const signingKeyRepository = {
  async insert(
    db: Db,
    k: { kid: string; alg: string; state: KeyState; publicJwk: JsonWebKey; privateSealed: string; now: Date },
  ): Promise<void> {
    await sql`
      insert into sso.signing_key (kid, alg, state, public_jwk, private_sealed, created_at, activated_at)
      values (${k.kid}, ${k.alg}, ${k.state}, ${JSON.stringify(k.publicJwk)}::jsonb,
              ${k.privateSealed}, ${k.now}, ${k.state === 'active' ? k.now : null})`.execute(db);
  },

  async active(db: Db, alg: string): Promise<SigningKeyRow | undefined> {
    const r = await sql<SigningKeyRow>`select * from sso.signing_key where state = 'active' and alg = ${alg}`.execute(
      db,
    );
    return r.rows[0];
  },

  /** The active and next keys of the algorithm; `lock` takes their row locks (a rotation). */
  async current(db: Db, alg: string, lock = false): Promise<SigningKeyRow[]> {
    const r = await sql<SigningKeyRow>`
      select * from sso.signing_key where state in ('active', 'next') and alg = ${alg}
      ${lock ? sql`for update` : sql``}`.execute(db);
    return r.rows;
  },

  async retire(db: Db, kid: string, now: Date): Promise<void> {
    await sql`update sso.signing_key set state = 'retired', retired_at = ${now} where kid = ${kid}`.execute(db);
  },

  async activate(db: Db, kid: string, now: Date): Promise<void> {
    await sql`update sso.signing_key set state = 'active', activated_at = ${now} where kid = ${kid}`.execute(db);
  },

  /** Active and next keys, and keys retired after `retiredAfter`: active first, newest retired next. */
  async published(db: Db, retiredAfter: Date): Promise<SigningKeyRow[]> {
    const r = await sql<SigningKeyRow>`
      select * from sso.signing_key
      where state in ('active', 'next') or retired_at > ${retiredAfter}
      order by ${byState}, retired_at desc nulls first`.execute(db);
    return r.rows;
  },

  /** kid:state of the same set as published(), sorted by kid, in one string. */
  async fingerprint(db: Db, retiredAfter: Date): Promise<string> {
    const r = await sql<{ f: string | null }>`
      select string_agg(kid || ':' || state, ',' order by kid) as f from sso.signing_key
      where state in ('active', 'next') or retired_at > ${retiredAfter}`.execute(db);
    return r.rows[0]?.f ?? '';
  },

  async list(db: Db): Promise<SigningKeyRow[]> {
    const r = await sql<SigningKeyRow>`
      select * from sso.signing_key order by ${byState}, created_at desc`.execute(db);
    return r.rows;
  },

  /** Deletes keys retired before `retiredBefore`. Returns how many. */
  async deleteRetired(db: Db, retiredBefore: Date): Promise<number> {
    const r = await sql`
      delete from sso.signing_key where state = 'retired' and retired_at < ${retiredBefore}`.execute(db);
    return Number(r.numAffectedRows ?? 0);
  },
};
