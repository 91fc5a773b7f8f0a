/**
 * A citizen ID claimed by self-registration, then proven by its holder through an external
 * identity (VNeID pattern, Nghị định 69/2024/NĐ-CP): whoever registered the number first must
 * keep no way back in — password, pending reset links, their e-mail address, the second factor
 * and recovery codes, sessions, and what relying parties were granted. And a password-less
 * account sets its first password only from a fresh external sign-in.
 */
import type { FastifyReply } from 'fastify';
import { sql } from 'kysely';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IdentityApi, unsentMail } from '../src/modules/identity/index.ts';
import { ManualClock } from '../src/platform/clock/index.ts';
import { Client, PASSWORD, registerCitizen } from './fixtures/identity.ts';
import { createTestApp, type TestApp } from './support.ts';

let t: TestApp;
let api: IdentityApi;
const clock = new ManualClock('2026-03-02T01:00:00Z');
const codeAt = (base32: string, ms = clock.now().getTime()) =>
  new TOTP({ secret: Secret.fromBase32(base32), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: ms });

beforeAll(async () => {
  t = await createTestApp({ clock, env: { MFA_REQUIRED_ROLES: 'none' } });
  api = t.app.tinhso.apis.identity as IdentityApi;
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const forgot = (username: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/password/forgot', payload: { username } });
const reset = (token: string, newPassword: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/password/reset', payload: { token, newPassword } });

function resetTokenMailedTo(to: string, after: number): string | undefined {
  for (const m of unsentMail(t.app).slice(after)) {
    const found = m.to === to ? /\/dat-lai-mat-khau#token=([A-Za-z0-9_-]+)/.exec(m.text) : null;
    if (found) return found[1];
  }
  return undefined;
}

/** A session opened by an external sign-in (what sso.external.ts does after linking), as a Client. */
async function externalSession(accountId: string): Promise<Client> {
  const cookies = new Map<string, string>();
  const reply = { setCookie: (name: string, value: string) => cookies.set(name, value) } as unknown as FastifyReply;
  await api.startSession(reply, accountId, { acr: 'vneid-2', amr: ['ext'], ip: '127.0.0.1', userAgent: 'test' });
  const c = new Client(t.app);
  c.sid = cookies.get('tinhso_sid');
  c.csrf = cookies.get('tinhso_csrf');
  return c;
}

async function accountRow(id: string) {
  const r = await sql<{
    email: string | null;
    phone: string | null;
    name: string;
    password_hash: string | null;
    mfa_secret: string | null;
    mfa_enrolled_at: Date | null;
  }>`select email, phone, name, password_hash, mfa_secret, mfa_enrolled_at from identity.account where id = ${id}`.execute(
    t.database.db,
  );
  return r.rows[0]!;
}

describe('an external identity proves a self-registered citizen ID', () => {
  it('leaves the former claimant no way back in', async () => {
    const citizenId = '001090000041';
    const squatterMail = 'ke.mao.danh@example.vn';
    const id = await registerCitizen(t.app, citizenId, squatterMail);

    // The claimant sets everything up: two sessions, TOTP with recovery codes, a pending reset link.
    const a = new Client(t.app);
    expect((await a.login(citizenId)).statusCode).toBe(200);
    const b = new Client(t.app, '192.0.2.9');
    expect((await b.login(citizenId)).statusCode).toBe(200);
    const secret = (await a.post('/api/v1/auth/mfa/enrol')).json().secret as string;
    const confirmed = await a.post('/api/v1/auth/mfa/confirm', { code: codeAt(secret) });
    expect(confirmed.statusCode).toBe(200);
    const recovery = confirmed.json().recoveryCodes as string[];
    const seen = unsentMail(t.app).length;
    expect((await forgot(citizenId)).statusCode).toBe(202);
    const pendingToken = resetTokenMailedTo(squatterMail, seen);
    expect(pendingToken).toBeDefined();
    const oidcGrant = `grant-${id}`;
    await sql`
      insert into sso.oidc_payload (model, id, payload, grant_id, account_id, expires_at) values
        ('Grant', ${oidcGrant}, ${JSON.stringify({ accountId: id, clientId: 'app' })}::jsonb, null, ${id}, null),
        ('RefreshToken', ${`rt-${id}`}, ${JSON.stringify({ accountId: id, grantId: oidcGrant })}::jsonb, ${oidcGrant}, ${id}, null)`.execute(
      t.database.db,
    );

    // The holder signs in through the external provider.
    const linked = await api.linkExternalCitizen({
      providerId: 'vneid',
      subject: 'holder-41',
      citizenId,
      name: 'Trần Thị Thật',
      acr: 'vneid-2',
    });
    expect(linked.accountId).toBe(id);
    for (let i = 0; i < 10 && (await t.app.tinhso.dispatcher.runOnce()); i++);

    // Sessions: ended.
    expect((await a.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await b.get('/api/v1/auth/me')).statusCode).toBe(401);
    // The pending reset link: spent.
    const used = await reset(pendingToken!, 'Lay-lai-tai-khoan-2026');
    expect(used.statusCode).toBe(400);
    expect(used.json().code).toBe('RESET_TOKEN_INVALID');
    // The password, with or without TOTP / a recovery code: gone.
    clock.advance(30_000);
    expect((await new Client(t.app).login(citizenId, PASSWORD, codeAt(secret))).statusCode).toBe(401);
    expect((await new Client(t.app).login(citizenId, PASSWORD, recovery[0])).statusCode).toBe(401);
    // A new reset request: the claimant's mailbox is no longer the account's, nothing is mailed.
    const before = unsentMail(t.app).length;
    expect((await forgot(citizenId)).statusCode).toBe(202);
    expect(resetTokenMailedTo(squatterMail, before)).toBeUndefined();

    const row = await accountRow(id);
    expect(row).toMatchObject({
      email: null,
      phone: null,
      name: 'Trần Thị Thật',
      password_hash: null,
      mfa_secret: null,
      mfa_enrolled_at: null,
    });
    const codes = await sql<{ n: number }>`
      select count(*)::int as n from identity.recovery_code where account_id = ${id}`.execute(t.database.db);
    expect(Number(codes.rows[0]!.n)).toBe(0);
    const claims = (await api.getAccountClaims(id))!;
    expect(claims).toMatchObject({ citizenId, email: null, emailVerified: false });
    // What a relying party was granted through the claimant's sign-in: revoked.
    const oidc = await sql<{ n: number }>`
      select count(*)::int as n from sso.oidc_payload where account_id = ${id}`.execute(t.database.db);
    expect(Number(oidc.rows[0]!.n)).toBe(0);
    const audit = await sql<{ data: Record<string, unknown> }>`
      select data from platform.audit_log where action = 'account.citizen_id_verified' and entity_id = ${id}`.execute(
      t.database.db,
    );
    expect(audit.rows[0]!.data).toMatchObject({ passwordCleared: true, emailCleared: true, mfaCleared: true });

    // The holder goes on from a fresh external sign-in, and may set a password of their own.
    const holder = await externalSession(id);
    expect((await holder.get('/api/v1/auth/me')).statusCode).toBe(200);
    expect((await holder.post('/api/v1/auth/password/change', { newPassword: 'Cua-nguoi-that-2026' })).statusCode).toBe(
      204,
    );
    expect((await new Client(t.app).login(citizenId, 'Cua-nguoi-that-2026')).statusCode).toBe(200);
  });

  it('a second external sign-in of an already verified holder changes nothing', async () => {
    const first = await api.linkExternalCitizen({
      providerId: 'vneid',
      subject: 'holder-42',
      citizenId: '001090000042',
      name: 'Lê Văn Bốn',
      acr: 'vneid-2',
    });
    const holder = await externalSession(first.accountId);
    expect(
      (await holder.post('/api/v1/auth/password/change', { newPassword: 'Mat-khau-cua-Bon-2026' })).statusCode,
    ).toBe(204);
    await api.linkExternalCitizen({
      providerId: 'vneid',
      subject: 'holder-42',
      citizenId: '001090000042',
      name: 'Lê Văn Bốn',
      acr: 'vneid-2',
    });
    expect((await holder.get('/api/v1/auth/me')).statusCode).toBe(200);
    expect((await new Client(t.app).login('001090000042', 'Mat-khau-cua-Bon-2026')).statusCode).toBe(200);
  });
});

describe('a first password on an account created by an external sign-in', () => {
  it('needs a sign-in through the provider within the last 5 minutes', async () => {
    const { accountId } = await api.linkExternalCitizen({
      providerId: 'vneid',
      subject: 'holder-43',
      citizenId: '001090000043',
      name: 'Phạm Thị Năm',
      acr: 'vneid-1',
    });
    const stale = await externalSession(accountId);
    clock.advance(5 * 60_000 + 1000);
    // Still a valid session (idle and absolute timeouts are longer), but not a recent sign-in.
    expect((await stale.get('/api/v1/auth/me')).statusCode).toBe(200);
    const refused = await stale.post('/api/v1/auth/password/change', { newPassword: 'Ke-trom-phien-2026' });
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({ code: 'REAUTHENTICATION_REQUIRED', title: 'Cần xác nhận lại' });
    expect(refused.json().detail).toContain('VNeID');
    expect((await accountRow(accountId)).password_hash).toBeNull();
    expect((await new Client(t.app).login('001090000043', 'Ke-trom-phien-2026')).statusCode).toBe(401);

    // Signing in again through the provider opens a fresh session, which may.
    const fresh = await externalSession(accountId);
    clock.advance(4 * 60_000);
    expect((await fresh.post('/api/v1/auth/password/change', { newPassword: 'Nguoi-that-dat-2026' })).statusCode).toBe(
      204,
    );
    expect((await new Client(t.app).login('001090000043', 'Nguoi-that-dat-2026')).statusCode).toBe(200);
    const audit = await sql<{ n: number }>`
      select count(*)::int as n from platform.audit_log
      where action = 'password.first_set' and entity_id = ${accountId}`.execute(t.database.db);
    expect(Number(audit.rows[0]!.n)).toBe(1);
  });
});
