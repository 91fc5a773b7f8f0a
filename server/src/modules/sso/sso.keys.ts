/**
 * The provider's signing keys. States: `next` (published in the JWKS before it signs, so relying
 * parties that cache the key set already know it), `active` (signs ID tokens and logout tokens),
 * `retired` (no longer signs, still published for RETIRED_KEY_RETENTION_MS so tokens signed
 * before a rotation keep verifying). Private keys are sealed (AES-256-GCM, sso.crypto.ts).
 */
import { createHash, generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Sealer } from './sso.crypto.ts';

type Db = Kysely<any> | Transaction<any>;

/** How long a retired key stays in the JWKS: longer than any token or id_token_hint it signed. */
export const RETIRED_KEY_RETENTION_MS = 14 * 24 * 3600 * 1000;
/** Automatic rotation period (the admin can rotate at any time). */
export const KEY_ROTATION_PERIOD_MS = 90 * 24 * 3600 * 1000;

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

export interface SigningKeyInfo {
  kid: string;
  alg: string;
  state: KeyState;
  createdAt: string;
  activatedAt: string | null;
  retiredAt: string | null;
}

/** RFC 7638 thumbprint of an RSA public key: a stable, content-derived key id. */
function thumbprint(jwk: JsonWebKey): string {
  return createHash('sha256')
    .update(JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n }))
    .digest('base64url');
}

export function generateRs256(): { kid: string; publicJwk: JsonWebKey; privateJwk: JsonWebKey } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicJwk = publicKey.export({ format: 'jwk' });
  const privateJwk = privateKey.export({ format: 'jwk' });
  return { kid: thumbprint(publicJwk), publicJwk, privateJwk };
}

export function keysRepository(seal: Sealer) {
  async function insert(db: Db, state: KeyState, now: Date): Promise<string> {
    const k = generateRs256();
    await sql`
      insert into sso.signing_key (kid, alg, state, public_jwk, private_sealed, created_at, activated_at)
      values (${k.kid}, 'RS256', ${state}, ${JSON.stringify(k.publicJwk)}::jsonb,
              ${seal.seal(JSON.stringify(k.privateJwk))}, ${now}, ${state === 'active' ? now : null})`.execute(db);
    return k.kid;
  }

  return {
    async active(db: Db): Promise<SigningKeyRow | undefined> {
      const r =
        await sql<SigningKeyRow>`select * from sso.signing_key where state = 'active' and alg = 'RS256'`.execute(db);
      return r.rows[0];
    },

    /** Creates the active and next keys when none exist. Returns the kids created (empty if none). */
    async ensure(db: Db, now: Date): Promise<string[]> {
      const r = await sql<{ state: KeyState }>`
        select state from sso.signing_key where state in ('active', 'next') and alg = 'RS256'`.execute(db);
      const have = new Set(r.rows.map((x) => x.state));
      const created: string[] = [];
      if (!have.has('active')) created.push(await insert(db, 'active', now));
      if (!have.has('next')) created.push(await insert(db, 'next', now));
      return created;
    },

    /** next → active, active → retired, and a fresh next. Returns the new active and next kids. */
    async rotate(db: Db, now: Date): Promise<{ active: string; next: string; retired: string | null }> {
      const rows = await sql<SigningKeyRow>`
        select * from sso.signing_key where state in ('active', 'next') and alg = 'RS256'
        for update`.execute(db);
      const active = rows.rows.find((x) => x.state === 'active');
      let next = rows.rows.find((x) => x.state === 'next')?.kid;
      if (active) {
        await sql`update sso.signing_key set state = 'retired', retired_at = ${now} where kid = ${active.kid}`.execute(
          db,
        );
      }
      if (!next) next = await insert(db, 'next', now);
      await sql`update sso.signing_key set state = 'active', activated_at = ${now} where kid = ${next}`.execute(db);
      const fresh = await insert(db, 'next', now);
      return { active: next, next: fresh, retired: active?.kid ?? null };
    },

    /** Keys the provider loads: active first (it signs), then next and recently retired (verify only). */
    async published(db: Db, now: Date): Promise<SigningKeyRow[]> {
      const r = await sql<SigningKeyRow>`
        select * from sso.signing_key
        where state in ('active', 'next') or retired_at > ${new Date(now.getTime() - RETIRED_KEY_RETENTION_MS)}
        order by case state when 'active' then 0 when 'next' then 1 else 2 end, retired_at desc nulls first`.execute(
        db,
      );
      return r.rows;
    },

    /** A cheap fingerprint of the published set: nodes compare it to notice a rotation elsewhere. */
    async fingerprint(db: Db, now: Date): Promise<string> {
      const r = await sql<{ f: string | null }>`
        select string_agg(kid || ':' || state, ',' order by kid) as f from sso.signing_key
        where state in ('active', 'next') or retired_at > ${new Date(now.getTime() - RETIRED_KEY_RETENTION_MS)}`.execute(
        db,
      );
      return r.rows[0]?.f ?? '';
    },

    async list(db: Db): Promise<SigningKeyInfo[]> {
      const r = await sql<SigningKeyRow>`
        select * from sso.signing_key
        order by case state when 'active' then 0 when 'next' then 1 else 2 end, created_at desc`.execute(db);
      return r.rows.map((k) => ({
        kid: k.kid,
        alg: k.alg,
        state: k.state,
        createdAt: k.created_at.toISOString(),
        activatedAt: k.activated_at?.toISOString() ?? null,
        retiredAt: k.retired_at?.toISOString() ?? null,
      }));
    },

    /** Deletes retired keys past retention (their tokens have all expired). */
    async purgeRetired(db: Db, now: Date): Promise<number> {
      const r = await sql`
        delete from sso.signing_key
        where state = 'retired' and retired_at < ${new Date(now.getTime() - RETIRED_KEY_RETENTION_MS)}`.execute(db);
      return Number(r.numAffectedRows ?? 0);
    },

    /** The JWK set oidc-provider is configured with (private parts unsealed, in memory only). */
    toProviderJwks(rows: SigningKeyRow[]): { keys: Record<string, unknown>[] } {
      return {
        keys: rows.map((k) => ({
          ...(JSON.parse(seal.open(k.private_sealed)) as Record<string, unknown>),
          kid: k.kid,
          alg: k.alg,
          use: 'sig',
          // Only the active key may sign; next and retired keys are published for verification.
          ...(k.state === 'active' ? {} : { key_ops: ['verify'] }),
        })),
      };
    },
  };
}

export type KeysRepository = ReturnType<typeof keysRepository>;
