/**
 * Administration of agencies (issue 7): a province administrator creates an agency (electronic
 * identifier checked against QCVN 102:2016 / Quyết định 20/2020/QĐ-TTg), changes it from a date
 * (a new version; the old one keeps its dates), and dissolves it. Each write needs the version's
 * ETag in If-Match and writes audit + event in its transaction; bad input changes nothing. Also the
 * calendar policy: agency administrators read calendars but do not change them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogApi } from '../src/modules/catalog/index.ts';
import { ManualClock } from '../src/platform/clock/index.ts';
import { setUpCatalogAdmin } from './catalog.admin.support.ts';
import { type Client, TREE } from './fixtures/identity.ts';
import { countRows, type TestApp } from './support.ts';

let t: TestApp;
const clock = new ManualClock('2026-11-23T03:00:00Z');
const seed = { kind: 'system', id: 'test', name: 'Kiểm thử' } as const;
let admin: Client;
let agencyAdmin: Client;
let specialist: Client;
let signIn: () => Promise<void>;

const NEW = '000.00.15.H98';
const NEW_CHILD = '000.01.15.H98';
const BASE = '/api/v1/catalog/agencies';

beforeAll(async () => {
  ({ t, admin, agencyAdmin, specialist, signIn } = await setUpCatalogAdmin(clock));
  await (t.app.tinhso.apis.catalog as CatalogApi).createCalendar(seed, {
    id: 'thu-nghiem',
    name: 'Lịch tỉnh Thử Nghiệm',
    provinceCode: null,
    isDefault: true,
  });
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const tables = ['catalog.agency', 'platform.audit_log', 'platform.outbox'];
const snapshot = () => Promise.all(tables.map((x) => countRows(t.database, x)));

async function detail(code: string, on?: string) {
  return t.app.inject({ method: 'GET', url: `${BASE}/${code}${on ? `?on=${on}` : ''}` });
}

const newAgency = {
  code: NEW,
  name: 'Sở Khoa học và Công nghệ',
  shortName: 'Sở KH&CN',
  kind: 'department',
  parentCode: TREE.committee,
  email: 'skhcn@thunghiem.gov.vn',
  phone: '0292 3820 000',
  address: '1 Đường Thử, phường Trung Tâm',
  reason: 'Quyết định 45/QĐ-UBND ngày 20/11/2026 thành lập Sở',
};

describe('POST /agencies (create)', () => {
  it('refuses bad input in Vietnamese, pointing at the field, and writes nothing', async () => {
    const before = await snapshot();
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ code: '000.1115.H98' }, '/body/code', /VVV\.ZZ\.YY\.MXX.*000\.11\.15\.H98/],
      [{ code: 'so-khcn' }, '/body/code', /chứa/],
      [{ code: '000.05.00.H98' }, '/body/code', /cấp 3/],
      [{ kind: 'bo-phan' }, '/body/kind', /không có trong danh mục/],
      [{ email: 'skhcn@' }, '/body/email', /thư điện tử/],
      [{ parentCode: '000.00.77.H98' }, '/body/parentCode', /Không có cơ quan cấp trên/],
      [{ unitCode: '92' }, '/body/unitCode', /đơn vị hành chính/],
      [{ reason: 'ok' }, '/body/reason', /lý do/],
      [{ name: '   ' }, '/body/name', /Thiếu tên/],
      // A top-level agency (no parent to be out of force then) backdated is refused too.
      [{ parentCode: null, validFrom: '2026-01-01' }, '/body/validFrom', /đã qua/],
    ];
    for (const [change, field, message] of cases) {
      const res = await admin.post(BASE, { ...newAgency, ...change });
      expect(res.statusCode, JSON.stringify(change)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const err = res.json().errors?.find((e: { field: string }) => e.field === field);
      expect(err, `${JSON.stringify(change)} → ${res.body}`).toBeDefined();
      expect(err.message).toMatch(message);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('is for province administrators only', async () => {
    const before = await snapshot();
    expect((await agencyAdmin.post(BASE, newAgency)).statusCode).toBe(403);
    expect((await specialist.post(BASE, newAgency)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: BASE, payload: newAgency })).statusCode).toBe(401);
    expect(await snapshot()).toEqual(before);
  });

  it('creates the agency in force from today, with audit and event; the code cannot be taken twice', async () => {
    const before = await snapshot();
    const res = await admin.post(BASE, { ...newAgency, code: ' 000.00.15.h98 ' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      code: NEW,
      name: 'Sở Khoa học và Công nghệ',
      kindLabel: 'Sở, cơ quan chuyên môn cấp tỉnh',
      parentCode: TREE.committee,
      validFrom: '2026-11-23',
      validTo: null,
      origin: 'admin',
    });
    expect(res.headers.etag).toBe(res.json().etag);
    expect(await snapshot()).toEqual([before[0]! + 1, before[1]! + 1, before[2]! + 1]);
    const tree = (await t.app.inject({ method: 'GET', url: `${BASE}/${TREE.committee}/tree` })).json();
    expect(tree.children.map((c: { code: string }) => c.code)).toContain(NEW);
    const found = (await t.app.inject({ method: 'GET', url: `${BASE}?q=khoa+hoc+cong+nghe` })).json();
    expect(found.items[0].code).toBe(NEW);
    const again = await admin.post(BASE, newAgency);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('AGENCY_EXISTS');
    const child = await admin.post(BASE, {
      code: NEW_CHILD,
      name: 'Phòng Quản lý khoa học',
      kind: 'division',
      parentCode: NEW,
      reason: 'Quyết định 45/QĐ-UBND ngày 20/11/2026',
    });
    expect(child.statusCode, child.body).toBe(201);
  });
});

describe('PATCH /agencies/:code (change)', () => {
  it('needs If-Match (428), refuses a stale one (412), a bad value, a loop or no change (400), writing nothing', async () => {
    const before = await snapshot();
    const { etag } = (await detail(NEW)).json();
    const body = { name: 'Sở Khoa học, Công nghệ', reason: 'Sửa tên theo quyết định mới' };
    const missing = await admin.request('PATCH', `${BASE}/${NEW}`, body);
    expect(missing.statusCode).toBe(428);
    const stale = await admin.request('PATCH', `${BASE}/${NEW}`, body, { headers: { 'if-match': '"a-0"' } });
    expect(stale.statusCode).toBe(412);
    const withTag = (b: unknown) => admin.request('PATCH', `${BASE}/${NEW}`, b, { headers: { 'if-match': etag } });
    const loop = await withTag({ parentCode: NEW_CHILD, reason: 'Thử vòng lặp cấp trên' });
    expect(loop.statusCode).toBe(400);
    expect(loop.json().errors[0]).toMatchObject({
      field: '/body/parentCode',
      message: expect.stringMatching(/vòng lặp/),
    });
    const same = await withTag({ name: newAgency.name, reason: 'Không đổi gì cả' });
    expect(same.statusCode).toBe(400);
    const past = await withTag({ ...body, effectiveFrom: '2026-01-01' });
    expect(past.statusCode).toBe(400);
    expect(past.json().errors[0].field).toBe('/body/effectiveFrom');
    expect(
      (await agencyAdmin.request('PATCH', `${BASE}/${NEW}`, body, { headers: { 'if-match': etag } })).statusCode,
    ).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  it('a change on the day the version began amends it; of two simultaneous changes one gets 412', async () => {
    const { etag } = (await detail(NEW)).json();
    const send = (name: string) =>
      admin.request(
        'PATCH',
        `${BASE}/${NEW}`,
        { name, reason: 'Sửa lỗi chính tả tên' },
        { headers: { 'if-match': etag } },
      );
    const [a, b] = await Promise.all([send('Sở Khoa học và Công nghệ tỉnh'), send('Sở KH và CN')]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 412]);
    const won = a.statusCode === 200 ? a : b;
    expect(won.json().mode).toBe('amended');
    expect(won.json().agency.versions).toHaveLength(1);
  });

  it('a change from a later day opens a new version and keeps the old one for its dates', async () => {
    clock.advance(24 * 3600 * 1000);
    await signIn();
    const old = (await detail(NEW)).json();
    const res = await admin.request(
      'PATCH',
      `${BASE}/${NEW}`,
      { phone: '0292 3999 999', address: '9 Đường Mới', reason: 'Chuyển trụ sở theo Thông báo 12/TB-UBND' },
      { headers: { 'if-match': old.etag } },
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().mode).toBe('new_version');
    expect(res.json().agency).toMatchObject({ validFrom: '2026-11-24', phone: '0292 3999 999', name: old.name });
    expect(
      res.json().agency.versions.map((v: { validFrom: string; validTo: string | null }) => [v.validFrom, v.validTo]),
    ).toEqual([
      ['2026-11-24', null],
      ['2026-11-23', '2026-11-23'],
    ]);
    expect((await detail(NEW, '2026-11-23')).json().address).toBe('1 Đường Thử, phường Trung Tâm');
    const audit = await t.database.db
      .selectFrom('platform.audit_log' as never)
      .select(['action', 'data'] as never[])
      .where('entity_id' as never, '=', NEW as never)
      .execute();
    expect(audit.map((r) => (r as { action: string }).action)).toEqual([
      'agency.created',
      'agency.changed',
      'agency.changed',
    ]);
  });
});

describe('POST /agencies/:code/close (dissolve)', () => {
  it('refuses while units still belong to it, then closes the leaf and the agency', async () => {
    const before = await snapshot();
    const parent = (await detail(NEW)).json();
    const blocked = await admin.post(`${BASE}/${NEW}/close`, { validTo: '2026-12-31', reason: 'Hợp nhất vào Sở khác' });
    expect(blocked.statusCode).toBe(428);
    const withChildren = await admin.request(
      'POST',
      `${BASE}/${NEW}/close`,
      { validTo: '2026-12-31', reason: 'Hợp nhất vào Sở khác' },
      { headers: { 'if-match': parent.etag } },
    );
    expect(withChildren.statusCode).toBe(409);
    expect(withChildren.json()).toMatchObject({ code: 'AGENCY_HAS_CHILDREN' });
    expect(withChildren.json().detail).toContain(NEW_CHILD);
    const past = await admin.request(
      'POST',
      `${BASE}/${NEW_CHILD}/close`,
      { validTo: '2026-01-01', reason: 'Giải thể phòng' },
      { headers: { 'if-match': (await detail(NEW_CHILD)).json().etag } },
    );
    expect(past.statusCode).toBe(400);
    expect(await snapshot()).toEqual(before);

    const child = (await detail(NEW_CHILD)).json();
    const closeChild = await admin.request(
      'POST',
      `${BASE}/${NEW_CHILD}/close`,
      { validTo: '2026-12-31', reason: 'Giải thể phòng theo Quyết định 50/QĐ-SKHCN' },
      { headers: { 'if-match': child.etag } },
    );
    expect(closeChild.statusCode, closeChild.body).toBe(200);
    expect(closeChild.json().validTo).toBe('2026-12-31');
    const close = await admin.request(
      'POST',
      `${BASE}/${NEW}/close`,
      { validTo: '2026-12-31', reason: 'Hợp nhất vào Sở khác' },
      { headers: { 'if-match': parent.etag } },
    );
    expect(close.statusCode, close.body).toBe(200);
    expect((await detail(NEW, '2027-01-01')).statusCode).toBe(404);
    expect((await detail(NEW, '2026-12-31')).statusCode).toBe(200);
    // Closed: no further change through the open-version routes.
    const late = await admin.request(
      'PATCH',
      `${BASE}/${NEW}`,
      { name: 'Tên khác', reason: 'Đổi tên sau khi giải thể' },
      { headers: { 'if-match': close.json().etag } },
    );
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('AGENCY_NOT_OPEN');
    const events = await t.database.db
      .selectFrom('platform.outbox' as never)
      .select(['type'] as never[])
      .where('type' as never, 'in', ['agency.created', 'agency.changed', 'agency.closed'] as never)
      .execute();
    expect(events.map((e) => (e as { type: string }).type).filter((x) => x === 'agency.closed')).toHaveLength(2);
  });
});

describe('calendar policy', () => {
  it('an agency administrator reads calendars but may not change them (they set every agency’s deadlines)', async () => {
    expect((await agencyAdmin.get('/api/v1/catalog/calendars')).statusCode).toBe(200);
    expect((await agencyAdmin.get('/api/v1/catalog/calendars/thu-nghiem')).statusCode).toBe(200);
    const before = await snapshot();
    const patch = await agencyAdmin.request('PATCH', '/api/v1/catalog/calendars/thu-nghiem', { name: 'Lịch riêng' });
    expect(patch.statusCode).toBe(403);
    const day = await agencyAdmin.request('PUT', '/api/v1/catalog/calendars/thu-nghiem/days/2026-12-24', {
      kind: 'off',
      reason: 'Nghỉ riêng của Sở',
    });
    expect(day.statusCode).toBe(403);
    expect(await snapshot()).toEqual(before);
    expect(
      (await admin.request('PATCH', '/api/v1/catalog/calendars/thu-nghiem', { name: 'Lịch tỉnh' })).statusCode,
    ).toBe(200);
  });
});
