/**
 * Self-registration without account enumeration: the answer to a registration request is the
 * same whether the ID number (or tax code) already has an account or not; the account exists only
 * once the link mailed to the registrant is opened; for a number that has an account nothing is
 * created and its holder gets a notice instead. Rate limits per address, per number and per
 * e-mail refuse in the same way for existing and new numbers. Links are single-use and expire.
 * The mail is read from what the identity module logged (no SMTP_URL in this app).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MailMessage, unsentMail } from '../src/modules/identity/index.ts';
import { ManualClock } from '../src/platform/clock/index.ts';
import { Client, PASSWORD, registerCitizen, registrationTokenIn } from './fixtures/identity.ts';
import { countRows, createTestApp, type TestApp } from './support.ts';

let t: TestApp;
const clock = new ManualClock('2026-03-02T01:00:00Z');
const HOUR = 3_600_000;
let holderId = '';

beforeAll(async () => {
  t = await createTestApp({ clock });
  // An existing citizen: registered and completed like anyone.
  holderId = await registerCitizen(t.app, '001090000051', 'chu.tai.khoan@example.vn');
}, 120_000);
afterAll(async () => {
  await t?.close();
});

let ipSeq = 0;
/** A fresh client address per call unless one is given (the per-address limit is tested on its own). */
function register(body: Record<string, unknown>, ip = `203.0.113.${++ipSeq}`, url = '/api/v1/auth/register') {
  return t.app.inject({ method: 'POST', url, remoteAddress: ip, payload: body });
}
const complete = (token: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/register/complete', payload: { token } });

function mailsSince(seen: number): MailMessage[] {
  return unsentMail(t.app).slice(seen);
}

async function auditActions(entityId: string): Promise<string[]> {
  const r = await sql<{ action: string }>`
    select action from platform.audit_log where entity_id = ${entityId} order by at, seq`.execute(t.database.db);
  return r.rows.map((x) => x.action);
}

describe('registration does not reveal who has an account', () => {
  it('answers a new and an existing ID number alike; only the new one gets a link, the holder a notice', async () => {
    const accountsBefore = await countRows(t.database, 'identity.account');
    const seen = unsentMail(t.app).length;

    const fresh = await register({
      citizenId: '001090000052',
      name: 'Trần Thị Mới',
      email: 'moi@example.vn',
      password: PASSWORD,
    });
    const taken = await register({
      citizenId: '001090000051',
      name: 'Kẻ Dò Tìm',
      email: 'do.tim@example.vn',
      password: 'Mat-khau-cua-ke-do-2026',
    });
    for (const res of [fresh, taken]) {
      expect(res.statusCode).toBe(202);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
    }
    expect(taken.json()).toEqual(fresh.json());
    expect(fresh.json().message).toMatch(/^Đã nhận yêu cầu đăng ký\. Chúng tôi đã gửi thư/);

    // Nothing exists yet for either request: the new number cannot sign in before the link.
    expect(await countRows(t.database, 'identity.account')).toBe(accountsBefore);
    expect((await new Client(t.app).login('001090000052')).statusCode).toBe(401);

    const mails = mailsSince(seen);
    expect(mails.map((m) => m.to).sort()).toEqual(['chu.tai.khoan@example.vn', 'moi@example.vn']);
    // The prober's address gets nothing; the holder is told, without any link to act on.
    const notice = mails.find((m) => m.to === 'chu.tai.khoan@example.vn')!;
    expect(notice.subject).toBe('Có yêu cầu đăng ký tài khoản mới bằng thông tin của bạn');
    expect(notice.text).toContain('không có tài khoản mới nào được tạo và tài khoản của bạn không thay đổi');
    expect(notice.text).not.toMatch(/token=/);
    expect(await auditActions(holderId)).toContain('registration.identifier_exists');

    // The holder's account is untouched: their password works, the prober's does not.
    expect((await new Client(t.app).login('001090000051')).statusCode).toBe(200);
    expect((await new Client(t.app).login('001090000051', 'Mat-khau-cua-ke-do-2026')).statusCode).toBe(401);

    // The link creates the account, with the e-mail proven; once.
    const token = registrationTokenIn(mails, 'moi@example.vn');
    const stored = await sql<{ token_hash: string; password_hash: string }>`
      select token_hash, password_hash from identity.registration`.execute(t.database.db);
    expect(stored.rows.map((r) => r.token_hash)).not.toContain(token);
    expect(stored.rows.every((r) => r.password_hash.startsWith('$argon2id$'))).toBe(true);
    const done = await complete(token);
    expect(done.statusCode).toBe(201);
    expect(done.json()).toMatchObject({
      kind: 'citizen',
      username: '001090000052',
      citizenId: '001090000052',
      citizenIdVerified: false,
      email: 'moi@example.vn',
      emailVerified: true,
      name: 'Trần Thị Mới',
    });
    expect((await new Client(t.app).login('001090000052')).statusCode).toBe(200);
    const again = await complete(token);
    expect(again.statusCode).toBe(400);
    expect(again.json()).toMatchObject({
      code: 'REGISTRATION_LINK_INVALID',
      title: 'Liên kết hoàn tất đăng ký không hợp lệ',
    });
  });

  it('does the same for organisations by tax code', async () => {
    const seen = unsentMail(t.app).length;
    const first = await register(
      { taxCode: '1800000099', name: 'Công ty Thử Một', email: 'cty.mot@example.vn', password: PASSWORD },
      undefined,
      '/api/v1/auth/register/organisation',
    );
    expect(first.statusCode).toBe(202);
    expect((await complete(registrationTokenIn(mailsSince(seen), 'cty.mot@example.vn'))).statusCode).toBe(201);

    const seen2 = unsentMail(t.app).length;
    const dup = await register(
      { taxCode: '1800000099', name: 'Công ty Khác', email: 'cty.khac@example.vn', password: PASSWORD },
      undefined,
      '/api/v1/auth/register/organisation',
    );
    expect(dup.statusCode).toBe(202);
    expect(dup.json()).toEqual(first.json());
    expect(mailsSince(seen2).map((m) => m.to)).toEqual(['cty.mot@example.vn']);
  });

  it('two pending claims of one number: the first link opened wins, the other link is just invalid', async () => {
    const seen = unsentMail(t.app).length;
    for (const email of ['mot@example.vn', 'hai@example.vn']) {
      const res = await register({ citizenId: '001090000053', name: 'Lê Văn Ba', email, password: PASSWORD });
      expect(res.statusCode).toBe(202);
    }
    const mails = mailsSince(seen);
    expect((await complete(registrationTokenIn(mails, 'hai@example.vn'))).statusCode).toBe(201);
    const loser = await complete(registrationTokenIn(mails, 'mot@example.vn'));
    expect(loser.statusCode).toBe(400);
    expect(loser.json().code).toBe('REGISTRATION_LINK_INVALID');
  });

  it('a link expires after 24 hours, and the sweep deletes expired requests', async () => {
    const seen = unsentMail(t.app).length;
    const res = await register({
      citizenId: '001090000054',
      name: 'Phạm Văn Tư',
      email: 'tu@example.vn',
      password: PASSWORD,
    });
    expect(res.statusCode).toBe(202);
    const token = registrationTokenIn(mailsSince(seen), 'tu@example.vn');
    clock.advance(24 * HOUR + 1);
    expect((await complete(token)).json().code).toBe('REGISTRATION_LINK_INVALID');
    await register({ citizenId: '001090000055', name: 'Phạm Văn Năm', email: 'nam@example.vn', password: PASSWORD });
    expect(await countRows(t.database, 'identity.registration')).toBeGreaterThan(0);
    clock.advance(25 * HOUR);
    while ((await t.app.tinhso.jobs.runOnce()) > 0) {}
    expect(await countRows(t.database, 'identity.registration')).toBe(0);
    expect(await countRows(t.database, 'identity.registration_attempt')).toBe(0);
  });
});

describe('rate limits', () => {
  it('per ID number: the 4th request within an hour is refused alike for an existing and a new number', async () => {
    clock.advance(2 * HOUR);
    for (const citizenId of ['001090000051', '001090000061']) {
      for (let i = 0; i < 3; i++) {
        const ok = await register({
          citizenId,
          name: 'Ai Đó',
          email: `n${i}.${citizenId}@example.vn`,
          password: PASSWORD,
        });
        expect(ok.statusCode).toBe(202);
      }
      const refused = await register({
        citizenId,
        name: 'Ai Đó',
        email: `n9.${citizenId}@example.vn`,
        password: PASSWORD,
      });
      expect(refused.statusCode).toBe(429);
      expect(refused.json()).toMatchObject({ code: 'REGISTRATION_RATE_LIMITED', title: 'Quá nhiều yêu cầu đăng ký' });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    }
    clock.advance(HOUR + 1);
    const later = await register({
      citizenId: '001090000061',
      name: 'Ai Đó',
      email: 'sau@example.vn',
      password: PASSWORD,
    });
    expect(later.statusCode).toBe(202);
  });

  it('per e-mail address: a sixth request to one mailbox within an hour is refused', async () => {
    clock.advance(2 * HOUR);
    for (let i = 0; i < 5; i++) {
      const res = await register({
        citizenId: `00109000007${i}`,
        name: 'Hộp Thư Chung',
        email: 'chung@example.vn',
        password: PASSWORD,
      });
      expect(res.statusCode).toBe(202);
    }
    const refused = await register({
      citizenId: '001090000079',
      name: 'Hộp Thư Chung',
      email: 'CHUNG@example.vn',
      password: PASSWORD,
    });
    expect(refused.statusCode).toBe(429);
  });

  it('per client address: the 21st request from one address within an hour is refused', async () => {
    clock.advance(2 * HOUR);
    const ip = '198.51.100.7';
    for (let i = 0; i < 20; i++) {
      const citizenId = `0010901${String(i).padStart(5, '0')}`;
      const res = await register(
        { citizenId, name: 'Cùng Địa Chỉ', email: `${citizenId}@example.vn`, password: PASSWORD },
        ip,
      );
      expect(res.statusCode).toBe(202);
    }
    const refused = await register(
      { citizenId: '001090199999', name: 'Cùng Địa Chỉ', email: 'x@example.vn', password: PASSWORD },
      ip,
    );
    expect(refused.statusCode).toBe(429);
    expect(refused.json().code).toBe('REGISTRATION_RATE_LIMITED');
    // Another address is not affected.
    const other = await register({
      citizenId: '001090199999',
      name: 'Địa Chỉ Khác',
      email: 'x@example.vn',
      password: PASSWORD,
    });
    expect(other.statusCode).toBe(202);
  });

  it('checks the input before counting: malformed requests answer 400 and count nothing', async () => {
    const before = await countRows(t.database, 'identity.registration_attempt');
    const bad = await register({ citizenId: '12345', name: 'X Y', email: 'xy@example.vn', password: PASSWORD });
    expect(bad.statusCode).toBe(400);
    const weak = await register({
      citizenId: '001090000081',
      name: 'X Y',
      email: 'xy@example.vn',
      password: 'matkhau123',
    });
    expect(weak.json().code).toBe('PASSWORD_POLICY');
    expect(await countRows(t.database, 'identity.registration_attempt')).toBe(before);
  });
});
