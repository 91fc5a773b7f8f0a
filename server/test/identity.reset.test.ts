/**
 * Password reset by e-mail through a real SMTP server (smtp-server on a local port): the mail
 * arrives, the link in it resets the password once, the old sessions end, the new password logs
 * in; an unknown username gets the same answer and no mail; an expired or reused token is refused.
 * Also: changing the password (other sessions end) and the policy on the new password.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/platform/clock/index.ts';
import { Client, createOfficial, loadTestAgencies, PASSWORD, TREE } from './fixtures/identity.ts';
import { type SmtpFixture, startSmtpServer } from './fixtures/smtp.ts';
import { countRows, createTestApp, type TestApp } from './support.ts';

let t: TestApp;
let smtp: SmtpFixture;
const clock = new ManualClock('2026-03-02T01:00:00Z');

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await createTestApp({
    clock,
    env: {
      SMTP_URL: smtp.url,
      MAIL_FROM: 'tinhso <no-reply@tinhso.test>',
      PUBLIC_URL: 'https://dichvucong.tinhso.test',
    },
  });
  await loadTestAgencies(t.app);
  await createOfficial(t.app, { username: 'quen.mat.khau', agencyCode: TREE.justice, email: 'quen@tinhso.test' });
  await createOfficial(t.app, { username: 'doi.mat.khau', agencyCode: TREE.justice, email: 'doi@tinhso.test' });
}, 120_000);
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

function tokenFrom(text: string): string {
  const m = /https:\/\/dichvucong\.tinhso\.test\/dat-lai-mat-khau#token=([A-Za-z0-9_-]+)/.exec(text);
  if (!m) throw new Error(`no reset link in: ${text}`);
  return m[1]!;
}

const forgot = (username: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/password/forgot', payload: { username } });
const reset = (token: string, newPassword: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/password/reset', payload: { token, newPassword } });

describe('password reset by e-mail', () => {
  it('mails a link; the link sets a new password once; old sessions end; the new password logs in', async () => {
    const old = new Client(t.app);
    expect((await old.login('quen.mat.khau')).statusCode).toBe(200);
    // Cookies are Secure when the public address is https.
    expect((await new Client(t.app).login('quen.mat.khau')).cookies.find((c) => c.name === 'tinhso_sid')!.secure).toBe(
      true,
    );

    const seen = smtp.messages.length;
    const res = await forgot('quen.mat.khau');
    expect(res.statusCode).toBe(202);
    const mail = await smtp.waitFor('quen@tinhso.test', { after: seen });
    expect(mail.from).toBe('no-reply@tinhso.test');
    expect(mail.raw).toMatch(/Subject: =\?UTF-8\?/i);
    expect(mail.text).toContain('30 phút');
    const token = tokenFrom(mail.text);
    // Only the hash of the token is stored.
    const stored = await sql<{ token_hash: string }>`select token_hash from identity.password_reset`.execute(
      t.database.db,
    );
    expect(stored.rows.map((r) => r.token_hash)).not.toContain(token);

    const newPassword = 'Bau-troi-xanh-2026';
    expect((await reset(token, newPassword)).statusCode).toBe(204);
    expect((await old.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await new Client(t.app).login('quen.mat.khau', PASSWORD)).statusCode).toBe(401);
    expect((await new Client(t.app).login('quen.mat.khau', newPassword)).statusCode).toBe(200);

    const reused = await reset(token, 'Mot-mat-khau-khac-2026');
    expect(reused.statusCode).toBe(400);
    expect(reused.json()).toMatchObject({ code: 'RESET_TOKEN_INVALID' });
    expect(reused.json().detail).toMatch(/hết hạn \(30 phút\) hoặc đã được dùng/);
  });

  it('an unknown username gets the same answer and no mail', async () => {
    const seen = smtp.messages.length;
    const known = await forgot('quen.mat.khau');
    const unknown = await forgot('khong.ai.ca');
    expect(unknown.statusCode).toBe(known.statusCode);
    const { requestId: _k, ...knownProblem } = known.json();
    const { requestId: _u, ...unknownProblem } = unknown.json();
    expect(unknownProblem).toEqual(knownProblem);
    await smtp.waitFor('quen@tinhso.test', { after: seen });
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.messages.length).toBe(seen + 1);
  });

  it('a token older than 30 minutes is refused and changes nothing', async () => {
    const seen = smtp.messages.length;
    await forgot('quen.mat.khau');
    const token = tokenFrom((await smtp.waitFor('quen@tinhso.test', { after: seen })).text);
    clock.advance(30 * 60_000 + 1000);
    const audit = await countRows(t.database, 'platform.audit_log');
    const res = await reset(token, 'Qua-han-roi-2026');
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('RESET_TOKEN_INVALID');
    expect(await countRows(t.database, 'platform.audit_log')).toBe(audit);
    expect((await new Client(t.app).login('quen.mat.khau', 'Qua-han-roi-2026')).statusCode).toBe(401);
  });

  it('a new password that breaks the policy is refused with the reasons, and the token stays usable', async () => {
    const seen = smtp.messages.length;
    await forgot('quen.mat.khau');
    const token = tokenFrom((await smtp.waitFor('quen@tinhso.test', { after: seen })).text);
    const weak = await reset(token, 'quen.mat.khau-123');
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors).toEqual([
      { field: '/body/newPassword', message: 'Mật khẩu không được chứa tên đăng nhập.' },
    ]);
    expect((await reset(token, 'Song-nuoc-mien-tay-2026')).statusCode).toBe(204);
  });

  it('a made-up token is refused', async () => {
    const res = await reset('A'.repeat(43), 'Song-nuoc-mien-tay-2027');
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('RESET_TOKEN_INVALID');
  });
});

describe('changing the password', () => {
  it('needs the current password, keeps this session and ends the others', async () => {
    const here = new Client(t.app);
    const elsewhere = new Client(t.app);
    await here.login('doi.mat.khau');
    await elsewhere.login('doi.mat.khau');
    const wrong = await here.post('/api/v1/auth/password/change', {
      currentPassword: 'khong-phai-dau',
      newPassword: 'Hoa-sen-no-2026',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().code).toBe('CURRENT_PASSWORD_WRONG');
    const ok = await here.post('/api/v1/auth/password/change', {
      currentPassword: PASSWORD,
      newPassword: 'Hoa-sen-no-2026',
    });
    expect(ok.statusCode).toBe(204);
    expect((await here.get('/api/v1/auth/me')).statusCode).toBe(200);
    expect((await elsewhere.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await new Client(t.app).login('doi.mat.khau', 'Hoa-sen-no-2026')).statusCode).toBe(200);
  });
});

describe('forgot-password requests are rate limited', () => {
  const forgotFrom = (username: string, ip: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/password/forgot', remoteAddress: ip, payload: { username } });

  it('per username, alike for an existing and an unknown name: the 4th within 15 minutes is refused', async () => {
    await createOfficial(t.app, { username: 'gioi.han', agencyCode: TREE.justice, email: 'gioihan@tinhso.test' });
    const seen = smtp.messages.length;
    for (let i = 0; i < 3; i++) {
      // From different addresses: the per-username limit is what stops them.
      expect((await forgotFrom('gioi.han', `203.0.113.${10 + i}`)).statusCode).toBe(202);
      expect((await forgotFrom('khong.co.ai', `203.0.113.${20 + i}`)).statusCode).toBe(202);
    }
    const known = await forgotFrom('gioi.han', '203.0.113.30');
    const unknown = await forgotFrom('khong.co.ai', '203.0.113.31');
    for (const res of [known, unknown]) {
      expect(res.statusCode).toBe(429);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
    const { requestId: _k, ...knownProblem } = known.json();
    const { requestId: _u, ...unknownProblem } = unknown.json();
    expect(unknownProblem).toEqual(knownProblem);
    expect(known.json()).toMatchObject({
      code: 'PASSWORD_RESET_RATE_LIMITED',
      title: 'Quá nhiều yêu cầu đặt lại mật khẩu',
    });
    await new Promise((r) => setTimeout(r, 300));
    // Three links reached the mailbox, not four.
    expect(smtp.messages.slice(seen).filter((m) => m.to.includes('gioihan@tinhso.test'))).toHaveLength(3);

    clock.advance(15 * 60_000 + 1000);
    const later = smtp.messages.length;
    expect((await forgotFrom('gioi.han', '203.0.113.30')).statusCode).toBe(202);
    await smtp.waitFor('gioihan@tinhso.test', { after: later });
  });

  it('per client address across usernames: the 21st within 15 minutes is refused, and nothing is mailed', async () => {
    const ip = '198.51.100.77';
    for (let i = 0; i < 20; i++) expect((await forgotFrom(`ai.do.${i}`, ip)).statusCode).toBe(202);
    const seen = smtp.messages.length;
    const resets = await countRows(t.database, 'identity.password_reset');
    const refused = await forgotFrom('gioi.han', ip);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().code).toBe('PASSWORD_RESET_RATE_LIMITED');
    expect(await countRows(t.database, 'identity.password_reset')).toBe(resets);
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.messages.length).toBe(seen);
    // Another address is not affected.
    const other = await forgotFrom('gioi.han', '198.51.100.78');
    expect(other.statusCode, other.body).toBe(202);
  });
});
