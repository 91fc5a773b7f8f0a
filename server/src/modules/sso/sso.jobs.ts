/**
 * Background work of the sso module, all on the platform's jobs and outbox:
 * - back-channel logout (OpenID Connect Back-Channel Logout 1.0) when identity ends sessions;
 * - hourly purge of expired provider artefacts, pending external logins and stale bindings;
 * - periodic rotation of the signing keys.
 */
import type { Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { DomainEvent } from '../../platform/events/index.ts';
import { type Job, scheduleJob } from '../../platform/jobs/index.ts';
import type { ModuleContext } from '../../platform/kernel/index.ts';
import { purgeExpiredPayloads, withDb } from './sso.adapter.ts';
import type { AccountReclaimedPayload, SessionsEndedPayload } from './sso.identity-port.ts';
import { KEY_ROTATION_PERIOD_MS, type KeysRepository } from './sso.keys.ts';
import type { ProviderHolder } from './sso.provider.ts';
import type { SsoRepository } from './sso.repository.ts';

export const JOBS = {
  backchannel: 'sso.backchannel_logout',
  purge: 'sso.purge',
  rotate: 'sso.rotate_signing_keys',
} as const;

const HOUR = 3600_000;

export interface JobDeps {
  ctx: ModuleContext;
  repo: SsoRepository;
  keys: KeysRepository;
  holder: ProviderHolder;
}

export function nextHour(now: Date): Date {
  return new Date(Math.floor(now.getTime() / HOUR) * HOUR + HOUR);
}

export function ssoJobs(deps: JobDeps) {
  const { ctx, repo, keys, holder } = deps;

  /**
   * identity ended some sessions (logout, logout everywhere, disable, password change, idle or
   * absolute timeout, a relying party's logout): end the OP sessions opened from them, revoke
   * what they granted, and queue one logout notice per relying party that asked for them. (After
   * an RP-initiated logout the provider has already done so: its session row is gone, nothing
   * is sent twice.) Sending happens in jobs, so a slow or failing relying party is retried on its
   * own and never holds this transaction open.
   */
  async function onSessionsEnded(event: DomainEvent, tx: Transaction<any>): Promise<void> {
    const { accountId, sessionIds } = event.payload as unknown as SessionsEndedPayload;
    if (typeof accountId !== 'string' || !Array.isArray(sessionIds)) return;
    const uids = await repo.takeBindings(tx, accountId, sessionIds);
    const now = ctx.clock.now();
    for (const s of await repo.sessionsByUid(tx, uids)) {
      const authorizations = (s.payload.authorizations ?? {}) as Record<
        string,
        { sid?: string; grantId?: string; persistsLogout?: boolean }
      >;
      for (const [clientId, a] of Object.entries(authorizations)) {
        if (a.grantId && !a.persistsLogout) await repo.revokeGrant(tx, a.grantId);
        const client = await repo.getClient(tx, clientId);
        if (!client?.backchannel_logout_uri) continue;
        const id = uuidv7();
        await repo.insertDelivery(tx, {
          id,
          clientId,
          accountId: String(s.payload.accountId),
          sid: a.sid ?? null,
          now,
        });
        await scheduleJob(tx, ctx.clock, {
          name: JOBS.backchannel,
          payload: { deliveryId: id },
          runAt: now,
          maxAttempts: 8,
          singletonKey: `${JOBS.backchannel}:${id}`,
        });
      }
      await repo.deleteOpSession(tx, s.id);
    }
  }

  /**
   * identity gave a self-registered account to the holder of its citizen ID, proven by an
   * external identity: what relying parties were granted while the former claimant held it
   * (refresh tokens with offline_access outlive logout) must not keep working for them.
   */
  async function onAccountReclaimed(event: DomainEvent, tx: Transaction<any>): Promise<void> {
    const { accountId } = event.payload as unknown as AccountReclaimedPayload;
    if (typeof accountId !== 'string') return;
    const revoked = await repo.revokeAccount(tx, accountId);
    ctx.logger.info({ accountId, revoked }, 'đã thu hồi các quyền OIDC của người đăng ký trước');
  }

  async function deliver(job: Job<{ deliveryId: string }>, tx: Transaction<any>): Promise<void> {
    const d = await repo.getDelivery(tx, job.payload.deliveryId);
    if (!d || d.delivered_at) return;
    await withDb(tx, async () => {
      const provider = await holder.get();
      const client = (await provider.Client.find(d.client_id)) as
        | { backchannelLogoutUri?: string; backchannelLogout(sub: string, sid?: string): Promise<void> }
        | undefined;
      // A client deleted or without a logout URI since: nothing to tell.
      if (client?.backchannelLogoutUri) await client.backchannelLogout(d.account_id, d.sid ?? undefined);
    });
    await repo.markDelivered(tx, d.id, ctx.clock.now());
  }

  async function purge(_job: Job, tx: Transaction<any>): Promise<void> {
    const now = ctx.clock.now();
    const payloads = await purgeExpiredPayloads(tx, now);
    const other = await repo.purge(tx, now);
    const retiredKeys = await keys.purgeRetired(tx, now);
    ctx.logger.debug({ payloads, ...other, retiredKeys }, 'dọn dữ liệu OIDC hết hạn');
    const at = nextHour(now);
    await scheduleJob(tx, ctx.clock, {
      name: JOBS.purge,
      payload: {},
      runAt: at,
      singletonKey: `${JOBS.purge}:${at.toISOString()}`,
    });
  }

  /** Scheduled rotation of the key that was active when the job was planned (else a no-op). */
  async function rotate(job: Job<{ kid: string }>, tx: Transaction<any>): Promise<void> {
    const active = await keys.active(tx);
    if (active && active.kid !== job.payload.kid) return; // rotated by hand since; its own job follows
    const r = await keys.rotate(tx, ctx.clock.now());
    ctx.logger.info(r, 'đã xoay vòng khóa ký OIDC theo lịch');
    await scheduleRotation(tx, r.active, ctx.clock.now());
  }

  async function scheduleRotation(db: Parameters<typeof scheduleJob>[0], kid: string, activatedAt: Date) {
    await scheduleJob(db, ctx.clock, {
      name: JOBS.rotate,
      payload: { kid },
      runAt: new Date(activatedAt.getTime() + KEY_ROTATION_PERIOD_MS),
      singletonKey: `${JOBS.rotate}:${kid}`,
    });
  }

  return {
    register(): void {
      ctx.subscribe({ consumer: 'sso.backchannel', pattern: 'identity.sessions_ended', handler: onSessionsEnded });
      ctx.subscribe({ consumer: 'sso.reclaimed', pattern: 'identity.account.reclaimed', handler: onAccountReclaimed });
      ctx.registerJob(JOBS.backchannel, deliver);
      ctx.registerJob(JOBS.purge, purge);
      ctx.registerJob(JOBS.rotate, rotate);
    },
    /** Plans the first purge and the rotation of the current key (idempotent: singleton keys). */
    async plan(): Promise<void> {
      const now = ctx.clock.now();
      const at = nextHour(now);
      await scheduleJob(ctx.db, ctx.clock, {
        name: JOBS.purge,
        payload: {},
        runAt: at,
        singletonKey: `${JOBS.purge}:${at.toISOString()}`,
      });
      const active = await keys.active(ctx.db);
      if (active) await scheduleRotation(ctx.db, active.kid, active.activated_at ?? now);
    },
    scheduleRotation,
    onSessionsEnded,
    onAccountReclaimed,
  };
}
