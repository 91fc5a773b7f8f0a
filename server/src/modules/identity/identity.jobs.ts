/**
 * Background work of the identity module, on the platform's jobs: one sweep that records expired
 * sessions and deletes expired registration requests and old registration rate-limit rows.
 *
 * A session that times out (idle or absolute) must end on the record like a logout does — an
 * audit row and identity.sessions_ended, from which the sso module ends the provider sessions it
 * opened and sends back-channel logout — also when its browser never comes back to be refused.
 * A request that meets an expired session records it at once (identity.auth.ts resolveSession);
 * this sweep records the rest, every few minutes, each dated when it actually expired.
 *
 * The sweep is planned by the transactions that open a session or a registration request (one
 * job per time slot: a singleton key), and plans the next slot while it has something left to
 * watch; an idle system has no job.
 *
 * Login attempts (identity.login_attempt: the lockout and rate limits, identity.auth.ts) are
 * needed for 15 minutes and kept a day for inquiries; a second job deletes older ones. Each
 * attempt's transaction plans that purge for the first hour slot after the attempt turns a day old
 * (one job per slot: a singleton key), so a system that only ever sees failed logins — no session,
 * hence no sweep — is purged too.
 */
import type { Transaction } from 'kysely';
import { createAuditLog } from '../../platform/audit/index.ts';
import { insertEvent } from '../../platform/events/index.ts';
import { type NewJob, scheduleJob } from '../../platform/jobs/index.ts';
import type { ChangeContext, ModuleContext } from '../../platform/kernel/index.ts';
import type { AuthService } from './identity.auth.ts';
import type { IdentityRepository } from './identity.repository.ts';

export const SWEEP_JOB = 'identity.sweep';
/** Timeouts are recorded within this of happening (the end itself is dated exactly). */
export const SESSION_SWEEP_EVERY_MS = 5 * 60_000;
/** Registration rate-limit rows are kept a day (the window is an hour). */
export const REGISTRATION_ATTEMPT_RETENTION_MS = 24 * 3_600_000;
/** Login attempts are kept a day (the lockout and rate-limit windows are 15 minutes). */
export const LOGIN_ATTEMPT_RETENTION_MS = 24 * 3_600_000;
export const LOGIN_ATTEMPT_PURGE_JOB = 'identity.purge_login_attempts';
/** Login-attempt purges are planned at most once an hour. */
const LOGIN_ATTEMPT_PURGE_SLOT_MS = 3_600_000;
/** Attempts deleted per job transaction; a full batch plans the next one at once. */
export const LOGIN_ATTEMPT_PURGE_BATCH = 10_000;
/** Sessions ended per job transaction; a full batch plans the next one at once. */
export const SESSION_SWEEP_BATCH = 500;

/** The start of the next sweep slot after `now`. */
export function nextSweepAt(now: Date): Date {
  return new Date(Math.floor(now.getTime() / SESSION_SWEEP_EVERY_MS) * SESSION_SWEEP_EVERY_MS + SESSION_SWEEP_EVERY_MS);
}

export function sweepJob(at: Date, key = at.toISOString()): NewJob {
  return { name: SWEEP_JOB, payload: {}, runAt: at, singletonKey: `${SWEEP_JOB}:${key}` };
}

/** The purge that deletes an attempt made at `at`: the first hour slot after it is a day old. */
export function loginAttemptPurgeJob(at: Date): NewJob {
  const slot = LOGIN_ATTEMPT_PURGE_SLOT_MS;
  const runAt = new Date(Math.floor((at.getTime() + LOGIN_ATTEMPT_RETENTION_MS) / slot) * slot + slot);
  return {
    name: LOGIN_ATTEMPT_PURGE_JOB,
    payload: {},
    runAt,
    singletonKey: `${LOGIN_ATTEMPT_PURGE_JOB}:${runAt.toISOString()}`,
  };
}

export function registerIdentityJobs(
  ctx: ModuleContext,
  repo: IdentityRepository,
  auth: Pick<AuthService, 'endExpiredSessions'>,
): void {
  // The job runs in the runner's transaction (on PGlite the only connection): its audit rows and
  // events are written in that same transaction, as ctx.change would.
  const audit = createAuditLog(ctx.db, ctx.clock);
  const inJob = (tx: Transaction<any>): ChangeContext => ({
    tx,
    audit: async (entry) => {
      const { actor, ...rest } = entry;
      await audit.record(tx, {
        ...rest,
        module: ctx.module,
        actor: actor ?? { kind: 'system', id: 'identity.session_timeout', name: 'Hết thời gian phiên' },
      });
    },
    publish: (type, payload) => insertEvent(tx, ctx.clock, { module: ctx.module, type, payload }),
    schedule: (job) => scheduleJob(tx, ctx.clock, job),
  });

  ctx.registerJob(SWEEP_JOB, async (job, tx) => {
    const c = inJob(tx);
    const now = ctx.clock.now();
    const ended = await auth.endExpiredSessions(c, SESSION_SWEEP_BATCH);
    const purged = await repo.purgeRegistrations(tx, now, new Date(now.getTime() - REGISTRATION_ATTEMPT_RETENTION_MS));
    if (ended > 0 || purged.registrations > 0 || purged.attempts > 0) {
      ctx.logger.debug({ ended, ...purged }, 'đã ghi nhận các phiên hết hạn và dọn yêu cầu đăng ký cũ');
    }
    if (ended === SESSION_SWEEP_BATCH) {
      await c.schedule(sweepJob(now, `after:${job.id}`));
    } else if (await repo.hasSweepWork(tx)) {
      await c.schedule(sweepJob(nextSweepAt(now)));
    }
  });

  ctx.registerJob(LOGIN_ATTEMPT_PURGE_JOB, async (job, tx) => {
    const now = ctx.clock.now();
    const purged = await repo.purgeLoginAttempts(
      tx,
      new Date(now.getTime() - LOGIN_ATTEMPT_RETENTION_MS),
      LOGIN_ATTEMPT_PURGE_BATCH,
    );
    if (purged > 0) ctx.logger.debug({ purged }, 'đã xóa các lần đăng nhập cũ hơn một ngày');
    if (purged === LOGIN_ATTEMPT_PURGE_BATCH) {
      await scheduleJob(tx, ctx.clock, {
        name: LOGIN_ATTEMPT_PURGE_JOB,
        payload: {},
        runAt: now,
        singletonKey: `${LOGIN_ATTEMPT_PURGE_JOB}:after:${job.id}`,
      });
    }
  });
}
