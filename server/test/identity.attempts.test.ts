/**
 * Login attempts beyond the single-request rules of identity.login.test.ts: a burst of logins
 * arriving together cannot get more password guesses than the limits allow (the check and the
 * count are one step, under a lock per username and per address); the attempts are purged a day
 * after they were made (the limits look back 15 minutes); and `me` says whether the account has a
 * password, so the account page can offer "change" or "set a first password".
 */
import type { FastifyReply } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_LIMITS } from '../src/modules/identity/identity.auth.ts';
import type { IdentityApi } from '../src/modules/identity/index.ts';
import { ManualClock } from '../src/platform/clock/index.ts';
import { Client, createOfficial, loadTestAgencies, PASSWORD, registerCitizen, TREE } from './fixtures/identity.ts';
import { createTestApp, type TestApp } from './support.ts';

let t: TestApp;
let api: IdentityApi;
const clock = new ManualClock('2026-03-02T01:00:00Z');

beforeAll(async () => {
  t = await createTestApp({ clock, env: { MFA_REQUIRED_ROLES: 'none' } });
  api = t.app.tinhso.apis.identity as IdentityApi;
  await loadTestAgencies(t.app);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

async function runJobs(): Promise<void> {
  while ((await t.app.tinhso.jobs.runOnce()) > 0) {}
}

async function attempts(where: { username?: string; ip?: string }): Promise<{ outcome: string; at: Date }[]> {
  const r = await sql<{ outcome: string; at: Date }>`
    select outcome, at from identity.login_attempt
    where (${where.username ?? null}::text is null or username = ${where.username ?? null})
      and (${where.ip ?? null}::text is null or ip = ${where.ip ?? null})
    order by id`.execute(t.database.db);
  return r.rows;
}

const codes = (res: { json(): any }[]) => res.map((r) => r.json().code as string);
const tally = (xs: string[]) => Object.fromEntries([...new Set(xs)].map((x) => [x, xs.filter((y) => y === x).length]));

describe('old login attempts are purged', () => {
  it('a purge job deletes attempts older than a day and keeps the recent ones the limits count', async () => {
    // First in this file: no session is open (hence no session sweep), so only the failure itself
    // can plan the purge that deletes it: in the first hour slot after it is a day old.
    const ip = '10.6.6.6';
    expect((await new Client(t.app, ip).login('khong.ai.ca', 'sai-mat-khau-xx')).statusCode).toBe(401);
    expect(await attempts({ ip })).toHaveLength(1);
    const planned = await sql<{ run_at: Date }>`
      select run_at from platform.job where name = 'identity.purge_login_attempts' and status = 'pending'`.execute(
      t.database.db,
    );
    expect(planned.rows.map((r) => new Date(r.run_at).toISOString())).toEqual(['2026-03-03T02:00:00.000Z']);

    clock.advance(23 * 3_600_000);
    await runJobs();
    expect(await attempts({ ip })).toHaveLength(1); // 23 h old: kept

    clock.advance(2 * 3_600_000);
    expect((await new Client(t.app, ip).login('khong.ai.ca', 'sai-mat-khau-yy')).statusCode).toBe(401);
    await runJobs();
    const left = await attempts({ ip });
    expect(left).toHaveLength(1); // the 25-hour-old one is gone, the new one stays
    expect(new Date(left[0]!.at).getTime()).toBe(clock.now().getTime());
    const old = await sql<{ n: number }>`
      select count(*)::int8 as n from identity.login_attempt where at < ${new Date(clock.now().getTime() - 24 * 3_600_000)}`.execute(
      t.database.db,
    );
    expect(Number(old.rows[0]!.n)).toBe(0);
  });
});

describe('a burst of logins cannot exceed the limits', () => {
  it('12 wrong passwords at once for one username: exactly 5 are checked, the rest are refused as locked', async () => {
    await createOfficial(t.app, { username: 'dot.kich', agencyCode: TREE.health });
    const burst = await Promise.all(
      Array.from({ length: 12 }, (_, i) => new Client(t.app, `10.3.0.${i}`).login('dot.kich', `doan-sai-${i}-xxxx`)),
    );
    expect(tally(codes(burst))).toEqual({ INVALID_CREDENTIALS: LOGIN_LIMITS.perUsername, LOGIN_LOCKED: 7 });
    const rows = await attempts({ username: 'dot.kich' });
    expect(rows.filter((r) => r.outcome === 'failure')).toHaveLength(LOGIN_LIMITS.perUsername);
    expect(rows.filter((r) => r.outcome === 'refused_locked')).toHaveLength(7);
    // Locked: the right password is refused too.
    expect((await new Client(t.app, '10.3.1.1').login('dot.kich', PASSWORD)).json().code).toBe('LOGIN_LOCKED');
  });

  it('40 logins at once from one address with different usernames: exactly 30 are checked', async () => {
    const ip = '10.4.4.4';
    const burst = await Promise.all(
      Array.from({ length: 40 }, (_, i) => new Client(t.app, ip).login(`phun.${i}`, 'Mua-xuan-2026')),
    );
    expect(tally(codes(burst))).toEqual({ INVALID_CREDENTIALS: LOGIN_LIMITS.perIp, LOGIN_RATE_LIMITED: 10 });
    expect((await attempts({ ip })).filter((r) => r.outcome === 'failure')).toHaveLength(LOGIN_LIMITS.perIp);
  });

  it('a success among a burst is recorded as a success, not as the failure it counted as meanwhile', async () => {
    await registerCitizen(t.app, '001090000301');
    const burst = await Promise.all([
      new Client(t.app, '10.5.0.1').login('001090000301', PASSWORD),
      new Client(t.app, '10.5.0.2').login('001090000301', 'sai-mat-khau-1'),
      new Client(t.app, '10.5.0.3').login('001090000301', 'sai-mat-khau-2'),
    ]);
    expect(burst.map((r) => r.statusCode)).toEqual([200, 401, 401]);
    const outcomes = (await attempts({ username: '001090000301' })).map((r) => r.outcome).sort();
    expect(outcomes).toEqual(['failure', 'failure', 'success']);
  });
});

describe('`me` says whether the account has a password', () => {
  it('true after a password login, false for an account known only through an external provider, then true', async () => {
    await registerCitizen(t.app, '001090000302');
    const c = new Client(t.app);
    expect((await c.login('001090000302')).json().hasPassword).toBe(true);
    expect((await c.get('/api/v1/auth/me')).json().hasPassword).toBe(true);

    const linked = await api.linkExternalCitizen({
      providerId: 'vneid',
      subject: 'khong-mat-khau-303',
      citizenId: '001090000303',
      name: 'Phạm Văn Ba',
      acr: 'vneid-2',
    });
    const cookies = new Map<string, string>();
    const reply = { setCookie: (name: string, value: string) => cookies.set(name, value) } as unknown as FastifyReply;
    await api.startSession(reply, linked.accountId, {
      acr: 'vneid-2',
      amr: ['ext'],
      ip: '127.0.0.1',
      userAgent: 'test',
    });
    const holder = new Client(t.app);
    holder.sid = cookies.get('tinhso_sid');
    holder.csrf = cookies.get('tinhso_csrf');
    const me = await holder.get('/api/v1/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().hasPassword).toBe(false);

    expect(
      (await holder.post('/api/v1/auth/password/change', { newPassword: 'Mat-khau-dau-tien-2026' })).statusCode,
    ).toBe(204);
    expect((await holder.get('/api/v1/auth/me')).json().hasPassword).toBe(true);
  });
});
