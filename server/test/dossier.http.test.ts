/**
 * The dossier API beyond the happy path: visibility (404 on every route for whoever may not see a
 * dossier), idempotent submission, optimistic concurrency, uploads that store nothing when
 * refused, the public lookup, payments (forged, replayed and failed callbacks change nothing) and
 * the deadline jobs.
 */
import { readdirSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  A,
  applicant,
  type DossierTestEnv,
  expectStatus,
  setUpDossierEnv,
  uploadResult,
  vn,
} from './dossier.support.ts';
import type { Client } from './fixtures/identity.ts';
import { countRows } from './support.ts';

let e: DossierTestEnv;
beforeAll(async () => {
  e = await setUpDossierEnv();
}, 180_000);
afterAll(async () => {
  await e?.t.close();
});

const act = (c: Client, id: string, body: Record<string, unknown>) => c.post(`/api/v1/dossiers/${id}/actions`, body);
const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const put = (c: Client, id: string, index: number, body: Buffer, type = 'application/pdf') =>
  c.request('PUT', `/api/v1/dossiers/${id}/components/${index}?fileName=to-khai.pdf`, body, {
    headers: { 'content-type': type },
  });

async function birthDossier(who = 'dan') {
  return expectStatus(
    await e.c[who]!.post('/api/v1/dossiers', { procedureCode: '1.001193', agencyCode: A.commune, applicant }),
    201,
  );
}

describe('visibility: whoever may not see a dossier gets 404 on every dossier route', () => {
  let id: string;
  beforeAll(async () => {
    const d = await birthDossier();
    id = d.id;
    // Received and assigned to one specialist of the commune.
    expectStatus(await act(e.c['motcua.xa']!, id, { kind: 'accept', nextHandler: e.ids['chuyenvien.xa'] }), 200);
  });

  const routes = (dossierId: string): [string, (c: Client) => Promise<{ statusCode: number; body: string }>][] => [
    ['GET /dossiers/:id', (c) => c.get(`/api/v1/dossiers/${dossierId}`)],
    ['GET /dossiers/:id/history', (c) => c.get(`/api/v1/dossiers/${dossierId}/history`)],
    ['POST /dossiers/:id/actions', (c) => act(c, dossierId, { kind: 'forward', to: 'sign' })],
    ['PUT /dossiers/:id/components/:index', (c) => put(c, dossierId, 0, pdf)],
    ['GET /dossiers/:id/components/:index', (c) => c.get(`/api/v1/dossiers/${dossierId}/components/0`)],
    ['GET /dossiers/:id/payments', (c) => c.get(`/api/v1/dossiers/${dossierId}/payments`)],
    ['POST /dossiers/:id/payments', (c) => c.post(`/api/v1/dossiers/${dossierId}/payments`, {})],
    ['POST /dossiers/:id/results', (c) => uploadResult(c, dossierId)],
    [
      'GET /dossiers/:id/results/:fileId',
      (c) => c.get(`/api/v1/dossiers/${dossierId}/results/01900000-0000-7000-8000-000000000001`),
    ],
    ['DELETE /dossiers/:id', (c) => c.request('DELETE', `/api/v1/dossiers/${dossierId}`)],
  ];

  for (const who of ['outsider', 'chuyenvien2.xa', 'lanhdao.syt', 'chuyenvien.syt', 'motcua.tinh', 'khac']) {
    it(`${who} cannot list, read or act`, async () => {
      const list = expectStatus(await e.c[who]!.get('/api/v1/dossiers?limit=200'), 200);
      expect(list.items.map((x: { id: string }) => x.id)).not.toContain(id);
      for (const [name, call] of routes(id)) {
        const res = await call(e.c[who]!);
        expect(res.statusCode, `${who} ${name}`).toBe(404);
        expect(JSON.parse(res.body).code, `${who} ${name}`).toBe('DOSSIER_NOT_FOUND');
      }
    });
  }

  it('the same 404 for an unknown dossier (nothing tells the two apart)', async () => {
    for (const [name, call] of routes('01900000-0000-7000-8000-000000000000')) {
      const res = await call(e.c['chuyenvien.xa']!);
      expect(res.statusCode, name).toBe(404);
    }
  });

  it('the applicant, the assignee, the commune leader and the receiving desk see it', async () => {
    for (const who of ['dan', 'chuyenvien.xa', 'lanhdao.xa', 'motcua.xa']) {
      expectStatus(await e.c[who]!.get(`/api/v1/dossiers/${id}`), 200);
      const list = expectStatus(await e.c[who]!.get('/api/v1/dossiers?limit=200'), 200);
      expect(
        list.items.map((x: { id: string }) => x.id),
        who,
      ).toContain(id);
    }
    const mine = expectStatus(await e.c['chuyenvien.xa']!.get('/api/v1/dossiers?assignee=me'), 200);
    expect(mine.items.every((x: { assigneeId: string }) => x.assigneeId === e.ids['chuyenvien.xa'])).toBe(true);
  });

  it('a visible dossier a caller may not act on answers 403 with the reason, not 404', async () => {
    const res = await act(e.c.dan!, id, { kind: 'forward', to: 'sign' });
    expect(res.statusCode).toBe(403);
  });

  it('anonymous callers get 401 on every dossier route', async () => {
    for (const [, call] of routes(id)) {
      const res = await call(new (e.c.dan!.constructor as typeof Client)(e.t.app));
      expect(res.statusCode).toBe(401);
    }
  });

  it('search ignores diacritics: name without accents, and the code', async () => {
    const d = expectStatus(await e.c.dan!.get(`/api/v1/dossiers/${id}`), 200);
    const byName = expectStatus(await e.c['lanhdao.xa']!.get('/api/v1/dossiers?q=nguyen%20van%20dan'), 200);
    expect(byName.items.map((x: { id: string }) => x.id)).toContain(id);
    const byCode = expectStatus(await e.c['lanhdao.xa']!.get(`/api/v1/dossiers?q=${encodeURIComponent(d.code)}`), 200);
    expect(byCode.items.map((x: { id: string }) => x.id)).toEqual([id]);
  });
});

describe('idempotent submission', () => {
  it('the same Idempotency-Key twice gives one dossier and the same response', async () => {
    const before = await countRows(e.t.database, 'dossier.dossier');
    const body = { procedureCode: '1.001193', agencyCode: A.commune, applicant };
    const h = { headers: { 'idempotency-key': 'nop-ho-so-1' } };
    const first = await e.c.dan!.request('POST', '/api/v1/dossiers', body, h);
    const second = await e.c.dan!.request('POST', '/api/v1/dossiers', body, h);
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json()).toEqual(first.json());
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(await countRows(e.t.database, 'dossier.dossier')).toBe(before + 1);
    // The same key with another body is refused; another account's same key is its own.
    const other = await e.c.dan!.request('POST', '/api/v1/dossiers', { ...body, formData: { x: 1 } }, h);
    expect(other.statusCode).toBe(422);
    const khac = await e.c.khac!.request('POST', '/api/v1/dossiers', body, h);
    expect(khac.statusCode).toBe(201);
    expect(khac.json().id).not.toBe(first.json().id);
  });

  it('concurrent retries with one key create one dossier', async () => {
    const before = await countRows(e.t.database, 'dossier.dossier');
    const body = { procedureCode: '1.001193', agencyCode: A.commune, applicant };
    const res = await Promise.all(
      Array.from({ length: 5 }, () =>
        e.c.dan!.request('POST', '/api/v1/dossiers', body, { headers: { 'idempotency-key': 'dong-thoi' } }),
      ),
    );
    expect(res.map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(res.map((r) => r.json().id)).size).toBe(1);
    expect(await countRows(e.t.database, 'dossier.dossier')).toBe(before + 1);
  });
});

describe('concurrent changes', () => {
  it('a stale expectedVersion answers 409 and changes nothing', async () => {
    const d = await birthDossier();
    const stale = await act(e.c['motcua.xa']!, d.id, { kind: 'accept', expectedVersion: d.version - 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('DOSSIER_CHANGED');
    const now = expectStatus(await e.c['motcua.xa']!.get(`/api/v1/dossiers/${d.id}`), 200);
    expect(now.status).toBe('submitted');
    expect(now.version).toBe(d.version);
  });

  it('two officers accepting at once: exactly one succeeds', async () => {
    const d = await birthDossier();
    const [a, b] = await Promise.all([
      act(e.c['motcua.xa']!, d.id, { kind: 'accept' }),
      act(e.c['lanhdao.xa']!, d.id, { kind: 'accept' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const history = expectStatus(await e.c['motcua.xa']!.get(`/api/v1/dossiers/${d.id}/history`), 200);
    expect(history.items.filter((h: { action: string }) => h.action === 'accept')).toHaveLength(1);
  });
});

describe('components', () => {
  it('stores a PDF with its SHA-256; a newer upload supersedes it; both stay downloadable', async () => {
    const d = expectStatus(
      await e.c.dan!.post('/api/v1/dossiers', {
        procedureCode: '1.001193',
        agencyCode: A.commune,
        applicant,
        submit: false,
      }),
      201,
    );
    expect(d.status).toBe('draft');
    expect(d.code).toBeNull();
    const up = expectStatus(await put(e.c.dan!, d.id, 3, pdf), 201);
    expect(up.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(up.mime).toBe('application/pdf');
    const pdf2 = Buffer.concat([pdf, Buffer.from('% v2\n')]);
    const up2 = expectStatus(await put(e.c.dan!, d.id, 3, pdf2), 201);
    expect(up2.version).toBe(2);
    expect(up2.supersedes).toBe(1);
    const latest = await e.c.dan!.get(`/api/v1/dossiers/${d.id}/components/3`);
    expect(latest.statusCode).toBe(200);
    expect(latest.rawPayload.equals(pdf2)).toBe(true);
    const first = await e.c.dan!.get(`/api/v1/dossiers/${d.id}/components/3?version=1`);
    expect(first.rawPayload.equals(pdf)).toBe(true);
    // Then submit: the code is allocated now.
    const s = expectStatus(await act(e.c.dan!, d.id, { kind: 'submit' }), 200);
    expect(s.status).toBe('submitted');
    expect(s.code).toMatch(/^H99\.31117-\d{6}-\d{4}$/);
  });

  it('a refused upload (wrong type, too large, unknown component) stores nothing', async () => {
    const d = await birthDossier();
    const filesDir = e.t.app.tinhso.config.files.dir;
    const count = () => {
      try {
        return readdirSync(filesDir, { recursive: true }).filter((f) => !String(f).includes('.tmp')).length;
      } catch {
        return 0;
      }
    };
    const before = { rows: await countRows(e.t.database, 'dossier.component'), files: count() };
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 1)]);
    const wrong = await put(e.c.dan!, d.id, 0, exe, 'application/octet-stream');
    expect(wrong.statusCode).toBe(415);
    const unknown = await put(e.c.dan!, d.id, 99, pdf);
    expect(unknown.statusCode).toBe(404);
    const big = Buffer.concat([pdf, Buffer.alloc(21 * 1024 * 1024, 32)]);
    const tooBig = await put(e.c.dan!, d.id, 0, big);
    expect(tooBig.statusCode).toBe(413);
    expect(await countRows(e.t.database, 'dossier.component')).toBe(before.rows);
    expect(count()).toBe(before.files);
  });
});

describe('public lookup', () => {
  it('shows status and timeline with the right check, nothing personal; a wrong check is an unknown code', async () => {
    const d = await birthDossier();
    expectStatus(await act(e.c['motcua.xa']!, d.id, { kind: 'accept' }), 200);
    const ok = await e.t.app.inject({
      method: 'GET',
      url: `/api/v1/public/dossiers/${d.code}?check=5678`,
      remoteAddress: '10.9.0.1',
    });
    expect(ok.statusCode).toBe(200);
    const body = ok.json();
    expect(body.status).toBe('in_progress');
    expect(body.timeline.map((x: { status: string }) => x.status)).toEqual(['submitted', 'in_progress']);
    expect(ok.body).not.toContain('Nguyễn');
    expect(ok.body).not.toContain('0912345678');
    expect(ok.body).not.toContain('092090001111');
    // The last four digits of the identity number work too.
    expect(
      (
        await e.t.app.inject({
          method: 'GET',
          url: `/api/v1/public/dossiers/${d.code}?check=1111`,
          remoteAddress: '10.9.0.1',
        })
      ).statusCode,
    ).toBe(200);
    const wrong = await e.t.app.inject({
      method: 'GET',
      url: `/api/v1/public/dossiers/${d.code}?check=0000`,
      remoteAddress: '10.9.0.1',
    });
    const unknown = await e.t.app.inject({
      method: 'GET',
      url: '/api/v1/public/dossiers/H99.31117-260316-9999?check=5678',
      remoteAddress: '10.9.0.1',
    });
    expect(wrong.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    const strip = (b: Record<string, unknown>) => ({ ...b, instance: null, requestId: null });
    expect(strip(wrong.json())).toEqual(strip({ ...unknown.json() }));
  });

  it('is rate-limited per code in the database (guessing the four digits)', async () => {
    const d = await birthDossier();
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await e.t.app.inject({
        method: 'GET',
        url: `/api/v1/public/dossiers/${d.code}?check=${String(i).padStart(4, '0')}`,
        remoteAddress: `10.8.0.${i + 1}`,
      });
      codes.push(r.statusCode);
    }
    expect(codes.slice(0, 10).every((c) => c === 404)).toBe(true);
    expect(codes.slice(10)).toEqual([429, 429]);
    // Even the right answer is refused until the window passes.
    const right = await e.t.app.inject({
      method: 'GET',
      url: `/api/v1/public/dossiers/${d.code}?check=5678`,
      remoteAddress: '10.8.1.1',
    });
    expect(right.statusCode).toBe(429);
  });
});

describe('payments', () => {
  async function residenceDossier() {
    // Permanent residence at the counter: 20,000 đ, and the review cannot go on until it is paid.
    const d = expectStatus(
      await e.c['motcua.xa']!.post('/api/v1/dossiers', {
        procedureCode: '1.004222',
        agencyCode: A.commune,
        applicant,
        receive: true,
      }),
      201,
    );
    expect(d.fees.map((f: { amountVnd: number }) => f.amountVnd)).toEqual([20000]);
    return d;
  }
  const callback = (payload: unknown) =>
    e.t.app.inject({ method: 'POST', url: '/api/v1/payments/callback', payload: payload as object });
  const forward = () => ({ kind: 'forward', to: 'sign', nextHandler: e.ids['lanhdao.xa'] });

  it('forged, failed and replayed callbacks never advance a dossier; a verified success lets it go on', async () => {
    const d = await residenceDossier();
    const start = expectStatus(await e.c['motcua.xa']!.post(`/api/v1/dossiers/${d.id}/payments`, {}), 201);
    expect(start.amountVnd).toBe(20000);
    const summary = expectStatus(await e.c['motcua.xa']!.get(`/api/v1/dossiers/${d.id}/payments`), 200);
    expect(summary.vietQr).toMatch(/^000201010212/);

    const good = expectStatus(
      await e.t.app.inject({ method: 'POST', url: start.redirectUrl, payload: { outcome: 'success' } }),
      200,
    );
    // Forged: a changed status with the old signature, or a made-up signature.
    const forged1 = await callback({ ...good, transactionNo: 'GIA-MAO' });
    const forged2 = await callback({ ...good, signature: 'a'.repeat(64) });
    expect(forged1.statusCode).toBe(400);
    expect(forged2.statusCode).toBe(400);
    const blocked = await act(e.c['chuyenvien.xa']!, d.id, forward());
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().code).toBe('DOSSIER_FEE_NOT_PAID');

    // A failure callback (properly signed) marks the payment failed and nothing else.
    const start2 = expectStatus(await e.c['motcua.xa']!.post(`/api/v1/dossiers/${d.id}/payments`, {}), 201);
    const failed = expectStatus(
      await e.t.app.inject({ method: 'POST', url: start2.redirectUrl, payload: { outcome: 'failure' } }),
      200,
    );
    expect(expectStatus(await callback(failed), 200).result).toBe('failed');
    expect((await act(e.c['chuyenvien.xa']!, d.id, forward())).statusCode).toBe(409);
    const afterFail = expectStatus(await e.c['motcua.xa']!.get(`/api/v1/dossiers/${d.id}`), 200);
    expect(afterFail.status).toBe('in_progress');
    expect(afterFail.version).toBe(d.version);

    // The real success, then its replay.
    expect(expectStatus(await callback(good), 200).result).toBe('paid');
    expect(expectStatus(await callback(good), 200).result).toBe('duplicate');
    const paid = expectStatus(await e.c['motcua.xa']!.get(`/api/v1/dossiers/${d.id}/payments`), 200);
    expect(paid.fees.every((f: { status: string }) => f.status === 'paid')).toBe(true);
    expect(paid.vietQr).toBeNull();
    // Paying changed no dossier state: an officer moves it on.
    const unchanged = expectStatus(await e.c['motcua.xa']!.get(`/api/v1/dossiers/${d.id}`), 200);
    expect(unchanged.version).toBe(d.version);
    expectStatus(await act(e.c['chuyenvien.xa']!, d.id, forward()), 200);
    const events = await sql<{ type: string }>`select type from platform.outbox where type like 'dossier.%pa%'`.execute(
      e.t.database.db,
    );
    expect(events.rows.filter((r) => r.type === 'dossier.fee_paid')).toHaveLength(1);
  });

  it('a callback with another amount is refused', async () => {
    const d = await residenceDossier();
    const start = expectStatus(await e.c['motcua.xa']!.post(`/api/v1/dossiers/${d.id}/payments`, {}), 201);
    const good = expectStatus(
      await e.t.app.inject({ method: 'POST', url: start.redirectUrl, payload: { outcome: 'success' } }),
      200,
    );
    expect((await callback({ ...good, amountVnd: 1 })).statusCode).toBe(400);
  });
});

describe('deadline jobs', () => {
  it('schedule a reminder and an escalation at receipt; the escalation notifies the leaders once', async () => {
    await e.at('2026-03-16 09:00');
    const d = await birthDossier();
    const r = expectStatus(
      await act(e.c['motcua.xa']!, d.id, { kind: 'accept', nextHandler: e.ids['chuyenvien.xa'] }),
      200,
    );
    const jobs = await sql<{ name: string; run_at: Date }>`
      select name, run_at from platform.job where payload->>'dossierId' = ${d.id} and status = 'pending'
        and name <> 'dossier.step_overdue' order by run_at`.execute(e.t.database.db);
    expect(jobs.rows.map((j) => j.name)).toEqual(['dossier.deadline_reminder', 'dossier.deadline_escalation']);
    expect(jobs.rows[1]!.run_at.toISOString()).toBe(r.dueAt);
    // The current step's own due instant has its job too (dossier.office.test.ts tests what it does).
    const step = await sql<{ run_at: Date }>`
      select run_at from platform.job where payload->>'dossierId' = ${d.id} and status = 'pending'
        and name = 'dossier.step_overdue'`.execute(e.t.database.db);
    expect(step.rows.map((j) => j.run_at.toISOString())).toEqual([r.stepDueAt]);
    await e.at('2026-03-17 17:01');
    for (let i = 0; i < 30; i++) await e.t.app.tinhso.jobs.runOnce();
    const notes = await e.api.notifications(d.id);
    expect(notes.map((n) => n.kind).sort()).toEqual(['overdue', 'reminder', 'step_overdue']);
    expect(notes.find((n) => n.kind === 'overdue')!.recipient_agency).toBe(A.commune);
    const overdue = await sql<{ n: number }>`
      select count(*)::int8 as n from platform.outbox where type = 'dossier.overdue' and payload->>'dossierId' = ${d.id}`.execute(
      e.t.database.db,
    );
    expect(overdue.rows[0]!.n).toBe(1);
  });

  it('a supplement pause cancels the jobs of the old due instant and schedules new ones on resumption', async () => {
    await e.at('2026-03-16 09:00');
    const d = await birthDossier();
    expectStatus(await act(e.c['motcua.xa']!, d.id, { kind: 'accept', nextHandler: e.ids['chuyenvien.xa'] }), 200);
    expectStatus(
      await act(e.c['chuyenvien.xa']!, d.id, { kind: 'request_supplement', reason: 'Thiếu giấy chứng sinh' }),
      200,
    );
    const pending = async () =>
      (
        await sql<{ payload: { dueAt: string } }>`
          select payload from platform.job where payload->>'dossierId' = ${d.id} and status = 'pending'
            and name like 'dossier.deadline%'`.execute(e.t.database.db)
      ).rows;
    expect(await pending()).toHaveLength(0);
    await e.at('2026-03-18 09:00');
    const resumed = expectStatus(await act(e.c.dan!, d.id, { kind: 'provide_supplement' }), 200);
    const jobs = await pending();
    expect(jobs.length).toBeGreaterThan(0);
    expect(jobs.every((j) => j.payload.dueAt === resumed.dueAt)).toBe(true);
    expect(resumed.dueAt).toBe(vn('2026-03-19 17:00'));
  });
});
