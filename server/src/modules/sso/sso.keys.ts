/**
 * The provider's signing keys. States: `next` (published in the JWKS before it signs, so relying
 * parties that cache the key set already know it), `active` (signs ID tokens and logout tokens),
 * `retired` (no longer signs, still published for RETIRED_KEY_RETENTION_MS so tokens signed
 * before a rotation keep verifying). Private keys are sealed (AES-256-GCM, sso.crypto.ts).
 */
import { createHash, generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Sealer } from './sso.crypto.ts';
import { type KeyState, type SigningKeyRow, signingKeyRepository } from './sso.keys.repository.ts';

type Db = Kysely<any> | Transaction<any>;

/** How long a retired key stays in the JWKS: longer than any token or id_token_hint it signed. */
export const RETIRED_KEY_RETENTION_MS = 14 * 24 * 3600 * 1000;
/** Automatic rotation period (the admin can rotate at any time). */
export const KEY_ROTATION_PERIOD_MS = 90 * 24 * 3600 * 1000;

export type { KeyState, SigningKeyRow };

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

/**
 * The keys' life cycle over their rows (sso.keys.repository.ts). Kept under its historical name:
 * index.ts, sso.jobs.ts, sso.provider.ts and sso.service.ts take a KeysRepository.
 */
export function keysRepository(seal: Sealer) {
  const ALG = 'RS256';
  /** Retired keys stay published until this instant has passed. */
  const retentionStart = (now: Date) => new Date(now.getTime() - RETIRED_KEY_RETENTION_MS);

  async function insert(db: Db, state: KeyState, now: Date): Promise<string> {
    const k = generateRs256();
    await signingKeyRepository.insert(db, {
      kid: k.kid,
      alg: ALG,
      state,
      publicJwk: k.publicJwk,
      privateSealed: seal.seal(JSON.stringify(k.privateJwk)),
      now,
    });
    return k.kid;
  }

  return {
    active(db: Db): Promise<SigningKeyRow | undefined> {
      return signingKeyRepository.active(db, ALG);
    },

    /** Creates the active and next keys when none exist. Returns the kids created (empty if none). */
    async ensure(db: Db, now: Date): Promise<string[]> {
      const have = new Set((await signingKeyRepository.current(db, ALG)).map((x) => x.state));
      const created: string[] = [];
      if (!have.has('active')) created.push(await insert(db, 'active', now));
      if (!have.has('next')) created.push(await insert(db, 'next', now));
      return created;
    },

    /** next → active, active → retired, and a fresh next. Returns the new active and next kids. */
    async rotate(db: Db, now: Date): Promise<{ active: string; next: string; retired: string | null }> {
      // The row locks make two rotations at once (two nodes, or the job and an admin) queue.
      const rows = await signingKeyRepository.current(db, ALG, true);
      const active = rows.find((x) => x.state === 'active');
      let next = rows.find((x) => x.state === 'next')?.kid;
      if (active) await signingKeyRepository.retire(db, active.kid, now);
      if (!next) next = await insert(db, 'next', now);
      await signingKeyRepository.activate(db, next, now);
      const fresh = await insert(db, 'next', now);
      return { active: next, next: fresh, retired: active?.kid ?? null };
    },

    /** Keys the provider loads: active first (it signs), then next and recently retired (verify only). */
    published(db: Db, now: Date): Promise<SigningKeyRow[]> {
      return signingKeyRepository.published(db, retentionStart(now));
    },

    /** A cheap fingerprint of the published set: nodes compare it to notice a rotation elsewhere. */
    fingerprint(db: Db, now: Date): Promise<string> {
      return signingKeyRepository.fingerprint(db, retentionStart(now));
    },

    async list(db: Db): Promise<SigningKeyInfo[]> {
      return (await signingKeyRepository.list(db)).map((k) => ({
        kid: k.kid,
        alg: k.alg,
        state: k.state,
        createdAt: k.created_at.toISOString(),
        activatedAt: k.activated_at?.toISOString() ?? null,
        retiredAt: k.retired_at?.toISOString() ?? null,
      }));
    },

    /** Deletes retired keys past retention (their tokens have all expired). */
    purgeRetired(db: Db, now: Date): Promise<number> {
      return signingKeyRepository.deleteRetired(db, retentionStart(now));
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
