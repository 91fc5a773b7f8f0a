/**
 * Authentication: password login with lockout and rate limits counted in the database, sessions
 * (idle and absolute timeouts), password reset by e-mail, password change, TOTP enrolment and
 * recovery codes. Every login attempt is audited (never the password).
 */
import { randomUUID } from 'node:crypto';
import * as argon2 from 'argon2';
import type { FastifyReply } from 'fastify';
import { Secret, TOTP } from 'otpauth';
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '../../platform/audit/index.ts';
import type { ChangeContext, ModuleContext } from '../../platform/kernel/index.ts';
import {
  csrfTokenFor,
  type IdentityKeys,
  normaliseRecoveryCode,
  randomToken,
  recoveryCode,
  seal,
  sha256,
  unseal,
} from './identity.crypto.ts';
import { identityErrors } from './identity.errors.ts';
import { identityEvents } from './identity.events.ts';
import { loginAttemptPurgeJob, nextSweepAt, sweepJob } from './identity.jobs.ts';
import type { Mailer } from './identity.mail.ts';
import { needsMfa } from './identity.policy.ts';
import {
  type AccountRow,
  type GrantRow,
  grantOf,
  type IdentityRepository,
  type SessionRow,
} from './identity.repository.ts';
import { mfaChangeProof, passwordProblems, retryAfterMs, sessionExpiry } from './identity.rules.ts';
import type { Principal, Role, RoleGrant } from './identity.types.ts';

export const SESSION_COOKIE = 'tinhso_sid';
export const CSRF_COOKIE = 'tinhso_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/**
 * argon2id at the OWASP Password Storage Cheat Sheet's first recommended setting (19 MiB, 2
 * passes, 1 lane): about 20–40 ms per hash on one core, so one node serves tens of logins per
 * second per core while an offline guess costs the same 19 MiB and time.
 */
export const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 } as const;

/** Login throttling (TCVN 11930:2017 asks to limit failed logins; values follow OWASP guidance). */
export const LOGIN_LIMITS = {
  windowMs: 15 * 60_000,
  /** Failures for one username (existing or not, so the answer does not reveal which) before it locks. */
  perUsername: 5,
  /** Failures from one IP address across all usernames (password spraying). */
  perIp: 30,
};

export const RESET_TOKEN_TTL_MS = 30 * 60_000;

/**
 * Reset requests (each one mails a link): limited like logins, counted in identity.login_attempt
 * so the limits hold across nodes. Per username whether or not it names an account (the refusal
 * says nothing about it), so nobody can flood one mailbox; per client address against sweeps.
 */
export const RESET_LIMITS = {
  windowMs: 15 * 60_000,
  perUsername: 3,
  perIp: 20,
};

/**
 * How recent a sign-in through the external provider must be for a password-less account to
 * set its first password (NIST SP 800-63B §7.2: reauthentication before a sensitive change). A
 * password is a new way in that does not go through the provider: only someone who just proved
 * the identity there may add it, not anyone holding an older session cookie.
 */
export const FIRST_PASSWORD_REAUTH_MS = 5 * 60_000;
export const RECOVERY_CODE_COUNT = 10;
const TOUCH_EVERY_MS = 60_000;
const TOTP_PERIOD = 30;
/** The login_attempt outcome of a reset request (the login limits count only 'failure'). */
const RESET_REQUESTED = 'reset_requested';

export interface LoginMeta {
  ip: string;
  userAgent: string;
  requestId?: string;
}

/** What a session shows to change its second factor (identity.rules.ts mfaChangeProof). */
export interface MfaProof {
  /** A current TOTP code or an unused recovery code. */
  otp?: string | undefined;
  currentPassword?: string | undefined;
}

/** Who ends a session that timed out (idle or absolute): nobody asked, the clock did. */
const TIMEOUT_ACTOR: Actor = { kind: 'system', id: 'identity.session_timeout', name: 'Hết thời gian phiên' };

export interface ResolvedSession {
  session: SessionRow;
  account: AccountRow;
  grants: GrantRow[];
}

export function rolesOf(
  account: Pick<AccountRow, 'kind'>,
  grants: Pick<GrantRow, 'role' | 'agency_code'>[],
): RoleGrant[] {
  const roles = grants.map(grantOf);
  if (account.kind === 'citizen') roles.unshift({ role: 'citizen', agencyCode: null });
  return roles;
}

export function principalOfRows(account: AccountRow, grants: GrantRow[], session: SessionRow): Principal {
  return {
    accountId: account.id,
    kind: account.kind,
    name: account.name,
    agencyCode: account.agency_code,
    roles: rolesOf(account, grants),
    acr: session.acr,
    sessionId: session.id,
  };
}

export function accountActor(account: Pick<AccountRow, 'id' | 'kind' | 'name'>): Actor {
  return { kind: account.kind, id: account.id, name: account.name };
}

function anonymousActor(ip: string): Actor {
  return { kind: 'anonymous', id: ip || 'unknown' };
}

export function normaliseUsername(username: string): string {
  return username.trim().toLowerCase();
}

export interface AuthDeps {
  keys: IdentityKeys;
  mailer: Mailer;
}

export function authService(ctx: ModuleContext, repo: IdentityRepository, deps: AuthDeps) {
  const { clock, config } = ctx;
  const idleMs = config.identity.sessionIdleMinutes * 60_000;
  const absoluteMs = config.identity.sessionAbsoluteHours * 3_600_000;
  const secureCookies = config.publicUrl.startsWith('https:');
  // Verified against when the username is unknown, so both cases cost one argon2 verification.
  const dummyHash = argon2.hash(randomToken(), ARGON2_OPTIONS);

  const hashPassword = (password: string) => argon2.hash(password, ARGON2_OPTIONS);

  async function checkPassword(hash: string | null, password: string): Promise<boolean> {
    if (!hash) {
      await argon2.verify(await dummyHash, password).catch(() => false);
      return false;
    }
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }

  function assertPolicy(password: string, username: string, field = '/body/password'): void {
    const problems = passwordProblems(password, username);
    if (problems.length > 0) throw identityErrors.weakPassword(problems, field);
  }

  function totpFor(secretBase32: string, label: string): TOTP {
    return new TOTP({
      issuer: 'tinhso',
      label,
      algorithm: 'SHA1',
      digits: 6,
      period: TOTP_PERIOD,
      secret: Secret.fromBase32(secretBase32),
    });
  }

  /** The TOTP time step a code matches (±1 step for clock drift, RFC 6238 §5.2), or null. */
  function totpStep(secretBase32: string, code: string): number | null {
    const now = clock.now().getTime();
    const delta = totpFor(secretBase32, 'x').validate({ token: code, timestamp: now, window: 1 });
    if (delta === null) return null;
    return Math.floor(now / 1000 / TOTP_PERIOD) + delta;
  }

  /** Inserts a login attempt and plans the purge that deletes it a day later (identity.jobs.ts). */
  async function countAttempt(
    c: ChangeContext,
    row: { at: Date; username: string; ip: string; outcome: string; accountId: string | null },
  ): Promise<number> {
    const id = await repo.recordAttempt(c.tx, row);
    await c.schedule(loginAttemptPurgeJob(row.at));
    return id;
  }

  /**
   * Records a login attempt and audits it. With `slot` (the attempt counted before the password
   * was checked, see authenticate), that row gets its outcome instead of a new one.
   */
  async function recordAttempt(
    c: ChangeContext,
    a: {
      username: string;
      meta: LoginMeta;
      outcome: string;
      account: AccountRow | undefined;
      reason?: string;
      slot?: number;
    },
  ) {
    if (a.slot === undefined) {
      await countAttempt(c, {
        at: clock.now(),
        username: a.username,
        ip: a.meta.ip,
        outcome: a.outcome,
        accountId: a.account?.id ?? null,
      });
    } else {
      await repo.settleAttempt(c.tx, a.slot, a.outcome, a.account?.id ?? null);
    }
    // The username typed is kept only when it names an account: a password typed into the
    // username field by mistake must not end up in the permanent audit log.
    await c.audit({
      action: a.outcome === 'success' ? 'login.succeeded' : `login.${a.outcome}`,
      ...(a.account ? { actor: accountActor(a.account) } : {}),
      entityType: 'account',
      entityId: a.account?.id ?? `unknown:${sha256(a.username).slice(0, 16)}`,
      data: {
        ip: a.meta.ip,
        userAgent: a.meta.userAgent.slice(0, 300),
        ...(a.reason ? { reason: a.reason } : {}),
        ...(a.account ? { username: a.account.username } : {}),
      },
    });
  }

  /** Gives the attempt counted in `slot` its outcome, audited; `extra` runs in the same transaction. */
  async function attempt(
    slot: number,
    username: string,
    meta: LoginMeta,
    outcome: string,
    account: AccountRow | undefined,
    reason?: string,
    extra?: (c: ChangeContext) => Promise<void>,
  ) {
    const actor = account ? accountActor(account) : anonymousActor(meta.ip);
    await ctx.change(actor, meta.requestId, async (c) => {
      await recordAttempt(c, { username, meta, outcome, account, slot, ...(reason ? { reason } : {}) });
      await extra?.(c);
    });
  }

  /**
   * The limits' check and the count of this attempt, as one step: under advisory locks on the
   * client address and the username (held to commit, so across nodes), reads the recent failures
   * and either refuses (recorded and audited) or records this attempt as a failure until its
   * outcome is known. Without the lock a burst of logins all read the count before any was
   * recorded and all had their password checked: 12 guesses at once where the lockout allows 5.
   * A login that dies after this point (a crash during the password check) stays a failure.
   */
  async function admitAttempt(
    username: string,
    meta: LoginMeta,
    account: AccountRow | undefined,
    now: Date,
  ): Promise<{ slot: number; userFailures: number }> {
    const since = new Date(now.getTime() - LOGIN_LIMITS.windowMs);
    let refused: Error | undefined;
    let admitted: { slot: number; userFailures: number } | undefined;
    await ctx.change(anonymousActor(meta.ip), meta.requestId, async (c) => {
      await repo.lockLoginAttempts(c.tx, meta.ip, username);
      const ipFailures = await repo.recentIpFailures(meta.ip, since, c.tx);
      if (ipFailures.length >= LOGIN_LIMITS.perIp) {
        const retry = ipFailures[LOGIN_LIMITS.perIp - 1]!.getTime() + LOGIN_LIMITS.windowMs - now.getTime();
        await recordAttempt(c, { username, meta, outcome: 'refused_ip_limit', account: undefined });
        refused = identityErrors.rateLimited(retry);
        return;
      }
      const userFailures = await repo.recentUsernameFailures(username, since, c.tx);
      if (userFailures.length >= LOGIN_LIMITS.perUsername) {
        const retry = userFailures[LOGIN_LIMITS.perUsername - 1]!.getTime() + LOGIN_LIMITS.windowMs - now.getTime();
        // Refused without looking at the password: while locked even the right one is refused.
        await recordAttempt(c, { username, meta, outcome: 'refused_locked', account });
        refused = identityErrors.loginLocked(retry);
        return;
      }
      const slot = await countAttempt(c, {
        at: now,
        username,
        ip: meta.ip,
        outcome: 'failure',
        accountId: account?.id ?? null,
      });
      admitted = { slot, userFailures: userFailures.length };
    });
    if (refused) throw refused;
    return admitted!;
  }

  async function authenticate(
    input: { username: string; password: string; otp?: string | undefined },
    meta: LoginMeta,
  ): Promise<{ account: AccountRow; amr: string[] }> {
    const username = normaliseUsername(input.username);
    const now = clock.now();
    const account = username === '' ? undefined : await repo.findByUsername(username);
    const { slot, userFailures } = await admitAttempt(username, meta, account, now);

    const ok = await checkPassword(account?.password_hash ?? null, input.password);
    if (!account || !ok) {
      const locks = userFailures + 1 >= LOGIN_LIMITS.perUsername;
      await attempt(slot, username, meta, 'failure', account, 'password', async (c) => {
        if (account && locks) {
          await repo.updateAccount(c.tx, account.id, { locked_until: new Date(now.getTime() + LOGIN_LIMITS.windowMs) });
          await c.audit({
            action: 'account.locked',
            entityType: 'account',
            entityId: account.id,
            data: { failures: userFailures + 1, minutes: LOGIN_LIMITS.windowMs / 60_000 },
          });
        }
      });
      throw identityErrors.invalidCredentials();
    }
    if (account.disabled_at) {
      await attempt(slot, username, meta, 'refused_disabled', account);
      throw identityErrors.externalAccountDisabled();
    }

    const amr = ['pwd'];
    if (account.mfa_enrolled_at && account.mfa_secret) {
      const otp = input.otp?.trim();
      if (!otp) {
        await attempt(slot, username, meta, 'mfa_required', account);
        throw identityErrors.mfaRequired();
      }
      if (/^\d{6}$/.test(otp)) {
        const secret = unseal(deps.keys.seal, account.mfa_secret, account.id);
        const step = totpStep(secret, otp);
        // A code is accepted once (RFC 6238 §5.2). The step is spent by a conditional UPDATE in
        // the transaction that records the success: of two logins racing with one code, the
        // second finds the step already spent (the row lock makes it wait, then re-check) and fails.
        let spent = false;
        if (step !== null) {
          await ctx.change(accountActor(account), meta.requestId, async (c) => {
            spent = await repo.advanceMfaStep(c.tx, account.id, step);
            if (!spent) return;
            await recordAttempt(c, { username, meta, outcome: 'success', account, slot });
            await repo.updateAccount(c.tx, account.id, { locked_until: null });
          });
        }
        if (!spent) {
          await attempt(slot, username, meta, 'failure', account, 'otp');
          throw identityErrors.mfaInvalid();
        }
        amr.push('otp');
        return { account, amr };
      }
      let used = false;
      await ctx.change(accountActor(account), meta.requestId, async (c) => {
        used = await repo.useRecoveryCode(c.tx, account.id, sha256(normaliseRecoveryCode(otp)), now);
        if (used) {
          await c.audit({ action: 'mfa.recovery_code_used', entityType: 'account', entityId: account.id });
          await recordAttempt(c, { username, meta, outcome: 'success', account, reason: 'recovery_code', slot });
          await repo.updateAccount(c.tx, account.id, { locked_until: null });
        }
      });
      if (!used) {
        await attempt(slot, username, meta, 'failure', account, 'recovery_code');
        throw identityErrors.mfaInvalid();
      }
      amr.push('otp');
      return { account, amr };
    }
    await attempt(slot, username, meta, 'success', account, undefined, async (c) => {
      if (account.locked_until) await repo.updateAccount(c.tx, account.id, { locked_until: null });
    });
    return { account, amr };
  }

  function mfaPending(account: AccountRow, grants: GrantRow[]): boolean {
    if (account.mfa_enrolled_at) return false;
    // Demo accounts may skip enrolment outside production only (config.demo is never on there).
    if (account.mfa_exempt && config.env !== 'production') return false;
    return needsMfa(
      rolesOf(account, grants).map((r) => r.role as Role),
      config.identity.mfaRequiredRoles,
    );
  }

  function setSessionCookies(reply: FastifyReply, token: string, sessionId: string): void {
    const base = { path: '/', sameSite: 'lax' as const, secure: secureCookies, maxAge: Math.floor(absoluteMs / 1000) };
    reply.setCookie(SESSION_COOKIE, token, { ...base, httpOnly: true });
    // Readable by the web app's script, which echoes it in x-csrf-token (double submit).
    reply.setCookie(CSRF_COOKIE, csrfTokenFor(deps.keys.csrf, sessionId), { ...base, httpOnly: false });
  }

  function clearSessionCookies(reply: FastifyReply): void {
    const base = { path: '/', sameSite: 'lax' as const, secure: secureCookies };
    reply.clearCookie(SESSION_COOKIE, { ...base, httpOnly: true });
    reply.clearCookie(CSRF_COOKIE, base);
  }

  async function startSession(
    reply: FastifyReply,
    accountId: string,
    opts: { acr: string | null; amr: string[]; ip: string; userAgent: string; requestId?: string },
  ): Promise<{ principal: Principal; pendingEnrolment: boolean }> {
    const account = await repo.findAccount(accountId);
    if (!account) throw identityErrors.accountNotFound();
    if (account.disabled_at) throw identityErrors.externalAccountDisabled();
    const grants = await repo.grantsOf(accountId);
    const now = clock.now();
    const token = randomToken();
    const session: SessionRow = {
      id: uuidv7(),
      token_hash: sha256(token),
      account_id: accountId,
      state: mfaPending(account, grants) ? 'mfa_enrolment' : 'active',
      acr: opts.acr,
      amr: opts.amr,
      ip: opts.ip,
      user_agent: opts.userAgent.slice(0, 500),
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + absoluteMs),
      ended_at: null,
      end_reason: null,
    };
    await ctx.change(accountActor(account), opts.requestId, async (c) => {
      await repo.insertSession(c.tx, session);
      await c.audit({
        action: 'session.started',
        entityType: 'account',
        entityId: accountId,
        data: { sessionId: session.id, state: session.state, acr: opts.acr, amr: opts.amr, ip: opts.ip },
      });
      // Open sessions exist: the sweep that records their timeouts must be planned (one per slot).
      await c.schedule(sweepJob(nextSweepAt(now)));
    });
    setSessionCookies(reply, token, session.id);
    return { principal: principalOfRows(account, grants, session), pendingEnrolment: session.state !== 'active' };
  }

  /** Records sessions already marked ended: one audit row and one sessions_ended event (sso back-channel logout). */
  async function recordEnded(
    c: ChangeContext,
    accountId: string,
    sessionIds: string[],
    reason: string,
    endedAt?: Record<string, string>,
  ): Promise<void> {
    await c.audit({
      action: 'session.ended',
      entityType: 'account',
      entityId: accountId,
      data: { sessionIds, reason, ...(endedAt ? { endedAt } : {}) },
    });
    await c.publish(identityEvents.sessionsEnded, { accountId, sessionIds, reason });
  }

  /**
   * Ends a session found past a timeout, dated when it expired, recorded like a logout. A
   * concurrent request or the sweep may have ended it first: then nothing is recorded twice.
   */
  async function endExpired(session: SessionRow, expiry: { at: Date; reason: string }): Promise<void> {
    await ctx.change(TIMEOUT_ACTOR, undefined, async (c) => {
      const ended = await repo.endSessions(c.tx, session.account_id, expiry.at, expiry.reason, [session.id]);
      if (ended.length > 0) {
        await recordEnded(c, session.account_id, ended, expiry.reason, { [session.id]: expiry.at.toISOString() });
      }
    });
  }

  const expiryOf = (s: SessionRow, now: Date) =>
    sessionExpiry({ lastSeenAt: new Date(s.last_seen_at), expiresAt: new Date(s.expires_at) }, idleMs, now);

  /** The session a cookie value names, if it is open, within both timeouts and its account enabled. */
  async function resolveSession(token: string): Promise<ResolvedSession | null> {
    if (token.length < 20 || token.length > 100) return null;
    const session = await repo.sessionByTokenHash(sha256(token));
    if (!session || session.ended_at) return null;
    const now = clock.now();
    const expiry = expiryOf(session, now);
    if (expiry) {
      await endExpired(session, expiry);
      return null;
    }
    const account = await repo.findAccount(session.account_id);
    if (!account || account.disabled_at) return null;
    // Refreshed at most once a minute: the idle timeout is exact to a minute without a write per request.
    const lastSeen = new Date(session.last_seen_at).getTime();
    if (now.getTime() - lastSeen >= TOUCH_EVERY_MS) await repo.touchSession(session.id, now);
    return { session, account, grants: await repo.grantsOf(account.id) };
  }

  /**
   * Activity on the session seen elsewhere (a relying party refreshing its tokens through the SSO
   * that this session signed in): keeps it from idling out, as a request would. False when it has
   * ended or expired (an expired one is recorded as such).
   */
  async function touchSession(sessionId: string): Promise<boolean> {
    const session = await repo.sessionById(sessionId);
    if (!session || session.ended_at) return false;
    const now = clock.now();
    const expiry = expiryOf(session, now);
    if (expiry) {
      await endExpired(session, expiry);
      return false;
    }
    if (now.getTime() - new Date(session.last_seen_at).getTime() >= TOUCH_EVERY_MS) {
      await repo.touchSession(session.id, now);
    }
    return true;
  }

  /**
   * The sweep (identity.jobs.ts): ends up to `limit` sessions past a timeout, in the job's
   * transaction, recorded per account and reason. Returns how many it ended.
   */
  async function endExpiredSessions(c: ChangeContext, limit: number): Promise<number> {
    const rows = await repo.endExpiredSessions(c.tx, clock.now(), idleMs, limit);
    const groups = new Map<string, { accountId: string; reason: string; endedAt: Record<string, string> }>();
    for (const r of rows) {
      const key = `${r.account_id}|${r.end_reason}`;
      let g = groups.get(key);
      if (!g) {
        g = { accountId: r.account_id, reason: r.end_reason, endedAt: {} };
        groups.set(key, g);
      }
      g.endedAt[r.id] = r.ended_at.toISOString();
    }
    for (const g of groups.values()) await recordEnded(c, g.accountId, Object.keys(g.endedAt), g.reason, g.endedAt);
    return rows.length;
  }

  /** Ends sessions and tells the sso module (back-channel logout), in one transaction with the audit. */
  async function endSessions(c: ChangeContext, accountId: string, reason: string, ids?: string[]): Promise<string[]> {
    const ended = await repo.endSessions(c.tx, accountId, clock.now(), reason, ids);
    if (ended.length > 0) await recordEnded(c, accountId, ended, reason);
    return ended;
  }

  /** Ends some sessions of an account on another module's behalf (the SSO's RP-initiated logout). */
  async function endSessionsOf(
    accountId: string,
    sessionIds: string[],
    reason: string,
    requestId?: string,
  ): Promise<string[]> {
    const account = await repo.findAccount(accountId);
    if (!account || sessionIds.length === 0) return [];
    return ctx.change(accountActor(account), requestId, (c) => endSessions(c, accountId, reason, sessionIds));
  }

  async function logout(actor: Actor, accountId: string, sessionId: string, requestId?: string): Promise<void> {
    await ctx.change(actor, requestId, (c) => endSessions(c, accountId, 'logout', [sessionId]));
  }

  async function logoutAll(actor: Actor, accountId: string, requestId?: string): Promise<number> {
    return (await ctx.change(actor, requestId, (c) => endSessions(c, accountId, 'logout_all'))).length;
  }

  async function revokeSession(actor: Actor, accountId: string, sessionId: string, requestId?: string): Promise<void> {
    const ended = await ctx.change(actor, requestId, (c) => endSessions(c, accountId, 'revoked', [sessionId]));
    if (ended.length === 0) throw identityErrors.sessionNotFound();
  }

  async function listSessions(accountId: string, currentId: string | null) {
    const now = clock.now();
    const rows = await repo.openSessions(accountId);
    return rows
      .filter((s) => expiryOf(s, now) === null)
      .map((s) => ({
        id: s.id,
        current: s.id === currentId,
        createdAt: new Date(s.created_at).toISOString(),
        lastSeenAt: new Date(s.last_seen_at).toISOString(),
        expiresAt: new Date(s.expires_at).toISOString(),
        ip: s.ip,
        userAgent: s.user_agent,
        acr: s.acr,
        amr: s.amr,
      }));
  }

  // ---- password reset and change

  /** Always the same answer; a mail goes out only when the account exists, is enabled and has an address. */
  async function forgotPassword(username: string, meta: LoginMeta): Promise<void> {
    const name = normaliseUsername(username);
    const now = clock.now();
    const since = new Date(now.getTime() - RESET_LIMITS.windowMs);
    const limits = [
      ['ip', await repo.recentAttempts('ip', meta.ip, RESET_REQUESTED, since), RESET_LIMITS.perIp],
      ['username', await repo.recentAttempts('username', name, RESET_REQUESTED, since), RESET_LIMITS.perUsername],
    ] as const;
    for (const [limit, times, max] of limits) {
      const retry = retryAfterMs(times, max, RESET_LIMITS.windowMs, now);
      if (retry === null) continue;
      // Refused before the account is looked up: the same answer for an existing and an unknown name.
      await ctx.change(anonymousActor(meta.ip), meta.requestId, (c) =>
        c.audit({
          action: 'password.reset_rate_limited',
          entityType: 'account',
          entityId: `unknown:${sha256(name).slice(0, 16)}`,
          data: { limit, ip: meta.ip },
        }),
      );
      throw identityErrors.resetRateLimited(retry);
    }
    const account = name === '' ? undefined : await repo.findByUsername(name);
    // Mailed only to an enabled account's address.
    const to = account && !account.disabled_at ? account.email : null;
    const token = randomToken();
    await ctx.change(anonymousActor(meta.ip), meta.requestId, async (c) => {
      // Counted for every request, existing account or not.
      await countAttempt(c, {
        at: now,
        username: name,
        ip: meta.ip,
        outcome: RESET_REQUESTED,
        accountId: account?.id ?? null,
      });
      if (!account || to === null) return;
      await repo.insertReset(c.tx, {
        id: randomUUID(),
        token_hash: sha256(token),
        account_id: account.id,
        created_at: now,
        expires_at: new Date(now.getTime() + RESET_TOKEN_TTL_MS),
      });
      await c.audit({
        action: 'password.reset_requested',
        entityType: 'account',
        entityId: account.id,
        data: { ip: meta.ip },
      });
    });
    if (!account || to === null) {
      ctx.logger.info({ requestId: meta.requestId }, 'yêu cầu đặt lại mật khẩu cho tài khoản không nhận thư được');
      return;
    }
    // The token travels in the fragment: browsers do not send it to servers or in Referer headers.
    const link = `${config.publicUrl}/dat-lai-mat-khau#token=${token}`;
    // Sent after the answer so its timing does not tell whether the account exists.
    void deps.mailer
      .send({
        to,
        subject: 'Đặt lại mật khẩu tài khoản tinhso',
        text: [
          `Xin chào ${account.name},`,
          '',
          'Có yêu cầu đặt lại mật khẩu cho tài khoản của bạn. Mở liên kết sau trong 30 phút để đặt mật khẩu mới:',
          '',
          link,
          '',
          'Liên kết chỉ dùng được một lần. Nếu bạn không yêu cầu, hãy bỏ qua thư này; mật khẩu hiện tại vẫn giữ nguyên.',
        ].join('\n'),
      })
      .catch((err: unknown) => ctx.logger.error({ err, accountId: account.id }, 'không gửi được thư đặt lại mật khẩu'));
  }

  async function resetPassword(token: string, newPassword: string, meta: LoginMeta): Promise<void> {
    const hash = sha256(token);
    // Policy needs the username, so the token is looked at first (without using it).
    const peek = await repo.db
      .selectFrom('identity.password_reset')
      .select('account_id')
      .where('token_hash', '=', hash)
      .executeTakeFirst();
    const account = peek ? await repo.findAccount(peek.account_id as string) : undefined;
    if (!account) throw identityErrors.resetTokenInvalid();
    assertPolicy(newPassword, account.username, '/body/newPassword');
    const passwordHash = await hashPassword(newPassword);
    const now = clock.now();
    await ctx.change(accountActor(account), meta.requestId, async (c) => {
      const reset = await repo.resetByTokenHashForUpdate(c.tx, hash);
      if (!reset || reset.used_at || new Date(reset.expires_at).getTime() <= now.getTime()) {
        throw identityErrors.resetTokenInvalid();
      }
      const current = await repo.findAccountForUpdate(c.tx, account.id);
      if (!current || current.disabled_at) throw identityErrors.resetTokenInvalid();
      await repo.useResets(c.tx, account.id, now);
      await repo.updateAccount(c.tx, account.id, {
        password_hash: passwordHash,
        password_changed_at: now,
        locked_until: null,
        // The link reached this mailbox: the address is proven.
        email_verified: true,
        updated_at: now,
      });
      // Clears the lockout: the owner proved control of the mailbox.
      await countAttempt(c, {
        at: now,
        username: normaliseUsername(account.username),
        ip: meta.ip,
        outcome: 'unlock',
        accountId: account.id,
      });
      await c.audit({ action: 'password.reset', entityType: 'account', entityId: account.id, data: { ip: meta.ip } });
      await endSessions(c, account.id, 'password_reset');
    });
  }

  async function changePassword(
    principal: Principal,
    input: { currentPassword?: string | undefined; newPassword: string },
    requestId?: string,
  ): Promise<void> {
    const account = await repo.findAccount(principal.accountId);
    if (!account) throw identityErrors.accountNotFound();
    if (account.password_hash) {
      if (!(await checkPassword(account.password_hash, input.currentPassword ?? ''))) {
        throw identityErrors.wrongCurrentPassword();
      }
    } else {
      // No password yet (created, or reclaimed, by an external login): only a session that has
      // just signed in through the external provider may add one (FIRST_PASSWORD_REAUTH_MS).
      const session = await repo.sessionById(principal.sessionId);
      const fresh =
        session !== undefined &&
        session.account_id === account.id &&
        session.amr.includes('ext') &&
        clock.now().getTime() - new Date(session.created_at).getTime() <= FIRST_PASSWORD_REAUTH_MS;
      if (!fresh) throw identityErrors.externalReauthenticationRequired(FIRST_PASSWORD_REAUTH_MS);
    }
    assertPolicy(input.newPassword, account.username, '/body/newPassword');
    const passwordHash = await hashPassword(input.newPassword);
    const now = clock.now();
    await ctx.change(accountActor(account), requestId, async (c) => {
      await repo.updateAccount(c.tx, account.id, {
        password_hash: passwordHash,
        password_changed_at: now,
        updated_at: now,
      });
      await c.audit({
        action: account.password_hash ? 'password.changed' : 'password.first_set',
        entityType: 'account',
        entityId: account.id,
      });
      // Other sessions end (someone else may have had the old password); this one stays.
      const others = (await repo.openSessions(account.id, c.tx))
        .map((s) => s.id)
        .filter((id) => id !== principal.sessionId);
      await endSessions(c, account.id, 'password_changed', others);
    });
  }

  // ---- TOTP enrolment and recovery codes

  /** A wrong proof for a second-factor change: counted with the login failures (same lockout). */
  async function mfaProofFailed(account: AccountRow, meta: LoginMeta, reason: string): Promise<void> {
    await ctx.change(accountActor(account), meta.requestId, async (c) => {
      await countAttempt(c, {
        at: clock.now(),
        username: normaliseUsername(account.username),
        ip: meta.ip,
        outcome: 'failure',
        accountId: account.id,
      });
      await c.audit({
        action: 'mfa.change_refused',
        entityType: 'account',
        entityId: account.id,
        data: { reason, ip: meta.ip },
      });
    });
  }

  /**
   * Checks the proof identity.rules.ts mfaChangeProof asks of this session before its second
   * factor is enrolled, replaced or removed. A wrong code or password counts towards the login
   * lockout, so a stolen session cannot try codes one after another; a used code is spent.
   */
  async function proveForMfaChange(
    account: AccountRow,
    sessionId: string,
    proof: MfaProof,
    meta: LoginMeta,
  ): Promise<void> {
    const session = await repo.sessionById(sessionId);
    if (!session || session.account_id !== account.id) throw identityErrors.sessionNotFound();
    const now = clock.now();
    const enrolled = account.mfa_enrolled_at !== null && account.mfa_secret !== null;
    const needed = mfaChangeProof({ enrolled }, { authenticatedAt: new Date(session.created_at) }, now);
    if (needed === 'none') return;
    const given = needed === 'second_factor' ? proof.otp?.trim() : proof.currentPassword;
    // An account without a password (created by an external login) re-authenticates by signing in again.
    if (!given || (needed === 'password' && !account.password_hash)) {
      throw identityErrors.reauthenticationRequired(needed);
    }
    const failures = await repo.recentUsernameFailures(
      normaliseUsername(account.username),
      new Date(now.getTime() - LOGIN_LIMITS.windowMs),
    );
    const locked = retryAfterMs(failures, LOGIN_LIMITS.perUsername, LOGIN_LIMITS.windowMs, now);
    if (locked !== null) throw identityErrors.loginLocked(locked);

    if (needed === 'password') {
      if (await checkPassword(account.password_hash, given)) return;
      await mfaProofFailed(account, meta, 'password');
      throw identityErrors.wrongCurrentPassword();
    }
    if (/^\d{6}$/.test(given)) {
      const step = totpStep(unseal(deps.keys.seal, account.mfa_secret!, account.id), given);
      // Spent at once, atomically: the same code cannot prove anything twice (RFC 6238 §5.2).
      if (step !== null && (await repo.advanceMfaStep(repo.db, account.id, step))) return;
      await mfaProofFailed(account, meta, 'otp');
      throw identityErrors.mfaInvalid();
    }
    let used = false;
    await ctx.change(accountActor(account), meta.requestId, async (c) => {
      used = await repo.useRecoveryCode(c.tx, account.id, sha256(normaliseRecoveryCode(given)), now);
      if (used) {
        await c.audit({
          action: 'mfa.recovery_code_used',
          entityType: 'account',
          entityId: account.id,
          data: { purpose: 'mfa_change' },
        });
      }
    });
    if (used) return;
    await mfaProofFailed(account, meta, 'recovery_code');
    throw identityErrors.mfaInvalid();
  }

  async function startMfaEnrolment(
    holder: { accountId: string; sessionId: string },
    proof: MfaProof,
    meta: LoginMeta,
  ): Promise<{ secret: string; otpauthUri: string }> {
    const { accountId } = holder;
    const account = await repo.findAccount(accountId);
    if (!account) throw identityErrors.accountNotFound();
    await proveForMfaChange(account, holder.sessionId, proof, meta);
    const secret = new Secret({ size: 20 }).base32;
    await ctx.change(accountActor(account), meta.requestId, async (c) => {
      await repo.updateAccount(c.tx, accountId, {
        mfa_pending_secret: seal(deps.keys.seal, secret, accountId),
        updated_at: clock.now(),
      });
      await c.audit({
        action: 'mfa.enrolment_started',
        entityType: 'account',
        entityId: accountId,
        data: { replacing: account.mfa_enrolled_at !== null },
      });
    });
    return { secret, otpauthUri: totpFor(secret, account.username).toString() };
  }

  async function confirmMfaEnrolment(
    accountId: string,
    sessionId: string,
    code: string,
    requestId?: string,
  ): Promise<{ recoveryCodes: string[] }> {
    const account = await repo.findAccount(accountId);
    if (!account) throw identityErrors.accountNotFound();
    if (!account.mfa_pending_secret) throw identityErrors.mfaNotStarted();
    const secret = unseal(deps.keys.seal, account.mfa_pending_secret, accountId);
    const step = /^\d{6}$/.test(code.trim()) ? totpStep(secret, code.trim()) : null;
    if (step === null) throw identityErrors.mfaInvalid();
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => recoveryCode());
    const now = clock.now();
    const replaced = account.mfa_enrolled_at !== null;
    await ctx.change(accountActor(account), requestId, async (c) => {
      await repo.updateAccount(c.tx, accountId, {
        mfa_secret: account.mfa_pending_secret,
        mfa_pending_secret: null,
        mfa_enrolled_at: now,
        mfa_last_step: step,
        updated_at: now,
      });
      await repo.replaceRecoveryCodes(
        c.tx,
        accountId,
        codes.map((code) => ({ id: randomUUID(), code_hash: sha256(normaliseRecoveryCode(code)) })),
      );
      // The session that enrolled has now shown both factors.
      await repo.promoteSession(c.tx, sessionId, ['pwd', 'otp']);
      await c.audit({
        action: 'mfa.enrolled',
        entityType: 'account',
        entityId: accountId,
        data: { recoveryCodes: codes.length, replaced },
      });
      // A replaced factor: sessions opened with the old one end, as after a password change.
      if (replaced) await endSessions(c, accountId, 'mfa_changed', await otherOpenSessions(c, accountId, sessionId));
    });
    return { recoveryCodes: codes };
  }

  async function otherOpenSessions(c: ChangeContext, accountId: string, sessionId: string): Promise<string[]> {
    return (await repo.openSessions(accountId, c.tx)).map((s) => s.id).filter((id) => id !== sessionId);
  }

  /** Turns TOTP off (proved with a current code or a recovery code); refused where a role requires it. */
  async function disableMfa(principal: Principal, proof: MfaProof, meta: LoginMeta): Promise<void> {
    const account = await repo.findAccount(principal.accountId);
    if (!account) throw identityErrors.accountNotFound();
    if (!account.mfa_enrolled_at || !account.mfa_secret) throw identityErrors.mfaNotEnrolled();
    const required =
      !(account.mfa_exempt && config.env !== 'production') &&
      needsMfa(
        rolesOf(account, await repo.grantsOf(account.id)).map((r) => r.role as Role),
        config.identity.mfaRequiredRoles,
      );
    if (required) throw identityErrors.mfaRequiredByRole();
    await proveForMfaChange(account, principal.sessionId, proof, meta);
    const now = clock.now();
    await ctx.change(accountActor(account), meta.requestId, async (c) => {
      await repo.updateAccount(c.tx, account.id, {
        mfa_secret: null,
        mfa_pending_secret: null,
        mfa_enrolled_at: null,
        mfa_last_step: null,
        updated_at: now,
      });
      await repo.replaceRecoveryCodes(c.tx, account.id, []);
      await c.audit({ action: 'mfa.disabled', entityType: 'account', entityId: account.id, data: { ip: meta.ip } });
      await endSessions(c, account.id, 'mfa_changed', await otherOpenSessions(c, account.id, principal.sessionId));
    });
  }

  return {
    hashPassword,
    assertPolicy,
    authenticate,
    startSession,
    resolveSession,
    touchSession,
    endSessions,
    endExpiredSessions,
    endSessionsOf,
    logout,
    logoutAll,
    revokeSession,
    listSessions,
    setSessionCookies,
    clearSessionCookies,
    forgotPassword,
    resetPassword,
    changePassword,
    startMfaEnrolment,
    confirmMfaEnrolment,
    disableMfa,
    unusedRecoveryCodes: (accountId: string) => repo.unusedRecoveryCodes(accountId),
    /** Whether the account can sign in with a password (an external sign-in may have created it without one). */
    hasPassword: async (accountId: string) => ((await repo.findAccount(accountId))?.password_hash ?? null) !== null,
    csrfTokenFor: (sessionId: string) => csrfTokenFor(deps.keys.csrf, sessionId),
  };
}

export type AuthService = ReturnType<typeof authService>;
