/**
 * oidc-provider's storage in the database (sso.oidc_payload), for every model the provider
 * keeps: Session, Interaction, AuthorizationCode, AccessToken, RefreshToken, Grant,
 * ClientCredentials, DeviceCode, BackchannelAuthenticationRequest, PushedAuthorizationRequest,
 * ReplayDetection, … — so a restart or a second node loses nothing. Clients are read from
 * sso.client (registered by administrators), never written through the provider.
 *
 * Work that must run inside a caller's transaction (event and job handlers, which on PGlite
 * hold the only connection) binds it with `withDb(tx, fn)`; the adapter then uses that tx.
 * The SQL is in sso.adapter.repository.ts.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Kysely, Transaction } from 'kysely';
import { payloadRepository } from './sso.adapter.repository.ts';

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
      await payloadRepository.upsert(current(), {
        model: this.model,
        id,
        payload,
        grantId: payload.grantId ?? null,
        // Only a Session's uid is looked up by; other models carry unrelated uids.
        uid: this.model === 'Session' ? (payload.uid ?? null) : null,
        userCode: payload.userCode ?? null,
        accountId: payload.accountId ?? null,
        expiresAt: typeof expiresIn === 'number' ? new Date(Date.now() + expiresIn * 1000) : null,
        consumedAt: typeof payload.consumed === 'number' ? new Date(payload.consumed * 1000) : null,
      });
    }

    async find(id: string): Promise<Record<string, unknown> | undefined> {
      if (this.model === 'Client') return loadClient(current(), id);
      return payloadRepository.findLive(current(), this.model, 'id', id, new Date());
    }

    async findByUid(uid: string): Promise<Record<string, unknown> | undefined> {
      return payloadRepository.findLive(current(), this.model, 'uid', uid, new Date());
    }

    async findByUserCode(userCode: string): Promise<Record<string, unknown> | undefined> {
      return payloadRepository.findLive(current(), this.model, 'user_code', userCode, new Date());
    }

    async consume(id: string): Promise<void> {
      await payloadRepository.consume(current(), this.model, id, epoch());
    }

    async destroy(id: string): Promise<void> {
      await payloadRepository.destroy(current(), this.model, id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await payloadRepository.destroyByGrant(current(), this.model, grantId);
    }
  };
}

/** Deletes expired provider artefacts (run by the purge job). Returns how many were removed. */
export function purgeExpiredPayloads(db: Db, now: Date): Promise<number> {
  return payloadRepository.purgeExpired(db, now);
}
