/**
 * Stored working calendars through the HTTP API: days off with reasons (Labour Code rules, the
 * announced schedule, local days), due dates, administrator changes and refusals.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CatalogApi, importDayOffSchedule } from '../src/modules/catalog/index.ts';
import { Client, createOfficial, loadTestAgencies, TREE } from './fixtures/identity.ts';
import { adminHeaders, countRows, createTestApp, type TestApp } from './support.ts';

let t: TestApp;
const seed = { kind: 'system', id: 'test', name: 'Kiểm thử' } as const;

beforeAll(async () => {
  t = await createTestApp({ env: { MFA_REQUIRED_ROLES: 'none' } });
  const api = t.app.tinhso.apis.catalog as CatalogApi;
  const csv = path.join(t.app.tinhso.config.referenceDataDir, 'calendar', 'vn_official_dayoff_schedule_2024_2027.csv');
  await importDayOffSchedule(api, seed, csv);
  await api.createCalendar(seed, { id: 'can-tho', name: 'Cần Thơ', provinceCode: '92', isDefault: true });
  await api.createCalendar(seed, {
    id: 'tthcc',
    name: 'Trung tâm (sáng thứ Bảy)',
    provinceCode: '92',
    workWeek: [1, 2, 3, 4, 5, 6],
    hoursByWeekday: { '6': [{ start: '07:00', end: '11:30' }] },
  });
}, 60_000);
afterAll(async () => {
  await t?.close();
});

async function get(url: string) {
  const res = await t.app.inject({ method: 'GET', url });
  return { status: res.statusCode, body: res.json() };
}

const due = async (q: string) => get(`/api/v1/catalog/calendar/due-date?${q}`);
const enc = encodeURIComponent;

describe('holidays', () => {
  it('lists 2026 from the announced schedule, with compensatory and swapped days and their reasons', async () => {
    const { status, body } = await get('/api/v1/catalog/calendar/holidays?year=2026');
    expect(status).toBe(200);
    const byDate = new Map(body.items.map((d: { date: string }) => [d.date, d]));
    // Tết Bính Ngọ: 14/2–22/2 as announced by TB 9441/TB-BNV.
    // The weekends joined to the break are the announcement's; the five Tết days are Art. 112's.
    for (const d of ['2026-02-14', '2026-02-15', '2026-02-21', '2026-02-22']) {
      expect(byDate.get(d)).toMatchObject({ reason: 'Tết Âm lịch Bính Ngọ', kind: 'announced' });
    }
    for (const d of ['2026-02-16', '2026-02-17', '2026-02-20']) {
      expect(byDate.get(d)).toMatchObject({ reason: 'Tết Âm lịch Bính Ngọ', kind: 'holiday' });
    }
    expect(byDate.has('2026-02-23')).toBe(false);
    expect(byDate.get('2026-04-27')).toMatchObject({ reason: 'Giỗ Tổ Hùng Vương', kind: 'compensatory' });
    expect(byDate.get('2026-04-26')).toMatchObject({ kind: 'holiday' });
    expect(byDate.get('2026-01-02')).toMatchObject({ kind: 'swapped' });
    expect(body.makeUpWorkingDays.map((d: { date: string }) => d.date)).toContain('2026-01-10');
    // Quốc khánh 2026 is VERIFY in the schedule: the Labour Code rule gives 2/9 and an adjacent day.
    expect(byDate.get('2026-09-02')).toMatchObject({ kind: 'holiday', reason: 'Quốc khánh' });
    // 24/11 is decided but not yet in the law: not a day off until an administrator adds it.
    expect(byDate.has('2026-11-24')).toBe(false);
  });

  it('lists 1 January as the statutory holiday (Labour Code 2019 Art. 112), also inside an announced break', async () => {
    for (const year of [2024, 2025, 2026, 2027]) {
      const { body } = await get(`/api/v1/catalog/calendar/holidays?year=${year}`);
      const newYear = body.items.find((d: { date: string }) => d.date === `${year}-01-01`);
      expect(newYear, String(year)).toMatchObject({ kind: 'holiday', reason: 'Tết Dương lịch' });
      expect(newYear.source).toContain('Điều 112');
    }
    // 2026: 1/1 (Thu) is the holiday, 2/1 the swapped day, 3–4/1 the weekend joined to the break.
    const { body } = await get('/api/v1/catalog/calendar/holidays?year=2026');
    const kinds = Object.fromEntries(
      body.items
        .filter((d: { date: string }) => d.date <= '2026-01-04')
        .map((d: { date: string; kind: string }) => [d.date, d.kind]),
    );
    expect(kinds).toEqual({
      '2026-01-01': 'holiday',
      '2026-01-02': 'swapped',
      '2026-01-03': 'announced',
      '2026-01-04': 'announced',
    });
  });

  it('follows the announced Tết breaks of 2024 and 2025', async () => {
    const tet = async (year: number) =>
      (await get(`/api/v1/catalog/calendar/holidays?year=${year}`)).body.items
        .filter((d: { reason: string }) => /Tết Âm lịch/.test(d.reason))
        .map((d: { date: string }) => d.date);
    expect(await tet(2024)).toEqual([
      '2024-02-08',
      '2024-02-09',
      '2024-02-10',
      '2024-02-11',
      '2024-02-12',
      '2024-02-13',
      '2024-02-14',
    ]);
    const y2025 = await tet(2025);
    expect(y2025[0]).toBe('2025-01-25');
    expect(y2025.at(-1)).toBe('2025-02-02');
    expect(y2025).toHaveLength(9);
  });

  it('computes the lunar holidays of years without a schedule (Vietnam time zone: Tết 2030 is 2 February)', async () => {
    const expected: Record<number, [string, string]> = {
      2027: ['2027-02-06', '2027-04-16'],
      2028: ['2028-01-26', '2028-04-04'],
      2029: ['2029-02-13', '2029-04-23'],
      2030: ['2030-02-02', '2030-04-12'],
    };
    for (const [year, [tet, hung]] of Object.entries(expected)) {
      const { body } = await get(`/api/v1/catalog/calendar/holidays?year=${year}`);
      const dates = new Map(body.items.map((d: { date: string; reason: string }) => [d.date, d.reason]));
      expect(dates.get(tet), `Tết ${year}`).toMatch(/Tết/);
      expect(dates.get(hung) ?? dates.get(nextDay(hung)), `Giỗ Tổ ${year}`).toMatch(/Hùng Vương/);
      expect(body.items.filter((d: { reason: string }) => /Tết Âm lịch/.test(d.reason)).length).toBeGreaterThanOrEqual(
        5,
      );
    }
  });

  it('refuses a year out of range and an unknown calendar', async () => {
    expect((await get('/api/v1/catalog/calendar/holidays?year=2200')).status).toBe(400);
    expect((await get('/api/v1/catalog/calendar/holidays?year=2026&calendar=khong-co')).status).toBe(404);
  });
});

describe('due dates', () => {
  it('N working days: receipt after the cutoff counts from the next working day, across Giỗ Tổ and 30/4', async () => {
    const r = await due(`from=${enc('2026-04-24T16:00:00+07:00')}&workingDays=3&cutoff=15:00`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ dueAt: '2026-05-05T10:00:00.000Z', receivedOn: '2026-04-28', calendar: 'can-tho' });
    const before = await due(`from=${enc('2026-04-24T14:00:00+07:00')}&workingDays=3&cutoff=15:00`);
    expect(before.body.dueAt).toBe('2026-05-04T10:00:00.000Z');
  });

  it('0 working days uses the calendar cut-off (15:00) by default', async () => {
    const morning = await due(`from=${enc('2026-06-03T10:00:00+07:00')}&workingDays=0`);
    expect(morning.body).toMatchObject({ dueAt: '2026-06-03T10:00:00.000Z', rule: { cutoff: '15:00' } });
    const late = await due(`from=${enc('2026-06-03T15:30:00+07:00')}&workingDays=0`);
    expect(late.body.dueAt).toBe('2026-06-04T10:00:00.000Z');
  });

  it('working hours skip lunch and nights', async () => {
    const r = await due(`from=${enc('2026-06-03T10:30:00+07:00')}&workingHours=8`);
    // 10:30–11:30 (1 h), 13:00–17:00 (4 h), next day 07:00–10:00 (3 h).
    expect(r.body.dueAt).toBe('2026-06-04T03:00:00.000Z');
  });

  it('a calendar that opens on Saturday mornings gives an earlier due date', async () => {
    const weekday = await due(`from=${enc('2026-06-05T10:00:00+07:00')}&workingDays=1`);
    const centre = await due(`from=${enc('2026-06-05T10:00:00+07:00')}&workingDays=1&calendar=tthcc`);
    expect(weekday.body.dueAt).toBe('2026-06-08T10:00:00.000Z'); // Monday 17:00
    expect(centre.body.dueAt).toBe('2026-06-06T04:30:00.000Z'); // Saturday 11:30
  });

  it('refuses ambiguous or malformed requests in Vietnamese', async () => {
    const both = await due(`from=${enc('2026-06-03T10:00:00+07:00')}&workingDays=1&workingHours=2`);
    expect(both.status).toBe(400);
    expect(both.body.errors[0].message).toMatch(/đúng một/);
    expect((await due('from=hom-nay&workingDays=1')).status).toBe(400);
    expect((await due(`from=${enc('2026-06-03T10:00:00+07:00')}&workingDays=-1`)).status).toBe(400);
    expect((await due(`from=${enc('2026-06-03T10:00:00+07:00')}&workingDays=1&cutoff=25:00`)).status).toBe(400);
  });
});

describe('administration', () => {
  it('an administrator adds 24/11 as a local day off: holidays and due dates follow', async () => {
    const from = `from=${enc('2026-11-23T10:00:00+07:00')}&workingDays=1`;
    expect((await due(from)).body.dueAt).toBe('2026-11-24T10:00:00.000Z');
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/catalog/calendars/can-tho/days/2026-11-24',
      headers: adminHeaders,
      payload: { kind: 'off', reason: 'Ngày Văn hóa Việt Nam' },
    });
    expect(put.statusCode).toBe(201);
    expect((await due(from)).body.dueAt).toBe('2026-11-25T10:00:00.000Z');
    const { body } = await get('/api/v1/catalog/calendar/holidays?year=2026');
    expect(body.items.find((d: { date: string }) => d.date === '2026-11-24')).toMatchObject({
      kind: 'local',
      reason: 'Ngày Văn hóa Việt Nam',
    });
    const del = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/catalog/calendars/can-tho/days/2026-11-24',
      headers: adminHeaders,
    });
    expect(del.statusCode).toBe(204);
    expect((await due(from)).body.dueAt).toBe('2026-11-24T10:00:00.000Z');
  });

  it('changes office hours; refuses overlapping hours and anonymous callers, writing nothing', async () => {
    const audit = await countRows(t.database, 'platform.audit_log');
    const before = (await get('/api/v1/catalog/calendars/can-tho')).body;
    const anonymous = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/catalog/calendars/can-tho',
      payload: { defaultCutoff: '16:00' },
    });
    expect(anonymous.statusCode).toBe(401);
    const overlap = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/catalog/calendars/can-tho',
      headers: adminHeaders,
      payload: {
        officeHours: [
          { start: '07:00', end: '12:00' },
          { start: '11:00', end: '17:00' },
        ],
      },
    });
    expect(overlap.statusCode).toBe(400);
    expect(overlap.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(overlap.json().errors[0].message).toMatch(/chồng/);
    expect((await get('/api/v1/catalog/calendars/can-tho')).body).toEqual(before);
    expect(await countRows(t.database, 'platform.audit_log')).toBe(audit);

    const ok = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/catalog/calendars/can-tho',
      headers: adminHeaders,
      payload: {
        officeHours: [
          { start: '07:30', end: '11:30' },
          { start: '13:30', end: '16:30' },
        ],
      },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().version).toBe(before.version + 1);
    const r = await due(`from=${enc('2026-06-03T10:00:00+07:00')}&workingDays=0`);
    expect(r.body.dueAt).toBe('2026-06-03T09:30:00.000Z'); // the new close, 16:30
    expect(await countRows(t.database, 'platform.audit_log')).toBe(audit + 1);
  });

  it('a province administrator signed in may change a calendar; a specialist may not', async () => {
    await loadTestAgencies(t.app);
    await createOfficial(t.app, {
      username: 'quantri.lich',
      agencyCode: TREE.committee,
      roles: [{ role: 'province_admin', agencyCode: null }],
    });
    await createOfficial(t.app, {
      username: 'chuyenvien.lich',
      agencyCode: TREE.justice,
      roles: [{ role: 'specialist', agencyCode: TREE.justice }],
    });
    const admin = new Client(t.app);
    expect((await admin.login('quantri.lich')).statusCode).toBe(200);
    const put = await admin.request('PUT', '/api/v1/catalog/calendars/tthcc/days/2026-12-31', {
      kind: 'off',
      reason: 'Nghỉ theo quyết định của Ủy ban nhân dân thành phố',
    });
    expect(put.statusCode).toBe(201);
    const audited = await t.database.db
      .selectFrom('platform.audit_log' as never)
      .select(['actor'] as never[])
      .where('action' as never, '=', 'calendar.day_set' as never)
      .execute();
    // The change is recorded under the administrator's account, not the shared token.
    expect(audited.map((r) => JSON.stringify(r))).toContainEqual(expect.stringContaining('"kind":"official"'));
    const withoutCsrf = await admin.request('DELETE', '/api/v1/catalog/calendars/tthcc/days/2026-12-31', undefined, {
      csrf: false,
    });
    expect(withoutCsrf.statusCode).toBe(403);
    const specialist = new Client(t.app);
    expect((await specialist.login('chuyenvien.lich')).statusCode).toBe(200);
    const refused = await specialist.request('DELETE', '/api/v1/catalog/calendars/tthcc/days/2026-12-31');
    expect(refused.statusCode).toBe(403);
    expect((await get('/api/v1/catalog/calendars/tthcc')).body.days).toContainEqual(
      expect.objectContaining({ date: '2026-12-31', kind: 'off' }),
    );
  });

  it('re-importing the same schedule changes nothing', async () => {
    const api = t.app.tinhso.apis.catalog as CatalogApi;
    const csv = path.join(
      t.app.tinhso.config.referenceDataDir,
      'calendar',
      'vn_official_dayoff_schedule_2024_2027.csv',
    );
    const audit = await countRows(t.database, 'platform.audit_log');
    const again = await importDayOffSchedule(api, seed, csv);
    expect(again.changed).toBe(false);
    expect(again.read).toBeGreaterThan(15);
    expect(await countRows(t.database, 'platform.audit_log')).toBe(audit);
  });
});

function nextDay(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
