/**
 * TOTP: a leader (MFA required by the default configuration) who has not enrolled gets a session
 * that may only enrol; enrolment confirms with a code and hands out 10 single-use recovery codes;
 * afterwards a login without a code is MFA_REQUIRED, a replayed code is refused, and a recovery
 * code works exactly once. Codes are computed here with otpauth on the test's own clock.
 */
import type { FastifyReply } from 'fastify';
import { sql } from 'kysely';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdentityApi } from '../src/modules/identity/index.ts';
import { ManualClock } from '../src/platform/clock/index.ts';
import { Client, createOfficial, loadTestAgencies, PASSWORD, TREE } from './fixtures/identity.ts';
import { createTestApp, type TestApp } from './support.ts';

let t: TestApp;
const clock = new ManualClock('2026-03-02T01:00:00Z');
let secret = '';
let recovery: string[] = [];

const codeAt = (base32: string, ms = clock.now().getTime()) =>
  new TOTP({ secret: Secret.fromBase32(base32), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: ms });

beforeAll(async () => {
  t = await createTestApp({ clock });
  await loadTestAgencies(t.app);
  await createOfficial(t.app, {
    username: 'lanh.dao',
    agencyCode: TREE.justice,
    roles: [{ role: 'leader', agencyCode: TREE.justice }],
  });
  await createOfficial(t.app, {
    username: 'chuyen.vien',
    agencyCode: TREE.justice,
    roles: [{ role: 'specialist', agencyCode: TREE.justice }],
  });
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('mandatory enrolment for leaders', () => {
  it('a leader without TOTP gets a session that may only enrol', async () => {
    const c = new Client(t.app);
    const res = await c.login('lanh.dao');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ mfaEnrolled: false, mfaEnrolmentRequired: true });
    expect((await c.get('/api/v1/auth/me')).json().mfaEnrolmentRequired).toBe(true);
    const blocked = await c.get('/api/v1/auth/sessions');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json()).toMatchObject({ code: 'MFA_ENROLMENT_REQUIRED' });
    expect((await c.get('/api/v1/identity/me/data-access')).statusCode).toBe(403);

    const enrol = await c.post('/api/v1/auth/mfa/enrol');
    expect(enrol.statusCode).toBe(200);
    secret = enrol.json().secret;
    expect(enrol.json().otpauthUri).toMatch(/^otpauth:\/\/totp\/tinhso:lanh\.dao\?.*secret=/);
    // The seed is stored sealed (AES-256-GCM), never as the base32 text.
    const stored = await sql<{
      s: string;
    }>`select mfa_pending_secret as s from identity.account where username = 'lanh.dao'`.execute(t.database.db);
    expect(stored.rows[0]!.s).toMatch(/^v1\./);
    expect(stored.rows[0]!.s).not.toContain(secret);

    const wrong = await c.post('/api/v1/auth/mfa/confirm', {
      code: codeAt(secret, clock.now().getTime() + 10 * 60_000),
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('MFA_INVALID');

    const ok = await c.post('/api/v1/auth/mfa/confirm', { code: codeAt(secret) });
    expect(ok.statusCode).toBe(200);
    recovery = ok.json().recoveryCodes;
    expect(recovery).toHaveLength(10);
    expect(new Set(recovery).size).toBe(10);
    // The enrolling session is now a full one.
    expect((await c.get('/api/v1/auth/sessions')).statusCode).toBe(200);
    expect((await c.get('/api/v1/auth/me')).json()).toMatchObject({ mfaEnrolled: true, mfaEnrolmentRequired: false });
  });

  it('a specialist (not in MFA_REQUIRED_ROLES) is not asked to enrol', async () => {
    const res = await new Client(t.app).login('chuyen.vien');
    expect(res.json().mfaEnrolmentRequired).toBe(false);
  });
});

describe('the API used by the SSO login', () => {
  it('verifies credentials, but refuses to hand out a full session before enrolment', async () => {
    await createOfficial(t.app, {
      username: 'lanh.dao.hai',
      agencyCode: TREE.justice,
      roles: [{ role: 'leader', agencyCode: TREE.justice }],
    });
    const api = t.app.tinhso.apis.identity as IdentityApi;
    const meta = { ip: '127.0.0.1', userAgent: 'test' };
    const { accountId } = await api.verifyCredentials({ username: 'lanh.dao.hai', password: PASSWORD }, meta);
    const cookies: string[] = [];
    const reply = { setCookie: (name: string) => cookies.push(name) } as unknown as FastifyReply;
    await expect(api.startSession(reply, accountId, { acr: null, amr: ['pwd'], ...meta })).rejects.toMatchObject({
      code: 'MFA_ENROLMENT_REQUIRED',
      status: 403,
    });
    // The browser still gets the enrolment-only session.
    expect(cookies).toEqual(['tinhso_sid', 'tinhso_csrf']);
  });
});

describe('login with TOTP', () => {
  it('without a code: MFA_REQUIRED; the code just used: refused as a replay; the next one: accepted', async () => {
    const none = await new Client(t.app).login('lanh.dao');
    expect(none.statusCode).toBe(401);
    expect(none.json()).toMatchObject({ code: 'MFA_REQUIRED', title: 'Cần mã xác thực hai lớp' });
    expect(none.cookies.find((c) => c.name === 'tinhso_sid')).toBeUndefined();

    // The confirmation used this step's code: using it again is a replay (RFC 6238 §5.2).
    const replay = await new Client(t.app).login('lanh.dao', undefined, codeAt(secret));
    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe('MFA_INVALID');

    clock.advance(30_000);
    const c = new Client(t.app);
    const ok = await c.login('lanh.dao', undefined, codeAt(secret));
    expect(ok.statusCode).toBe(200);
    expect(ok.json().mfaEnrolmentRequired).toBe(false);
    const sessions = (await c.get('/api/v1/auth/sessions')).json().items as { current: boolean; amr: string[] }[];
    expect(sessions.find((s) => s.current)!.amr).toEqual(['pwd', 'otp']);
  });

  it('a wrong password with a right code is still a plain failure', async () => {
    clock.advance(30_000);
    const res = await new Client(t.app).login('lanh.dao', 'Sai-mat-khau-roi', codeAt(secret));
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('INVALID_CREDENTIALS');
  });
});

describe('recovery codes', () => {
  it('each works once, in any case and with or without dashes', async () => {
    const code = recovery[0]!;
    const first = await new Client(t.app).login('lanh.dao', undefined, code.toUpperCase().replaceAll('-', ''));
    expect(first.statusCode).toBe(200);
    const again = await new Client(t.app).login('lanh.dao', undefined, code);
    expect(again.statusCode).toBe(401);
    expect(again.json().code).toBe('MFA_INVALID');
    expect((await new Client(t.app).login('lanh.dao', undefined, recovery[1]!)).statusCode).toBe(200);
    const left = await sql<{ n: number }>`
      select count(*)::int8 as n from identity.recovery_code r join identity.account a on a.id = r.account_id
      where a.username = 'lanh.dao' and r.used_at is null`.execute(t.database.db);
    expect(left.rows[0]!.n).toBe(8);
    const hashes = await sql<{ code_hash: string }>`select code_hash from identity.recovery_code`.execute(
      t.database.db,
    );
    expect(hashes.rows.map((r) => r.code_hash)).not.toContain(recovery[2]);
  });
});

describe('changing the second factor needs more than the session cookie', () => {
  const enrolledLogin = async () => {
    clock.advance(30_000);
    const c = new Client(t.app);
    expect((await c.login('lanh.dao', undefined, codeAt(secret))).statusCode).toBe(200);
    return c;
  };
  const pending = async (username: string) => {
    const r = await sql<{ s: string | null }>`
      select mfa_pending_secret as s from identity.account where username = ${username}`.execute(t.database.db);
    return r.rows[0]!.s;
  };

  it('re-enrolment asks for the current code; a wrong one is refused; the new factor replaces the old', async () => {
    const stolen = await enrolledLogin();
    const other = await enrolledLogin();

    const bare = await stolen.post('/api/v1/auth/mfa/enrol', {});
    expect(bare.statusCode).toBe(403);
    expect(bare.json()).toMatchObject({ code: 'REAUTHENTICATION_REQUIRED', title: 'Cần xác nhận lại' });
    expect(bare.json().errors).toEqual([{ field: '/body/otp', message: expect.stringMatching(/mã xác thực/) }]);
    // A password is not a proof of the second factor.
    const pwd = await stolen.post('/api/v1/auth/mfa/enrol', { currentPassword: PASSWORD });
    expect(pwd.statusCode).toBe(403);
    const wrong = await stolen.post('/api/v1/auth/mfa/enrol', {
      otp: codeAt(secret, clock.now().getTime() + 10 * 60_000),
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('MFA_INVALID');
    expect(await pending('lanh.dao')).toBeNull();

    clock.advance(30_000);
    const proved = await stolen.post('/api/v1/auth/mfa/enrol', { otp: codeAt(secret) });
    expect(proved.statusCode).toBe(200);
    const newSecret = proved.json().secret as string;
    // The code that proved it is spent.
    expect((await stolen.post('/api/v1/auth/mfa/enrol', { otp: codeAt(secret) })).statusCode).toBe(401);
    const confirmed = await stolen.post('/api/v1/auth/mfa/confirm', { code: codeAt(newSecret) });
    expect(confirmed.statusCode).toBe(200);
    recovery = confirmed.json().recoveryCodes;

    // Sessions opened with the old factor end; the old factor no longer signs in, the new one does.
    expect((await other.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await stolen.get('/api/v1/auth/me')).statusCode).toBe(200);
    clock.advance(30_000);
    expect((await new Client(t.app).login('lanh.dao', undefined, codeAt(secret))).statusCode).toBe(401);
    secret = newSecret;
    expect((await new Client(t.app).login('lanh.dao', undefined, codeAt(secret))).statusCode).toBe(200);
    const ended = await sql<{ payload: any }>`
      select payload from platform.outbox where module = 'identity' and type = 'sessions_ended'
      order by seq desc limit 1`.execute(t.database.db);
    expect(ended.rows[0]!.payload.reason).toBe('mfa_changed');
  });

  it('a recovery code proves the factor once (the lost-phone case)', async () => {
    const c = await enrolledLogin();
    const res = await c.post('/api/v1/auth/mfa/enrol', { otp: recovery[0]! });
    expect(res.statusCode).toBe(200);
    expect((await c.post('/api/v1/auth/mfa/enrol', { otp: recovery[0]! })).statusCode).toBe(401);
  });

  it('wrong codes count as failed logins: after 5 the account is locked, even for the right code', async () => {
    const c = await enrolledLogin();
    for (let i = 0; i < 5; i++) {
      clock.advance(1000); // failures count after the last success (same instant: not after)
      const res = await c.post('/api/v1/auth/mfa/enrol', { otp: String(100000 + i) });
      expect(res.statusCode).toBe(401);
    }
    clock.advance(30_000);
    const locked = await c.post('/api/v1/auth/mfa/enrol', { otp: codeAt(secret) });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('LOGIN_LOCKED');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect((await new Client(t.app).login('lanh.dao', undefined, codeAt(secret))).statusCode).toBe(429);
    clock.advance(16 * 60_000);
  });

  it('disabling: refused where the role requires TOTP; elsewhere needs the current code', async () => {
    const leader = await enrolledLogin();
    clock.advance(30_000);
    const byRole = await leader.post('/api/v1/auth/mfa/disable', { otp: codeAt(secret) });
    expect(byRole.statusCode).toBe(409);
    expect(byRole.json().code).toBe('MFA_REQUIRED_BY_ROLE');

    // A specialist may use TOTP without being required to, and turn it off again.
    const c = new Client(t.app);
    await c.login('chuyen.vien');
    const enrol = await c.post('/api/v1/auth/mfa/enrol', {});
    expect(enrol.statusCode).toBe(200); // a session that signed in moments ago
    const own = enrol.json().secret as string;
    expect((await c.post('/api/v1/auth/mfa/confirm', { code: codeAt(own) })).statusCode).toBe(200);
    expect((await c.post('/api/v1/auth/mfa/disable', {})).json().code).toBe('REAUTHENTICATION_REQUIRED');
    clock.advance(30_000);
    expect((await c.post('/api/v1/auth/mfa/disable', { otp: codeAt(own) })).statusCode).toBe(204);
    expect((await c.get('/api/v1/auth/me')).json().mfaEnrolled).toBe(false);
    expect((await new Client(t.app).login('chuyen.vien')).statusCode).toBe(200);
    expect((await c.post('/api/v1/auth/mfa/disable', { otp: codeAt(own) })).json().code).toBe('MFA_NOT_ENROLLED');
  });

  it('a first enrolment from a session older than 10 minutes asks for the password again', async () => {
    const c = new Client(t.app);
    await c.login('chuyen.vien');
    clock.advance(11 * 60_000);
    const bare = await c.post('/api/v1/auth/mfa/enrol', {});
    expect(bare.statusCode).toBe(403);
    expect(bare.json()).toMatchObject({ code: 'REAUTHENTICATION_REQUIRED' });
    expect(bare.json().errors[0].field).toBe('/body/currentPassword');
    const wrong = await c.post('/api/v1/auth/mfa/enrol', { currentPassword: 'Khong-phai-mat-khau-1' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().code).toBe('CURRENT_PASSWORD_WRONG');
    expect(await pending('chuyen.vien')).toBeNull();
    expect((await c.post('/api/v1/auth/mfa/enrol', { currentPassword: PASSWORD })).statusCode).toBe(200);
  });
});

describe('one TOTP code, two logins at once', () => {
  it('exactly one succeeds: the step is spent by a conditional update, the other is refused', async () => {
    await createOfficial(t.app, {
      username: 'lanh.dao.dua',
      agencyCode: TREE.justice,
      roles: [{ role: 'leader', agencyCode: TREE.justice }],
    });
    const c = new Client(t.app);
    await c.login('lanh.dao.dua');
    const own = (await c.post('/api/v1/auth/mfa/enrol')).json().secret as string;
    expect((await c.post('/api/v1/auth/mfa/confirm', { code: codeAt(own) })).statusCode).toBe(200);

    for (let round = 0; round < 3; round++) {
      clock.advance(30_000);
      const code = codeAt(own);
      const answers = await Promise.all([1, 2, 3].map(() => new Client(t.app).login('lanh.dao.dua', undefined, code)));
      expect(answers.map((a) => a.statusCode).sort(), `round ${round}`).toEqual([200, 401, 401]);
      expect(answers.filter((a) => a.statusCode === 401).map((a) => a.json().code)).toEqual([
        'MFA_INVALID',
        'MFA_INVALID',
      ]);
    }
    const sessions = await sql<{ n: number }>`
      select count(*)::int as n from identity.session s join identity.account a on a.id = s.account_id
      where a.username = 'lanh.dao.dua'`.execute(t.database.db);
    // The enrolling session and one per round.
    expect(Number(sessions.rows[0]!.n)).toBe(4);
  });
});
