/**
 * Procedures: the 43 crawled procedures and the national index imported from
 * reference-data/procedures, searched with or without diacritics and with typos, idempotent on a
 * second import.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CatalogApi, importProcedures, type ProcedureImportReport } from '../src/modules/catalog/index.ts';
import { vnDate } from '../src/platform/clock/index.ts';
import { countRows, createTestApp, type TestApp } from './support.ts';

let t: TestApp;
let first: ProcedureImportReport;
const seed = { kind: 'system', id: 'test', name: 'Kiểm thử' } as const;
const dir = () => path.join(t.app.tinhso.config.referenceDataDir, 'procedures');

beforeAll(async () => {
  t = await createTestApp();
  first = await importProcedures(t.app.tinhso.apis.catalog as CatalogApi, seed, dir());
}, 60_000);
afterAll(async () => {
  await t?.close();
});

async function get(url: string) {
  const res = await t.app.inject({ method: 'GET', url });
  return { status: res.statusCode, type: String(res.headers['content-type']), body: res.json() };
}

async function top(q: string): Promise<{ code: string; score: number }[]> {
  const res = await get(`/api/v1/catalog/procedures?q=${encodeURIComponent(q)}&limit=5`);
  expect(res.status).toBe(200);
  return res.body.items;
}

describe('import', () => {
  it('stores the 43 procedures with their flags and the 2,642 national index entries', () => {
    expect(first.procedures).toMatchObject({ read: 43, inserted: 43, updated: 0, superseded: 0, stored: 43 });
    expect(first.index).toMatchObject({ read: 2_642, inserted: 2_642, updated: 0, stored: 2_642, fileFlags: 0 });
    expect(first.flags.total).toBeGreaterThan(0);
    expect(first.flags.byCode['1.001193']).toBeGreaterThan(0);
    expect(first.changed).toBe(true);
  });

  it('writes one audit record and one event for the whole import', async () => {
    const audit = await t.database.db
      .selectFrom('platform.audit_log' as never)
      .select(['data'] as never[])
      .where('entity_type' as never, '=', 'procedure_import' as never)
      .execute();
    expect(audit).toHaveLength(1);
    const outbox = await t.database.db
      .selectFrom('platform.outbox' as never)
      .select(['type'] as never[])
      .where('type' as never, '=', 'procedures.imported' as never)
      .execute();
    expect(outbox).toHaveLength(1);
  });

  it('a second import changes nothing', async () => {
    const tables = ['catalog.procedure', 'catalog.procedure_index', 'platform.audit_log', 'platform.outbox'];
    const before = await Promise.all(tables.map((x) => countRows(t.database, x)));
    const again = await importProcedures(t.app.tinhso.apis.catalog as CatalogApi, seed, dir());
    expect(again.changed).toBe(false);
    expect(again.procedures).toMatchObject({ inserted: 0, updated: 0, superseded: 0, unchanged: 43, stored: 43 });
    expect(again.index).toMatchObject({ inserted: 0, updated: 0, stored: 2_642 });
    expect(await Promise.all(tables.map((x) => countRows(t.database, x)))).toEqual(before);
  });
});

describe('GET /api/v1/catalog/procedures', () => {
  it('lists the 43 current procedures', async () => {
    const res = await get('/api/v1/catalog/procedures?limit=100');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(43);
    expect(res.body.items).toHaveLength(43);
  });

  it('ranks the right procedure first, with or without diacritics', async () => {
    expect((await top('dang ky khai sinh'))[0]?.code).toBe('1.001193');
    expect((await top('Đăng ký khai sinh'))[0]?.code).toBe('1.001193');
    expect((await top('ly lich tu phap'))[0]?.code).toBe('3.000333');
    const gpxd = await top('giấy phép xây dựng');
    expect(['1.013225', '1.013226', '1.013227', '1.013228', '1.013229', '1.013236']).toContain(gpxd[0]?.code);
    expect(gpxd.slice(0, 5).every((p) => p.code.startsWith('1.0132'))).toBe(true);
  });

  it('tolerates typos', async () => {
    const hits = await top('dang ki khai sin');
    expect(hits[0]?.code).toBe('1.001193');
    expect((await top('ly lich tu phapp'))[0]?.code).toBe('3.000333');
  });

  it('scores are ranked and bounded', async () => {
    const hits = await top('dang ky khai sinh');
    const scores = hits.map((h) => h.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scores.every((s) => s > 0 && s <= 1)).toBe(true);
  });

  it('filters by sector and level', async () => {
    const hoTich = await get(`/api/v1/catalog/procedures?sector=${encodeURIComponent('Hộ tịch')}&limit=100`);
    expect(hoTich.status).toBe(200);
    expect(hoTich.body.total).toBeGreaterThan(5);
    expect(hoTich.body.items.every((p: { sector: string }) => p.sector === 'Hộ tịch')).toBe(true);
    const khaiSinh = await get(`/api/v1/catalog/procedures?q=khai+sinh&sector=${encodeURIComponent('Chứng thực')}`);
    expect(khaiSinh.body.items.map((p: { code: string }) => p.code)).not.toContain('1.001193');
    const province = await get('/api/v1/catalog/procedures?level=province&limit=100');
    expect(province.body.items.map((p: { code: string }) => p.code)).toContain('3.000333');
    expect(province.body.items.every((p: { levels: string[] }) => p.levels.includes('province'))).toBe(true);
  });

  it('rejects a bad limit or an unknown parameter with problem+json', async () => {
    for (const url of [
      '/api/v1/catalog/procedures?limit=0',
      '/api/v1/catalog/procedures?limit=abc',
      '/api/v1/catalog/procedures?foo=1',
      '/api/v1/catalog/procedure-index?limit=1000',
    ]) {
      const res = await get(url);
      expect(res.status, url).toBe(400);
      expect(res.type).toContain('application/problem+json');
    }
  });
});

describe('GET /api/v1/catalog/procedures/:code', () => {
  it('shows the current version with parsed fields, raw text and flags', async () => {
    const res = await get('/api/v1/catalog/procedures/1.001193');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code: '1.001193', name: 'Thủ tục đăng ký khai sinh', sector: 'Hộ tịch' });
    expect(res.body.versionTo).toBeNull();
    expect(res.body.record.nationalCode.value).toBe('1.001193');
    expect(res.body.record.name.raw).toContain('đăng ký khai sinh');
    expect(res.body.rawText).toContain('Thủ tục đăng ký khai sinh');
    expect(res.body.flags.length).toBe(res.body.flagCount);
    expect(res.body.flagCount).toBe(first.flags.byCode['1.001193']);
    for (const f of res.body.flags) expect(f).toMatchObject({ field: expect.any(String), reason: expect.any(String) });
  });

  it('answers 404 problem+json for an unknown code', async () => {
    const res = await get('/api/v1/catalog/procedures/9.999999');
    expect(res.status).toBe(404);
    expect(res.type).toContain('application/problem+json');
    expect(res.body.code).toBe('PROCEDURE_NOT_FOUND');
  });

  it('answers the version in force on a date: none before the import date', async () => {
    // The import date is a date in Vietnam (UTC+7), not the UTC date: they differ 17:00–24:00 UTC.
    const today = vnDate(t.app.tinhso.clock.now());
    expect((await get(`/api/v1/catalog/procedures/1.001193?on=${today}`)).status).toBe(200);
    const before = await get('/api/v1/catalog/procedures/1.001193?on=2020-01-01');
    expect(before.status).toBe(404);
    expect(before.body.detail).toContain('2020-01-01');
    expect((await get('/api/v1/catalog/procedures/1.001193?on=hom-qua')).status).toBe(400);
  });
});

describe('GET /api/v1/catalog/sectors', () => {
  it('lists the sectors named by the procedures and the index, with counts that add up', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/catalog/sectors' });
    expect(res.statusCode).toBe(200);
    const { items, total } = res.json();
    expect(total).toBe(items.length);
    expect(total).toBeGreaterThan(20);
    const sum = (k: 'procedures' | 'indexed') => items.reduce((n: number, s: Record<string, number>) => n + s[k]!, 0);
    expect(sum('procedures')).toBe(43);
    expect(sum('indexed')).toBe(2_642);
    expect(items.map((s: { name: string }) => s.name)).toContain('Hộ tịch');
  });
});

describe('GET /api/v1/catalog/procedure-index', () => {
  it('counts the national index and searches it the same way', async () => {
    expect((await get('/api/v1/catalog/procedure-index?limit=1')).body.total).toBe(2_642);
    const res = await get('/api/v1/catalog/procedure-index?q=ly+lich+tu+phap&limit=5');
    expect(res.status).toBe(200);
    expect(res.body.items[0].name.toLowerCase()).toContain('lý lịch tư pháp');
    const typo = await get('/api/v1/catalog/procedure-index?q=dang+ki+khai+sin&limit=5');
    expect(typo.body.items[0].name.toLowerCase()).toContain('khai sinh');
  });
});
