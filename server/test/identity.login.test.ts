/**
 * Password login: the session cookie and the `me` shape, answers that never tell whether a
 * username exists, the lockout (20 wrong passwords → locked; the right one still refused until the
 * lock ends), the per-IP limit counted in the database, disabling an account, the audit of every
 * attempt without the password, and refusals that write nothing.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/platform/clock/index.ts';
import { Client, createOfficial, loadTestAgencies, PASSWORD, registerCitizen, TREE } from './fixtures/identity.ts';
import { adminHeaders, countRows, createTestApp, type TestApp } from './support.ts';

let t: TestApp;
const clock = new ManualClock('2026-03-02T01:00:00Z');

beforeAll(async () => {
  t = await createTestApp({ clock });
  await loadTestAgencies(t.app);
  await createOfficial(t.app, {
    username: 'chuyen.vien',
    agencyCode: TREE.justice,
    roles: [{ role: 'specialist', agencyCode: TREE.justice }],
  });
  await registerCitizen(t.app, '001090000001');
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('a successful login', () => {
  it('sets an HTTP-only SameSite=Lax session cookie and a readable CSRF cookie, and answers `me`', async () => {
    const c = new Client(t.app);
    const res = await c.login('chuyen.vien');
    expect(res.statusCode).toBe(200);
    const sid = res.cookies.find((x) => x.name === 'tinhso_sid')!;
    const csrf = res.cookies.find((x) => x.name === 'tinhso_csrf')!;
    expect(sid.httpOnly).toBe(true);
    expect(sid.sameSite).toBe('Lax');
    expect(sid.path).toBe('/');
    expect(sid.value).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 random bits
    expect(csrf.httpOnly).toBeFalsy();
    // The public URL of the test config is http://, so Secure is off; on https it is on.
    expect(sid.secure).toBeFalsy();
    expect(res.json()).toMatchObject({
      kind: 'official',
      name: 'Cán bộ chuyen.vien',
      agencyCode: TREE.justice,
      roles: [{ role: 'specialist', agencyCode: TREE.justice }],
      mfaEnrolmentRequired: false,
    });
    const me = await c.get('/api/v1/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().id).toBe(res.json().id);
    // Only the hash of the cookie value is stored.
    const stored = await sql<{ token_hash: string }>`select token_hash from identity.session`.execute(t.database.db);
    expect(stored.rows.map((r) => r.token_hash)).not.toContain(sid.value);
  });

  it('a citizen logs in with the citizen ID; usernames are case-insensitive for officials', async () => {
    const c = new Client(t.app);
    expect((await c.login('001090000001')).json()).toMatchObject({
      kind: 'citizen',
      roles: [{ role: 'citizen', agencyCode: null }],
    });
    expect((await new Client(t.app).login('CHUYEN.VIEN')).statusCode).toBe(200);
  });

  it('an anonymous `me` is 401 in Vietnamese problem+json', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'UNAUTHENTICATED', title: 'Chưa xác thực' });
  });
});

describe('answers that do not reveal whether a username exists', () => {
  it('a wrong password and an unknown username get the same answer', async () => {
    const wrong = await new Client(t.app, '10.0.0.1').login('chuyen.vien', 'sai-mat-khau-123');
    const unknown = await new Client(t.app, '10.0.0.1').login('khong.ton.tai', 'sai-mat-khau-123');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    const strip = (b: any) => ({ ...b, requestId: undefined, instance: undefined });
    expect(strip(wrong.json())).toEqual(strip(unknown.json()));
    expect(wrong.json().detail).toBe('Tên đăng nhập hoặc mật khẩu không đúng.');
  });
});

describe('brute force', () => {
  it('20 wrong passwords → locked after 5; the right password is refused until the lock ends', async () => {
    await createOfficial(t.app, { username: 'bi.tan.cong', agencyCode: TREE.health });
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      // From different addresses: the lock is per username, whatever the source.
      const res = await new Client(t.app, `10.1.0.${i}`).login('bi.tan.cong', `doan-sai-${i}-xxxx`);
      statuses.push(res.statusCode);
      if (i === 5) {
        expect(res.json().code).toBe('LOGIN_LOCKED');
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
        expect(res.json().detail).toMatch(/thử lại sau \d+ phút/);
      }
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5).every((s) => s === 429)).toBe(true);

    const right = await new Client(t.app, '10.1.1.1').login('bi.tan.cong', PASSWORD);
    expect(right.statusCode).toBe(429);

    // An unknown username locks the same way: the lock does not reveal existence either.
    for (let i = 0; i < 5; i++) await new Client(t.app, `10.2.0.${i}`).login('ma.khong.co', `doan-sai-${i}-xxxx`);
    expect((await new Client(t.app, '10.2.1.1').login('ma.khong.co', 'doan-sai-x-xxxx')).json().code).toBe(
      'LOGIN_LOCKED',
    );

    clock.advance(15 * 60_000 + 1000);
    const later = await new Client(t.app, '10.1.1.1').login('bi.tan.cong', PASSWORD);
    expect(later.statusCode).toBe(200);
    // A success resets the count: one more wrong password is an ordinary 401.
    expect((await new Client(t.app, '10.1.1.2').login('bi.tan.cong', 'sai-lan-nua-xx')).statusCode).toBe(401);
  });

  it('limits one address across many usernames (password spraying), counted in the database', async () => {
    const ip = '10.9.9.9';
    for (let i = 0; i < 30; i++) {
      const res = await new Client(t.app, ip).login(`nguoi.dung.${i}`, 'Mua-xuan-2026');
      expect(res.statusCode).toBe(401);
    }
    const refused = await new Client(t.app, ip).login('chuyen.vien', PASSWORD);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().code).toBe('LOGIN_RATE_LIMITED');
    // Another address is not affected.
    expect((await new Client(t.app, '10.9.9.10').login('chuyen.vien', PASSWORD)).statusCode).toBe(200);
    const n = await sql<{ n: number }>`select count(*)::int8 as n from identity.login_attempt where ip = ${ip}`.execute(
      t.database.db,
    );
    expect(n.rows[0]!.n).toBe(31);
    clock.advance(15 * 60_000 + 1000);
    expect((await new Client(t.app, ip).login('chuyen.vien', PASSWORD)).statusCode).toBe(200);
  });
});

describe('audit of every login', () => {
  it('records successes and failures with address and agent, never the password', async () => {
    await new Client(t.app, '10.5.5.5').login('chuyen.vien', 'Mot-mat-khau-sai-rieng');
    await new Client(t.app, '10.5.5.5').login('chuyen.vien');
    const rows = await sql<{ action: string; data: any; actor: any }>`
      select action, data, actor from platform.audit_log where module = 'identity' and action like 'login.%'
      order by at desc, seq desc limit 2`.execute(t.database.db);
    expect(rows.rows.map((r) => r.action).sort()).toEqual(['login.failure', 'login.succeeded']);
    for (const r of rows.rows) {
      expect(r.data.ip).toBe('10.5.5.5');
      expect(r.data.username).toBe('chuyen.vien');
    }
    const all = await sql<{ s: string }>`select string_agg(data::text, ' ') as s from platform.audit_log`.execute(
      t.database.db,
    );
    expect(all.rows[0]!.s).not.toContain('Mot-mat-khau-sai-rieng');
    expect(all.rows[0]!.s).not.toContain(PASSWORD);
    const verify = await t.app.tinhso.audit.verify();
    expect(verify.ok).toBe(true);
  });
});

describe('disabling an account', () => {
  it('ends its sessions at once, refuses new logins, and publishes identity.sessions_ended', async () => {
    const id = await createOfficial(t.app, { username: 'se.bi.khoa', agencyCode: TREE.health });
    const c = new Client(t.app);
    expect((await c.login('se.bi.khoa')).statusCode).toBe(200);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/identity/accounts/${id}/disable`,
      headers: adminHeaders,
      payload: { reason: 'Nghỉ việc' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ disabled: true, disabledReason: 'Nghỉ việc' });
    expect((await c.get('/api/v1/auth/me')).statusCode).toBe(401);
    const again = await new Client(t.app).login('se.bi.khoa');
    expect(again.statusCode).toBe(403);
    expect(again.json().code).toBe('ACCOUNT_DISABLED');
    // A wrong password on a disabled account is the ordinary answer (nothing revealed).
    expect((await new Client(t.app).login('se.bi.khoa', 'khong-dung-dau')).statusCode).toBe(401);
    const events = await sql<{ payload: any }>`
      select payload from platform.outbox where module = 'identity' and type = 'sessions_ended'`.execute(t.database.db);
    expect(events.rows.some((e) => e.payload.accountId === id && e.payload.sessionIds.length === 1)).toBe(true);

    const enabled = await t.app.inject({
      method: 'POST',
      url: `/api/v1/identity/accounts/${id}/enable`,
      headers: adminHeaders,
    });
    expect(enabled.json().disabled).toBe(false);
    expect((await new Client(t.app).login('se.bi.khoa')).statusCode).toBe(200);
  });
});

describe('bad input', () => {
  it('is refused in Vietnamese and writes nothing', async () => {
    const before = {
      accounts: await countRows(t.database, 'identity.account'),
      audit: await countRows(t.database, 'platform.audit_log'),
      attempts: await countRows(t.database, 'identity.login_attempt'),
    };
    const missing = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'a' } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0].message).toMatch(/Thiếu trường bắt buộc «password»/);

    const extra = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { citizenId: '001090000002', name: 'A B', email: 'a@b.vn', password: PASSWORD, admin: true },
    });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().errors[0].message).toMatch(/không được chấp nhận/);

    const badId = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { citizenId: '12345', name: 'Trần Văn B', email: 'b@b.vn', password: PASSWORD },
    });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().errors).toEqual([
      { field: '/body/citizenId', message: 'Số định danh cá nhân phải gồm đúng 12 chữ số.' },
    ]);

    const weak = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { citizenId: '001090000003', name: 'Trần Văn C', email: 'c@b.vn', password: 'matkhau123' },
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().code).toBe('PASSWORD_POLICY');
    expect(weak.json().detail).toMatch(/quá phổ biến/);

    // (An ID number that already has an account is not bad input: it answers 202 like a new one,
    // see identity.registration.test.ts.)

    const badAgency = await t.app.inject({
      method: 'POST',
      url: '/api/v1/identity/accounts',
      headers: adminHeaders,
      payload: { username: 'khong.co.quan', name: 'Không Cơ Quan', agencyCode: '000.00.77.H98', password: PASSWORD },
    });
    expect(badAgency.statusCode).toBe(400);
    expect(badAgency.json().code).toBe('AGENCY_NOT_FOUND');

    expect(await countRows(t.database, 'identity.account')).toBe(before.accounts);
    expect(await countRows(t.database, 'platform.audit_log')).toBe(before.audit);
    expect(await countRows(t.database, 'identity.login_attempt')).toBe(before.attempts);
  });
});
