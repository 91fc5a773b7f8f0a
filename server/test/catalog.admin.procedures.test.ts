/**
 * Administration of procedures (issue 7): an administrator reads a procedure's versions with their
 * flags, and a province administrator corrects flagged fields with the value's source and a reason.
 * A correction closes the current version and opens a new one (or amends a version that began the
 * same day), recomputes the flags, and writes audit + event in the same transaction; it needs the
 * version's ETag in If-Match. Bad input and non-administrators change nothing.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CatalogApi, importProcedures } from '../src/modules/catalog/index.ts';
import { ManualClock, vnDate } from '../src/platform/clock/index.ts';
import { setUpCatalogAdmin } from './catalog.admin.support.ts';
import type { Client } from './fixtures/identity.ts';
import { adminHeaders, countRows, type TestApp } from './support.ts';

let t: TestApp;
const clock = new ManualClock('2026-11-23T03:00:00Z');
const seed = { kind: 'system', id: 'test', name: 'Kiểm thử' } as const;
const CODE = '1.001193';
const URL = `/api/v1/catalog/procedures/${CODE}/versions`;
let admin: Client;
let agencyAdmin: Client;
let specialist: Client;

beforeAll(async () => {
  ({ t, admin, agencyAdmin, specialist } = await setUpCatalogAdmin(clock));
  const api = t.app.tinhso.apis.catalog as CatalogApi;
  await importProcedures(api, seed, path.join(t.app.tinhso.config.referenceDataDir, 'procedures'));
}, 120_000);
afterAll(async () => {
  await t?.close();
});

interface Version {
  versionFrom: string;
  versionTo: string | null;
  current: boolean;
  etag: string;
  flagCount: number;
  flags: { field: string; code: string; correctable: boolean }[];
  corrections: { field: string; reason: string; source: string; before: unknown; after: unknown }[];
}

async function versions(): Promise<Version[]> {
  const res = await admin.get(URL);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items;
}

const tables = ['catalog.procedure', 'platform.audit_log', 'platform.outbox'];
const snapshot = () => Promise.all(tables.map((x) => countRows(t.database, x)));

function correct(client: Client, body: unknown, etag?: string) {
  return client.request('POST', URL, body, { headers: etag ? { 'if-match': etag } : {} });
}

const fix = (field: string, value: unknown) => ({
  corrections: [{ field, value }],
  reason: 'Bổ sung đơn vị thời hạn còn thiếu khi nạp',
  source: 'Quyết định 1872/QĐ-BTP ngày 04/9/2020 công bố thủ tục',
});

describe('GET /procedures/:code/versions', () => {
  it('lists the imported version with its ETag and flags, each saying whether it can be corrected here', async () => {
    const items = await versions();
    expect(items).toHaveLength(1);
    const [v] = items;
    expect(v).toMatchObject({ versionFrom: '2026-11-23', versionTo: null, current: true });
    expect(v!.etag).toMatch(/^"p-[0-9a-f]{24}"$/);
    expect(v!.flagCount).toBe(v!.flags.length);
    expect(v!.flags.find((f) => f.field === 'channels[0].processingTimes[0]')).toMatchObject({
      code: 'unparsed',
      correctable: true,
    });
  });

  it('is for administrators: an agency administrator reads it, a specialist gets 403, nobody signed in 401', async () => {
    expect((await agencyAdmin.get(URL)).statusCode).toBe(200);
    const res = await specialist.get(URL);
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect((await t.app.inject({ method: 'GET', url: URL })).statusCode).toBe(401);
    expect((await admin.get('/api/v1/catalog/procedures/9.999999/versions')).statusCode).toBe(404);
  });
});

describe('POST /procedures/:code/versions: refusals change nothing', () => {
  it('refuses an agency administrator and a specialist (403) and an anonymous caller (401)', async () => {
    const before = await snapshot();
    const [v] = await versions();
    const body = fix('channels[0].processingTimes[0]', { amount: 1, unit: 'working_day' });
    expect((await correct(agencyAdmin, body, v!.etag)).statusCode).toBe(403);
    expect((await correct(specialist, body, v!.etag)).statusCode).toBe(403);
    const anon = await t.app.inject({ method: 'POST', url: URL, payload: body, headers: { 'if-match': v!.etag } });
    expect(anon.statusCode).toBe(401);
    expect(await snapshot()).toEqual(before);
  });

  it('requires If-Match (428) and refuses a stale one (412)', async () => {
    const before = await snapshot();
    const body = fix('channels[0].processingTimes[0]', { amount: 1, unit: 'working_day' });
    const missing = await correct(admin, body);
    expect(missing.statusCode).toBe(428);
    expect(missing.json().code).toBe('PRECONDITION_REQUIRED');
    const stale = await correct(admin, body, '"p-000000000000000000000000"');
    expect(stale.statusCode).toBe(412);
    expect(stale.json()).toMatchObject({ code: 'STALE_VERSION' });
    expect(stale.json().detail).toContain('tải lại');
    expect(await snapshot()).toEqual(before);
  });

  it('answers bad values with Vietnamese problem+json pointing at the input, and writes nothing', async () => {
    const before = await snapshot();
    const [v] = await versions();
    const cases: [unknown, string, RegExp][] = [
      [fix('channels[0].processingTimes[0]', { amount: 1, unit: 'fortnight' }), '/body/corrections/0/value', /đơn vị/],
      [fix('channels[0].fees[0].amountVnd', -5), '/body/corrections/0/value', /không âm/],
      [fix('name', 'Tên khác'), '/body/corrections/0/field', /không sửa được/],
      [
        fix('channels[9].processingTimes[0]', { amount: 1, unit: 'day' }),
        '/body/corrections/0/field',
        /không có trường/,
      ],
      [fix('dossier[0].components[1].requirement', 'maybe'), '/body/corrections/0/value', /bắt buộc/],
      [{ ...fix('receivingAddress', 'Bộ phận một cửa'), source: '' }, '/body/source', /.+/],
      [{ ...fix('receivingAddress', 'Bộ phận một cửa'), source: 'x', reason: 'ok' }, '/body/reason', /lý do/],
      [{ ...fix('receivingAddress', 'Bộ phận một cửa'), effectiveFrom: '2026-11-01' }, '/body/effectiveFrom', /đã qua/],
    ];
    for (const [body, field, message] of cases) {
      const res = await correct(admin, body, v!.etag);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const err = res.json().errors.find((e: { field: string }) => e.field === field);
      expect(err, `${JSON.stringify(body)} → ${res.body}`).toBeDefined();
      expect(err.message).toMatch(message);
    }
    // One bad correction among good ones: none applies.
    const mixed = await correct(
      admin,
      {
        ...fix('receivingAddress', 'Bộ phận một cửa UBND xã'),
        corrections: [
          { field: 'receivingAddress', value: 'Bộ phận một cửa UBND xã' },
          { field: 'channels[0].processingTimes[0]', value: { amount: -1, unit: 'day' } },
        ],
      },
      v!.etag,
    );
    expect(mixed.statusCode).toBe(400);
    expect(await snapshot()).toEqual(before);
    expect((await versions())[0]!.etag).toBe(v!.etag);
  });
});

describe('POST /procedures/:code/versions: corrections', () => {
  it('a correction on the day the version began amends it: the fixed flag disappears, the others stay', async () => {
    const [v] = await versions();
    const audits = await countRows(t.database, 'platform.audit_log');
    const res = await correct(
      admin,
      fix('channels[0].processingTimes[0]', { amount: 1, unit: 'working_day' }),
      v!.etag,
    );
    expect(res.statusCode, res.body).toBe(200);
    const out = res.json();
    expect(out.mode).toBe('amended');
    expect(out.cleared.map((f: { field: string }) => f.field)).toEqual(['channels[0].processingTimes[0]']);
    expect(out.version.flagCount).toBe(v!.flagCount - 1);
    expect(out.version.flags.map((f: { field: string }) => f.field)).toContain('channels[1].processingTimes[0]');
    expect(res.headers.etag).toBe(out.version.etag);
    expect(out.version.etag).not.toBe(v!.etag);
    expect(out.version.corrections).toEqual([
      expect.objectContaining({
        field: 'channels[0].processingTimes[0]',
        before: null,
        after: { amount: 1, unit: 'working_day' },
        source: expect.stringContaining('1872/QĐ-BTP'),
        by: expect.objectContaining({ name: 'Cán bộ qt.tinh' }),
      }),
    ]);
    // The public view shows the value (the crawled text is kept) and the new flag count.
    const pub = (await t.app.inject({ method: 'GET', url: `/api/v1/catalog/procedures/${CODE}` })).json();
    expect(pub.record.channels.value[0].processingTimes[0]).toMatchObject({
      raw: '1',
      value: { amount: 1, unit: 'working_day' },
    });
    expect(pub.flagCount).toBe(v!.flagCount - 1);
    // Audit and event in the same transaction.
    expect(await countRows(t.database, 'platform.audit_log')).toBe(audits + 1);
    const events = await t.database.db
      .selectFrom('platform.outbox' as never)
      .select(['payload'] as never[])
      .where('type' as never, '=', 'procedure.corrected' as never)
      .execute();
    expect(events).toHaveLength(1);
    // The old ETag is now stale.
    expect((await correct(admin, fix('receivingAddress', 'Bộ phận một cửa'), v!.etag)).statusCode).toBe(412);
  });

  it('of two simultaneous corrections of the same version, one wins and the other gets 412', async () => {
    const [v] = await versions();
    const before = await countRows(t.database, 'platform.audit_log');
    const [a, b] = await Promise.all([
      correct(admin, fix('channels[1].processingTimes[0]', { amount: 1, unit: 'working_day' }), v!.etag),
      correct(admin, fix('channels[1].processingTimes[0]', { amount: 2, unit: 'working_day' }), v!.etag),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 412]);
    expect(await countRows(t.database, 'platform.audit_log')).toBe(before + 1);
  });

  it('recomputes flags: an amount due whose kind is unknown gets flagged, and fixing the kind clears it', async () => {
    let [v] = await versions();
    const res = await correct(
      admin,
      {
        ...fix('channels[0].fees[0].amountVnd', 8000),
        reason: 'Mức thu theo nghị quyết HĐND tỉnh',
        source: 'Nghị quyết 15/2026/NQ-HĐND',
      },
      v!.etag,
    );
    expect(res.statusCode, res.body).toBe(200);
    const fields = res.json().version.flags.map((f: { field: string }) => f.field);
    expect(fields).not.toContain('channels[0].fees[0].amountVnd');
    expect(fields).toContain('channels[0].fees[0].kind');
    [v] = await versions();
    const kind = await correct(admin, fix('channels[0].fees[0].kind', 'charge'), v!.etag);
    expect(kind.statusCode, kind.body).toBe(200);
    expect(kind.json().version.flags.map((f: { field: string }) => f.field)).not.toContain('channels[0].fees[0].kind');
  });

  it('a later day opens a new version: the previous one is closed the day before and keeps its flags', async () => {
    clock.advance(24 * 3600 * 1000);
    const today = vnDate(clock.now());
    expect(today).toBe('2026-11-24');
    // A day later the session has idled out: sign in again.
    expect((await admin.login('qt.tinh')).statusCode).toBe(200);
    const [v] = await versions();
    const res = await correct(
      admin,
      {
        corrections: [
          { field: 'receivingAddress', value: 'Bộ phận Một cửa Ủy ban nhân dân cấp xã' },
          { field: 'dossier[0].components[1].requirement', value: 'conditional' },
          { field: 'onlineService', value: { scheme: 'current', scope: 'full' } },
        ],
        reason: 'Tỉnh chỉ định nơi tiếp nhận và mức độ trực tuyến',
        source: 'Quyết định 99/QĐ-UBND ngày 20/11/2026 của UBND tỉnh',
      },
      v!.etag,
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ mode: 'new_version', version: { versionFrom: today, current: true } });
    const items = await versions();
    expect(items.map((x) => [x.versionFrom, x.versionTo])).toEqual([
      [today, null],
      ['2026-11-23', '2026-11-23'],
    ]);
    expect(items[0]!.flagCount).toBe(items[1]!.flagCount - 3);
    const oldFields = items[1]!.flags.map((f) => f.field);
    expect(oldFields).toContain('receivingAddress');
    expect(items[0]!.flags.map((f) => f.field)).not.toContain('receivingAddress');
    // The log carries the earlier corrections forward.
    expect(items[0]!.corrections.map((c) => c.field)).toContain('channels[0].processingTimes[0]');
    // The version in force yesterday is still what it was.
    const old = (await t.app.inject({ method: 'GET', url: `/api/v1/catalog/procedures/${CODE}?on=2026-11-23` })).json();
    expect(old.record.receivingAddress.value).toBeNull();
    const now = (await t.app.inject({ method: 'GET', url: `/api/v1/catalog/procedures/${CODE}` })).json();
    expect(now.record.receivingAddress.value).toBe('Bộ phận Một cửa Ủy ban nhân dân cấp xã');
    expect(now.record.onlineService.value).toEqual({ scheme: 'current', scope: 'full' });
  });

  it('a future effective date is refused (it would be read as current at once and block the next import)', async () => {
    const before = await versions();
    const res = await t.app.inject({
      method: 'POST',
      url: URL,
      headers: { ...adminHeaders, 'if-match': before[0]!.etag },
      payload: { ...fix('conditions', []), effectiveFrom: '2026-12-01' },
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ field: '/body/effectiveFrom' });
    expect(await versions()).toEqual(before);
  });

  it('the admin token (scripts) may correct too', async () => {
    const [v] = await versions();
    const res = await t.app.inject({
      method: 'POST',
      url: URL,
      headers: { ...adminHeaders, 'if-match': v!.etag },
      payload: fix('conditions', []),
    });
    // The version in force began today: amended in place (200), not a new one (201).
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().mode).toBe('amended');
    const now = (await t.app.inject({ method: 'GET', url: `/api/v1/catalog/procedures/${CODE}` })).json();
    expect(now.record.conditions.value).toEqual([]);
  });
});

describe('GET /procedures?flagged', () => {
  it('filters procedures with fields to check', async () => {
    const all = (await t.app.inject({ method: 'GET', url: '/api/v1/catalog/procedures?limit=100' })).json();
    const flagged = (
      await t.app.inject({ method: 'GET', url: '/api/v1/catalog/procedures?limit=100&flagged=true' })
    ).json();
    const clean = (
      await t.app.inject({ method: 'GET', url: '/api/v1/catalog/procedures?limit=100&flagged=false' })
    ).json();
    expect(flagged.total + clean.total).toBe(all.total);
    expect(flagged.items.every((p: { flagCount: number }) => p.flagCount > 0)).toBe(true);
    expect(clean.items.every((p: { flagCount: number }) => p.flagCount === 0)).toBe(true);
    const searched = (
      await t.app.inject({ method: 'GET', url: '/api/v1/catalog/procedures?q=khai+sinh&flagged=true' })
    ).json();
    expect(searched.items.every((p: { flagCount: number }) => p.flagCount > 0)).toBe(true);
  });
});
