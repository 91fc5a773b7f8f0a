/**
 * Sessions: idle and absolute timeouts on the injected clock, the CSRF double submit, logout,
 * logout everywhere, the list of my sessions and revoking one — each end announced through the
 * outbox (identity.sessions_ended) for the sso module's back-channel logout, timeouts included:
 * when an expired session is next seen, or by the sweep job when it never comes back.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/platform/clock/index.ts';
import { Client, createOfficial, loadTestAgencies, PASSWORD, registerCitizen, TREE } from './fixtures/identity.ts';
import { adminHeaders, createTestApp, type TestApp } from './support.ts';

let t: TestApp;
const clock = new ManualClock('2026-03-02T01:00:00Z');
const MIN = 60_000;

beforeAll(async () => {
  // Defaults: idle 30 minutes, absolute 12 hours.
  t = await createTestApp({ clock });
  await loadTestAgencies(t.app);
  await createOfficial(t.app, {
    username: 'van.thu',
    agencyCode: TREE.justice,
    roles: [{ role: 'clerk', agencyCode: TREE.justice }],
  });
  await registerCitizen(t.app, '001090000011');
}, 120_000);
afterAll(async () => {
  await t?.close();
});

async function endedEvents(accountId: string): Promise<{ sessionIds: string[]; reason: string }[]> {
  const r = await sql<{ payload: any }>`
    select payload from platform.outbox where module = 'identity' and type = 'sessions_ended' order by seq`.execute(
    t.database.db,
  );
  return r.rows.map((x) => x.payload).filter((p) => p.accountId === accountId);
}

describe('timeouts', () => {
  it('idle: activity keeps the session alive; 30 minutes without a request ends it', async () => {
    const c = new Client(t.app);
    expect((await c.login('van.thu')).statusCode).toBe(200);
    for (let i = 0; i < 4; i++) {
      clock.advance(25 * MIN);
      expect((await c.get('/api/v1/auth/me')).statusCode).toBe(200);
    }
    clock.advance(30 * MIN);
    const res = await c.get('/api/v1/auth/me');
    expect(res.statusCode).toBe(401);
  });

  it('absolute: even an active session ends 12 hours after login', async () => {
    const c = new Client(t.app);
    await c.login('van.thu');
    for (let elapsed = 0; elapsed < 11 * 60; elapsed += 20) {
      clock.advance(20 * MIN);
      expect((await c.get('/api/v1/auth/me')).statusCode).toBe(200);
    }
    clock.advance(60 * MIN);
    expect((await c.get('/api/v1/auth/me')).statusCode).toBe(401);
  });
});

async function sessionRow(id: string) {
  const r = await sql<{ ended_at: Date | null; end_reason: string | null; last_seen_at: Date; expires_at: Date }>`
    select ended_at, end_reason, last_seen_at, expires_at from identity.session where id = ${id}`.execute(
    t.database.db,
  );
  return r.rows[0]!;
}

async function endedAudit(accountId: string): Promise<{ actor: any; data: any }[]> {
  const r = await sql<{ actor: any; data: any }>`
    select actor, data from platform.audit_log
    where entity_id = ${accountId} and action = 'session.ended' order by at, seq`.execute(t.database.db);
  return r.rows;
}

async function runJobs(): Promise<void> {
  while ((await t.app.tinhso.jobs.runOnce()) > 0) {}
}

describe('timeouts are recorded like a logout', () => {
  it('a session seen after its idle timeout is ended then, dated when it expired, and announced', async () => {
    const c = new Client(t.app);
    const me = (await c.login('001090000011')).json() as { id: string; sessionId: string };
    clock.advance(10 * MIN);
    expect((await c.get('/api/v1/auth/me')).statusCode).toBe(200);
    const lastSeen = clock.now().getTime();
    clock.advance(45 * MIN);
    expect((await c.get('/api/v1/auth/me')).statusCode).toBe(401);

    const row = await sessionRow(me.sessionId);
    expect(row.end_reason).toBe('idle_timeout');
    expect(new Date(row.ended_at!).getTime()).toBe(lastSeen + 30 * MIN);
    const last = (await endedEvents(me.id)).at(-1)!;
    expect(last).toEqual({ accountId: me.id, sessionIds: [me.sessionId], reason: 'idle_timeout' });
    const audit = (await endedAudit(me.id)).at(-1)!;
    expect(audit.actor).toMatchObject({ kind: 'system', id: 'identity.session_timeout' });
    expect(audit.data).toMatchObject({ sessionIds: [me.sessionId], reason: 'idle_timeout' });

    // Seen again: already ended, nothing recorded twice.
    const count = (await endedEvents(me.id)).length;
    expect((await c.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await endedEvents(me.id)).length).toBe(count);
  });

  it('the sweep job records sessions that time out and never come back (idle and absolute)', async () => {
    const idle = new Client(t.app);
    const idleMe = (await idle.login('van.thu')).json() as { id: string; sessionId: string };
    const busy = new Client(t.app);
    const busyMe = (await busy.login('001090000011')).json() as { id: string; sessionId: string };
    const startedAt = clock.now().getTime();
    // The busy session stays active until its absolute end; the idle one is never used again.
    for (let elapsed = 0; elapsed < 11 * 60 + 40; elapsed += 20) {
      clock.advance(20 * MIN);
      expect((await busy.get('/api/v1/auth/me')).statusCode).toBe(200);
      await runJobs();
    }
    const idleRow = await sessionRow(idleMe.sessionId);
    expect(idleRow.end_reason).toBe('idle_timeout');
    expect(new Date(idleRow.ended_at!).getTime()).toBe(startedAt + 30 * MIN);
    expect((await endedEvents(idleMe.id)).at(-1)).toEqual({
      accountId: idleMe.id,
      sessionIds: [idleMe.sessionId],
      reason: 'idle_timeout',
    });
    expect((await sessionRow(busyMe.sessionId)).ended_at).toBeNull();

    clock.advance(30 * MIN); // past the 12 hours, before the idle timeout
    await runJobs();
    const busyRow = await sessionRow(busyMe.sessionId);
    expect(busyRow.end_reason).toBe('absolute_timeout');
    expect(new Date(busyRow.ended_at!).getTime()).toBe(new Date(busyRow.expires_at).getTime());
    expect((await endedEvents(busyMe.id)).at(-1)).toMatchObject({
      sessionIds: [busyMe.sessionId],
      reason: 'absolute_timeout',
    });
    expect((await busy.get('/api/v1/auth/me')).statusCode).toBe(401);

    // Nothing open is left: the sweep stops planning itself until the next login.
    await runJobs();
    const open = await sql<{ n: number }>`
      select count(*)::int8 as n from identity.session where ended_at is null`.execute(t.database.db);
    expect(open.rows[0]!.n).toBe(0);
    const pending = await sql<{ n: number }>`
      select count(*)::int8 as n from platform.job where name = 'identity.sweep' and status = 'pending'`.execute(
      t.database.db,
    );
    expect(pending.rows[0]!.n).toBe(0);
  });
});

describe('CSRF (double submit bound to the session)', () => {
  it('refuses a write without the header, with a wrong one, or with another session’s token', async () => {
    const c = new Client(t.app);
    await c.login('van.thu');
    const other = new Client(t.app);
    await other.login('001090000011');

    const none = await c.post('/api/v1/auth/logout', {}, { csrf: false });
    expect(none.statusCode).toBe(403);
    expect(none.json()).toMatchObject({ code: 'CSRF_TOKEN_INVALID', title: 'Yêu cầu không hợp lệ' });

    const wrong = await c.request(
      'POST',
      '/api/v1/auth/logout',
      {},
      { csrf: false, headers: { 'x-csrf-token': 'x'.repeat(43) } },
    );
    expect(wrong.statusCode).toBe(403);

    // Planting one's own (valid) CSRF pair next to the victim's session cookie does not work.
    const planted = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: `tinhso_sid=${c.sid}; tinhso_csrf=${other.csrf}`, 'x-csrf-token': other.csrf! },
      payload: {},
    });
    expect(planted.statusCode).toBe(403);

    // Reads need no token; the session is still alive after the refused writes.
    expect((await c.request('GET', '/api/v1/auth/me', undefined, { csrf: false })).statusCode).toBe(200);
    expect((await c.post('/api/v1/auth/logout')).statusCode).toBe(204);
    expect((await c.get('/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('a bearer admin-token request is exempt (and ignores any cookie)', async () => {
    const c = new Client(t.app);
    await c.login('van.thu');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/identity/accounts',
      headers: { ...adminHeaders, cookie: `tinhso_sid=${c.sid}` },
      payload: { username: 'khong.csrf', name: 'Không CSRF', agencyCode: TREE.health, password: PASSWORD },
    });
    expect(res.statusCode).toBe(201);
  });
});

describe('logout, logout everywhere, my sessions', () => {
  it('logout ends only the current session and announces it', async () => {
    const a = new Client(t.app);
    const b = new Client(t.app);
    const id = (await a.login('001090000011')).json().id as string;
    await b.login('001090000011');
    const before = (await endedEvents(id)).length;
    expect((await a.post('/api/v1/auth/logout')).statusCode).toBe(204);
    expect((await a.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await b.get('/api/v1/auth/me')).statusCode).toBe(200);
    const events = await endedEvents(id);
    expect(events.length).toBe(before + 1);
    expect(events.at(-1)).toMatchObject({ reason: 'logout', sessionIds: [expect.any(String)] });
  });

  it('lists my open sessions, revokes one, and logout-all ends the rest', async () => {
    const clients = [new Client(t.app, '10.0.0.1'), new Client(t.app, '10.0.0.2'), new Client(t.app, '10.0.0.3')];
    let id = '';
    for (const c of clients) id = (await c.login('van.thu')).json().id;
    const list = await clients[0]!.get('/api/v1/auth/sessions');
    expect(list.statusCode).toBe(200);
    const items = list.json().items as { id: string; current: boolean; ip: string }[];
    expect(items.filter((s) => s.current)).toHaveLength(1);
    const ips = items.map((s) => s.ip);
    expect(ips).toEqual(expect.arrayContaining(['10.0.0.1', '10.0.0.2', '10.0.0.3']));

    const victim = items.find((s) => s.ip === '10.0.0.2')!;
    expect((await clients[0]!.request('DELETE', `/api/v1/auth/sessions/${victim.id}`)).statusCode).toBe(204);
    expect((await clients[1]!.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await clients[2]!.get('/api/v1/auth/me')).statusCode).toBe(200);
    // Someone else's session is "not found", not "forbidden".
    const citizen = new Client(t.app);
    await citizen.login('001090000011');
    const foreign = await citizen.request(
      'DELETE',
      `/api/v1/auth/sessions/${items.find((s) => s.ip === '10.0.0.3')!.id}`,
    );
    expect(foreign.statusCode).toBe(404);

    const all = await clients[0]!.post('/api/v1/auth/logout-all');
    expect(all.statusCode).toBe(200);
    expect(all.json().ended).toBeGreaterThanOrEqual(2);
    for (const c of clients) expect((await c.get('/api/v1/auth/me')).statusCode).toBe(401);
    const last = (await endedEvents(id)).at(-1)!;
    expect(last.reason).toBe('logout_all');
    expect(last.sessionIds.length).toBe(all.json().ended);
  });
});
