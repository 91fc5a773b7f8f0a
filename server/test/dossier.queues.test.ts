/**
 * The back office's work queues (GET /api/v1/office/queues[/:queue]): counts and pages per queue,
 * never a dossier the caller may not see (the same rule as GET /api/v1/dossiers and the dossier
 * page), due soon / overdue by the working calendar, filters and search without diacritics, and
 * Vietnamese problems for bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { A, applicant, type DossierTestEnv, expectStatus, OFFICIALS, setUpDossierEnv, vn } from './dossier.support.ts';
import type { Client } from './fixtures/identity.ts';

let e: DossierTestEnv;
beforeAll(async () => {
  e = await setUpDossierEnv();
}, 180_000);
afterAll(async () => {
  await e?.t.close();
});

const act = (c: Client, id: string, body: Record<string, unknown>) => c.post(`/api/v1/dossiers/${id}/actions`, body);

async function counts(who: string): Promise<Record<string, number>> {
  const r = expectStatus(await e.c[who]!.get('/api/v1/office/queues'), 200);
  return Object.fromEntries(r.queues.map((q: { id: string; count: number }) => [q.id, q.count]));
}

async function queue(who: string, id: string, query = ''): Promise<{ items: any[]; total: number }> {
  return expectStatus(await e.c[who]!.get(`/api/v1/office/queues/${id}${query}`), 200);
}

const ids = (page: { items: { id: string }[] }) => page.items.map((x) => x.id);

const other = { name: 'Trần Thị Bích Ngọc', idNumber: '092090007777', phone: '0987654321' };
const walkIn = { name: 'Lê Hoàng Phúc', idNumber: '092090008888', phone: '0909123456' };

let online: { id: string; code: string };
let second: { id: string; code: string };
let counter: { id: string; code: string; dueAt: string };

beforeAll(async () => {
  await e.at('2026-03-16 09:00');
  online = expectStatus(
    await e.c.dan!.post('/api/v1/dossiers', { procedureCode: '1.001193', agencyCode: A.commune, applicant }),
    201,
  );
  second = expectStatus(
    await e.c.khac!.post('/api/v1/dossiers', { procedureCode: '1.001193', agencyCode: A.commune, applicant: other }),
    201,
  );
  counter = expectStatus(
    await e.c['motcua.xa']!.post('/api/v1/dossiers', {
      procedureCode: '1.004222',
      agencyCode: A.commune,
      applicant: walkIn,
      receive: true,
    }),
    201,
  );
});

describe('queues of the one-stop desk and the specialists', () => {
  it('the commune desk sees the online submissions waiting for reception; other desks do not', async () => {
    const desk = await counts('motcua.xa');
    expect(desk.reception).toBe(2);
    expect(ids(await queue('motcua.xa', 'reception')).sort()).toEqual([online.id, second.id].sort());
    for (const who of ['motcua.tinh', 'motcua.stp', 'chuyenvien.xa', 'outsider']) {
      expect((await counts(who)).reception, who).toBe(0);
      expect((await queue(who, 'reception')).total, who).toBe(0);
    }
  });

  it('a citizen is refused (403, Vietnamese problem)', async () => {
    for (const url of ['/api/v1/office/queues', '/api/v1/office/queues/mine']) {
      const r = await e.c.dan!.get(url);
      expect(r.statusCode).toBe(403);
      expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(r.json().detail).toContain('cán bộ');
    }
    expect((await e.t.app.inject({ method: 'GET', url: '/api/v1/office/queues' })).statusCode).toBe(401);
  });

  it('accepted and assigned: "mine" for the assignee only, "agency" for the commune, gone from reception', async () => {
    expectStatus(await act(e.c['motcua.xa']!, online.id, { kind: 'accept', nextHandler: e.ids['chuyenvien.xa'] }), 200);
    expect(ids(await queue('chuyenvien.xa', 'mine'))).toEqual([online.id]);
    expect((await queue('chuyenvien2.xa', 'mine')).total).toBe(0);
    expect(ids(await queue('lanhdao.xa', 'agency'))).toContain(online.id);
    expect(ids(await queue('motcua.xa', 'reception'))).toEqual([second.id]);
    // Assigned to someone else: not in the second specialist's agency queue (they may not see it).
    expect(ids(await queue('chuyenvien2.xa', 'agency'))).not.toContain(online.id);
    // The counter dossier waits unassigned in the commune specialists' queue.
    expect(ids(await queue('chuyenvien2.xa', 'agency'))).toContain(counter.id);
    const item = (await queue('chuyenvien.xa', 'mine')).items[0];
    expect(item).toMatchObject({
      code: expect.any(String),
      applicantName: applicant.name,
      procedureCode: '1.001193',
      status: 'in_progress',
      statusLabel: 'Đang giải quyết',
      stepName: expect.any(String),
    });
    // Birth registration is due within a working day or so: due soon from the start.
    expect(['on-time', 'due-soon']).toContain(item.dueState);
    expect(item.stepName).not.toBe(item.stepId);
  });

  it('no queue shows a dossier the caller cannot see (the same set as GET /api/v1/dossiers)', async () => {
    for (const who of Object.keys(OFFICIALS)) {
      const visible = new Set(ids(expectStatus(await e.c[who]!.get('/api/v1/dossiers?limit=200'), 200)));
      const c = await counts(who);
      for (const [id, n] of Object.entries(c)) {
        const page = await queue(who, id);
        expect(page.total, `${who} ${id}`).toBe(n);
        for (const d of ids(page)) {
          expect(visible.has(d), `${who} ${id} ${d}`).toBe(true);
          expect((await e.c[who]!.get(`/api/v1/dossiers/${d}`)).statusCode, `${who} ${d}`).toBe(200);
        }
      }
    }
    // The other commune's specialist sees none of the commune's dossiers in any queue.
    expect(Object.values(await counts('outsider')).every((n) => n === 0)).toBe(true);
  });

  it('search by code, by name without diacritics and by ID number; filters by procedure, channel and date', async () => {
    const q = (s: string) => queue('lanhdao.xa', 'agency', `?q=${encodeURIComponent(s)}`);
    expect(ids(await q('nguyen van dan'))).toEqual([online.id]);
    expect(ids(await q('NGUYỄN VĂN DÂN'))).toEqual([online.id]);
    expect(ids(await q(online.code))).toEqual([online.id]);
    expect(ids(await q(online.code.toLowerCase()))).toEqual([online.id]);
    expect(ids(await q('092090008888'))).toEqual([counter.id]);
    expect(ids(await q('hoang phuc'))).toEqual([counter.id]);
    expect(ids(await q('0909123456'))).toEqual([counter.id]);
    expect((await q('khong co ai')).total).toBe(0);
    // A LIKE wildcard in the search is a character, not a pattern.
    expect((await q('%')).total).toBe(0);
    const desk = (s: string) => queue('motcua.xa', 'agency', s);
    expect(ids(await desk('?procedure=1.004222'))).toEqual([counter.id]);
    expect(ids(await desk('?channel=in_person'))).toEqual([counter.id]);
    expect(ids(await desk('?channel=online')).sort()).toEqual([online.id, second.id].sort());
    expect((await desk('?from=2026-03-16&to=2026-03-16')).total).toBe(3);
    expect((await desk('?from=2026-03-17')).total).toBe(0);
    expect((await desk('?to=2026-03-15')).total).toBe(0);
    const sector = expectStatus(
      await e.t.app.inject({ method: 'GET', url: '/api/v1/catalog/procedures/1.004222' }),
      200,
    ).sector as string;
    expect(ids(await desk(`?sector=${encodeURIComponent(sector)}`))).toContain(counter.id);
  });

  it('bad input is a Vietnamese 400 problem', async () => {
    for (const url of [
      '/api/v1/office/queues/khong-co',
      '/api/v1/office/queues/mine?page=0',
      '/api/v1/office/queues/mine?from=16-03-2026',
      '/api/v1/office/queues/mine?channel=fax',
      '/api/v1/office/queues/mine?procedure=abc',
      '/api/v1/office/queues/mine?from=2026-03-20&to=2026-03-10',
      '/api/v1/office/queues/mine?x=1',
    ]) {
      const r = await e.c['motcua.xa']!.get(url);
      expect(r.statusCode, url).toBe(400);
      expect(r.headers['content-type'], url).toMatch(/application\/problem\+json/);
      expect(r.json().title, url).toBe('Dữ liệu không hợp lệ');
    }
  });

  it('due soon within one working day, then overdue; the supplement queue pauses the clock', async () => {
    // Permanent residence, received at the counter on Monday 16/3 09:00: 7 working days.
    expect(counter.dueAt).toBe(vn('2026-03-25 17:00'));
    const state = async (who: string, q: string) =>
      (await queue(who, q)).items.find((x) => x.id === counter.id)?.dueState as string | undefined;
    await e.at('2026-03-23 09:00'); // Monday: due Wednesday, after the close of Tuesday
    expect(await state('lanhdao.xa', 'agency')).toBe('on-time');
    expect(await state('lanhdao.xa', 'due_soon')).toBeUndefined();
    await e.at('2026-03-24 09:00'); // Tuesday: due by the close of the next working day
    expect(await state('lanhdao.xa', 'due_soon')).toBe('due-soon');
    expect(await state('chuyenvien2.xa', 'due_soon')).toBe('due-soon');
    expect((await counts('lanhdao.xa')).due_soon).toBeGreaterThanOrEqual(1);
    expect(await state('lanhdao.xa', 'overdue')).toBeUndefined();
    await e.at('2026-03-26 09:00');
    expect(await state('lanhdao.xa', 'overdue')).toBe('overdue');
    expect(await state('lanhdao.xa', 'due_soon')).toBeUndefined();
    expect((await queue('outsider', 'overdue')).total).toBe(0);
    expect((await queue('lanhdao.stp', 'overdue')).total).toBe(0);
    // Waiting for a supplement: in that queue, the clock paused, no longer overdue.
    expectStatus(
      await act(e.c['chuyenvien.xa']!, counter.id, { kind: 'request_supplement', reason: 'Thiếu hợp đồng thuê nhà' }),
      200,
    );
    expect(await state('motcua.xa', 'supplement')).toBeDefined();
    expect(await state('lanhdao.xa', 'overdue')).toBeUndefined();
  });
});
