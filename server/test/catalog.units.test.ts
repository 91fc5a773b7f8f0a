/**
 * Effective-dated administrative units: imported once from reference-data/admin-units (with the
 * reviewed draft-code corrections), served by date, idempotent on a second import.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CatalogApi, importAdminUnits, type UnitImportReport } from '../src/modules/catalog/index.ts';
import { countRows, createTestApp, type TestApp } from './support.ts';

let t: TestApp;
let first: UnitImportReport;
const seed = { kind: 'system', id: 'test', name: 'Kiểm thử' } as const;
const dir = () => path.join(t.app.tinhso.config.referenceDataDir, 'admin-units');

beforeAll(async () => {
  t = await createTestApp();
  first = await importAdminUnits(t.app.tinhso.apis.catalog as CatalogApi, seed, dir());
}, 60_000);
afterAll(async () => {
  await t?.close();
});

async function get(url: string) {
  const res = await t.app.inject({ method: 'GET', url });
  return { status: res.statusCode, type: String(res.headers['content-type']), body: res.json() };
}

describe('import', () => {
  it('stores every unit and succession, with the corrections applied', () => {
    expect(first.units).toMatchObject({ read: 14_160, inserted: 14_160, updated: 0, stored: 14_160 });
    expect(first.successions).toMatchObject({ read: 10_667, inserted: 10_667, updated: 0, stored: 10_667 });
    expect(first.defects.replaced).toBe(true);
    expect(first.changed).toBe(true);
  });

  it('writes one audit record and one event for the whole import', async () => {
    const audit = await t.database.db
      .selectFrom('platform.audit_log' as never)
      .select(['action', 'entity_type', 'data'] as never[])
      .where('entity_type' as never, '=', 'admin_unit_import' as never)
      .execute();
    expect(audit).toHaveLength(1);
    const outbox = await t.database.db
      .selectFrom('platform.outbox' as never)
      .select(['type'] as never[])
      .where('type' as never, '=', 'admin_units.imported' as never)
      .execute();
    expect(outbox).toHaveLength(1);
  });

  it('a second import changes nothing', async () => {
    const tables = [
      'catalog.admin_unit',
      'catalog.unit_succession',
      'catalog.unit_import_defect',
      'platform.audit_log',
      'platform.outbox',
    ];
    const before = await Promise.all(tables.map((x) => countRows(t.database, x)));
    const again = await importAdminUnits(t.app.tinhso.apis.catalog as CatalogApi, seed, dir());
    expect(again.changed).toBe(false);
    expect(again.units).toMatchObject({ inserted: 0, updated: 0, stored: 14_160 });
    expect(again.successions).toMatchObject({ inserted: 0, updated: 0, stored: 10_667 });
    expect(again.defects.replaced).toBe(false);
    expect(await Promise.all(tables.map((x) => countRows(t.database, x)))).toEqual(before);
  }, 30_000);
});

describe('GET /api/v1/catalog/units', () => {
  it('counts by date: 63 provinces before the reform, 34 after, 3,321 communes today', async () => {
    expect((await get('/api/v1/catalog/units?on=2025-06-30&level=province&limit=1')).body.total).toBe(63);
    expect((await get('/api/v1/catalog/units?on=2025-06-30&level=district&limit=1')).body.total).toBe(696);
    expect((await get('/api/v1/catalog/units?on=2025-07-01&level=province&limit=1')).body.total).toBe(34);
    expect((await get('/api/v1/catalog/units?on=2025-07-01&level=district&limit=1')).body.total).toBe(0);
    const today = await get('/api/v1/catalog/units?level=commune&limit=500');
    expect(today.status).toBe(200);
    expect(today.body.total).toBe(3_321);
    expect(today.body.items).toHaveLength(500);
    const codes = today.body.items.map((u: { code: string }) => u.code);
    expect(codes).toEqual([...codes].sort());
  });

  it('code 82 is Tiền Giang on 2025-06-30 and Đồng Tháp on 2025-07-01', async () => {
    const before = await get('/api/v1/catalog/units/82?on=2025-06-30');
    expect(before.body).toMatchObject({ fullName: 'Tỉnh Tiền Giang', validTo: '2025-06-30' });
    expect(before.body.successors).toContainEqual(expect.objectContaining({ code: '82', name: 'Tỉnh Đồng Tháp' }));
    const after = await get('/api/v1/catalog/units/82?on=2025-07-01');
    expect(after.body).toMatchObject({ fullName: 'Tỉnh Đồng Tháp', validFrom: '2025-07-01', successors: [] });
    expect(after.body.predecessors.map((p: { name: string }) => p.name).sort()).toEqual([
      'Tỉnh Tiền Giang',
      'Tỉnh Đồng Tháp',
    ]);
  });

  it('a Hậu Giang commune became (part of) a commune of Cần Thơ', async () => {
    const districts = await get('/api/v1/catalog/units?on=2025-06-30&level=district&parent=93');
    expect(districts.body.total).toBeGreaterThan(0);
    const communes = await get(`/api/v1/catalog/units?on=2025-06-30&parent=${districts.body.items[0].code}&limit=1`);
    const commune = await get(`/api/v1/catalog/units/${communes.body.items[0].code}?on=2025-06-30`);
    expect(commune.body.parent.parentCode).toBe('93');
    expect(commune.body.successors.length).toBeGreaterThan(0);
    for (const s of commune.body.successors) {
      const next = await get(`/api/v1/catalog/units/${s.code}?on=2025-07-01`);
      expect(next.body.parentCode).toBe('92');
      expect(next.body.parent.fullName).toBe('Thành phố Cần Thơ');
      expect(next.body.predecessors.map((p: { code: string }) => p.code)).toContain(commune.body.code);
    }
  });

  it('successors: every commune of 2025-06-30 reaches at least one unit valid today', async () => {
    const old = await get('/api/v1/catalog/units?on=2025-06-30&level=commune&limit=500&offset=0');
    expect(old.body.total).toBe(10_035);
    // A sample spread over the whole list (the full walk is covered by the import's own check).
    const total = old.body.total as number;
    for (let i = 0; i < 40; i++) {
      const offset = Math.floor((i * total) / 40);
      const page = await get(`/api/v1/catalog/units?on=2025-06-30&level=commune&limit=1&offset=${offset}`);
      const code = page.body.items[0].code as string;
      const r = await get(`/api/v1/catalog/units/${code}/successors?on=2025-06-30&at=2026-11-23`);
      expect(r.status, code).toBe(200);
      expect(r.body.items.length, code).toBeGreaterThan(0);
      for (const s of r.body.items) {
        const now = await get(`/api/v1/catalog/units/${s.code}?on=2026-11-23`);
        expect(now.status, `${code} → ${s.code}`).toBe(200);
        expect(s.path[0]).toBe(code);
      }
    }
  });

  it('successors of a unit still valid is itself; of an unknown code, 404', async () => {
    const r = await get('/api/v1/catalog/units/92/successors?on=2026-11-23');
    expect(r.body.items).toEqual([expect.objectContaining({ code: '92', path: ['92'] })]);
    expect((await get('/api/v1/catalog/units/99999/successors?on=2025-06-30')).status).toBe(404);
  });

  it('q ignores diacritics: "vi thanh" finds Phường Vị Thanh', async () => {
    const res = await get('/api/v1/catalog/units?q=vi%20thanh&level=commune');
    expect(res.body.items.map((u: { fullName: string }) => u.fullName)).toContain('Phường Vị Thanh');
    const withMarks = await get(`/api/v1/catalog/units?q=${encodeURIComponent('Vị Thanh')}&level=commune`);
    expect(withMarks.body.total).toBe(res.body.total);
  });

  it('bad input → 400 problem+json in Vietnamese', async () => {
    for (const url of [
      '/api/v1/catalog/units?on=2025-13-01',
      '/api/v1/catalog/units?on=hôm-nay',
      '/api/v1/catalog/units?limit=501',
      '/api/v1/catalog/units?level=huyen',
      '/api/v1/catalog/units?foo=1',
      '/api/v1/catalog/units/82?on=30-06-2025',
    ]) {
      const res = await get(url);
      expect(res.status, url).toBe(400);
      expect(res.type).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
  });

  it('unknown code or a code not valid on that day → 404 UNIT_NOT_FOUND', async () => {
    for (const url of ['/api/v1/catalog/units/99999', '/api/v1/catalog/units/93']) {
      const res = await get(url);
      expect(res.status).toBe(404);
      expect(res.type).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('UNIT_NOT_FOUND');
      expect(res.body.title).toBe('Không tìm thấy đơn vị hành chính');
    }
    expect((await get('/api/v1/catalog/units/93?on=2025-06-30')).body.fullName).toBe('Tỉnh Hậu Giang');
  });
});

describe('GET /api/v1/catalog/units/import-defects', () => {
  it('lists the draft-code corrections as resolved, and what is left unresolved', async () => {
    const res = await get('/api/v1/catalog/units/import-defects');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(res.body.items.length);
    const drafts = res.body.items.filter((d: { kind: string }) => d.kind === 'mapping-new-code-not-in-current-list');
    expect(drafts.map((d: { code: string; resolvedBy: string }) => [d.code, d.resolvedBy])).toEqual([
      ['06970', 'correction table: 06970 → 06978'],
      ['23737', 'correction table: 23737 → 23938'],
    ]);
    expect(res.body.unresolvedErrors).toBe(
      res.body.items.filter((d: { severity: string; resolvedBy: unknown }) => d.severity === 'error' && !d.resolvedBy)
        .length,
    );
    const iaMo = await get('/api/v1/catalog/units/23938?on=2025-07-01');
    expect(iaMo.body.predecessors.every((p: { correctedFrom: string }) => p.correctedFrom === '23737')).toBe(true);
    expect(iaMo.body.predecessors.length).toBeGreaterThan(0);
  });
});
