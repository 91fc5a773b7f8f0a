/**
 * Agencies through the HTTP API: the registry file and the demo tree imported, the tree on a date,
 * search without diacritics, CSV/Excel export that imports back unchanged, refusals that write nothing.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CatalogApi, importAdminUnits } from '../src/modules/catalog/index.ts';
import { adminHeaders, countRows, createTestApp, type TestApp } from './support.ts';

let t: TestApp;
let api: CatalogApi;
const seed = { kind: 'system', id: 'test', name: 'Kiểm thử' } as const;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const registryFile = () =>
  path.join(t.app.tinhso.config.referenceDataDir, 'agency-codes', 'edoc_integrator_dynamiccontact_codes.csv');

beforeAll(async () => {
  t = await createTestApp();
  api = t.app.tinhso.apis.catalog as CatalogApi;
  await importAdminUnits(api, seed, path.join(t.app.tinhso.config.referenceDataDir, 'admin-units'));
}, 120_000);
afterAll(async () => {
  await t?.close();
});

async function get(url: string) {
  const res = await t.app.inject({ method: 'GET', url });
  return { status: res.statusCode, body: res.json() };
}

function postFile(body: Buffer | string, type: string, query = '') {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/catalog/agencies/import${query}`,
    headers: { ...adminHeaders, 'content-type': type },
    payload: body,
  });
}

describe('the registry export (QCVN 102 codes of one province, pre-2025)', () => {
  it('refuses the file as it is (one malformed code), naming the row; nothing is written', async () => {
    const res = await postFile(readFileSync(registryFile()), 'text/csv', '?filename=edoc.csv');
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([
      expect.objectContaining({
        field: expect.stringMatching(/^\/file\/row\/\d+\/code$/),
        message: expect.stringContaining('000.1137.H53'),
      }),
    ]);
    expect(await countRows(t.database, 'catalog.agency')).toBe(0);
  });

  it('with skipInvalid: a dry run reports without writing; the import stores the 447 valid rows once', async () => {
    const bytes = readFileSync(registryFile());
    const dry = await postFile(bytes, 'text/csv', '?dryRun=true&skipInvalid=true&filename=edoc.csv');
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, read: 448, inserted: 447, skipped: 1 });
    expect(await countRows(t.database, 'catalog.agency')).toBe(0);

    const res = await postFile(bytes, 'text/csv', '?skipInvalid=true&filename=edoc.csv');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ read: 448, inserted: 447, skipped: 1 });
    expect(await countRows(t.database, 'catalog.agency')).toBe(447);

    const again = await postFile(bytes, 'text/csv', '?skipInvalid=true&filename=edoc.csv');
    expect(again.json()).toMatchObject({ inserted: 0, updated: 0, unchanged: 447 });
  });

  it('derives the tree from the codes: departments under the provincial committee', async () => {
    const { body } = await get('/api/v1/catalog/agencies/000.00.02.H53?on=2024-01-01');
    expect(body).toMatchObject({ code: '000.00.02.H53', name: 'Sở Công Thương', parentCode: '000.00.00.H53' });
    expect(body.ancestors[0]).toMatchObject({ code: '000.00.00.H53' });
    const subtree = await api.agencySubtree('000.00.00.H53', '2024-01-01');
    expect(subtree[0]).toBe('000.00.00.H53');
    expect(subtree).toContain('000.00.02.H53');
    expect(subtree.length).toBeGreaterThan(50);
    expect(subtree.every((c) => c.endsWith('.H53'))).toBe(true);
  });

  it('finds agencies by name without diacritics', async () => {
    const { body } = await get('/api/v1/catalog/agencies?q=so%20cong%20thuong&on=2024-01-01');
    expect(body.items[0]).toMatchObject({ code: '000.00.02.H53' });
  });
});

describe('the demo tree of Cần Thơ', () => {
  it('has the city committee, its departments, the service centre and two agencies per commune', async () => {
    const { buildDemoAgencyTree, DEMO_PROVINCE_COMMITTEE_CODE } = await import(
      '../src/modules/catalog/agency-import/index.ts'
    );
    const communes = await api.listUnits({ level: 'commune', parent: '92', on: '2025-07-01', limit: 500 });
    expect(communes.total).toBe(103);
    const records = buildDemoAgencyTree({
      provinceCode: '92',
      provinceName: 'Cần Thơ',
      communes: communes.items.map((u) => ({ code: u.code, name: u.name, type: u.unitType })),
      validFrom: '2025-07-01',
    });
    const report = await api.importAgencyRecords(seed, records, 'demo');
    expect(report.inserted).toBe(records.length);
    const tree = await api.agencySubtree(DEMO_PROVINCE_COMMITTEE_CODE, '2026-11-23');
    expect(tree.length).toBe(records.length);
    const perCommune = await get(`/api/v1/catalog/agencies?unit=${communes.items[0]!.code}&on=2026-11-23`);
    expect(perCommune.body.total).toBe(2);
    // The demo tree did not exist before the reform.
    expect(await api.agencySubtree(DEMO_PROVINCE_COMMITTEE_CODE, '2025-06-30')).toEqual([]);
    const nested = await get(`/api/v1/catalog/agencies/${DEMO_PROVINCE_COMMITTEE_CODE}/tree?on=2026-11-23`);
    expect(nested.status).toBe(200);
    expect(nested.body.children.length).toBeGreaterThan(100);
  });
});

describe('export and import back', () => {
  it('CSV export re-imports with nothing changed', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/catalog/agencies/export?format=csv' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="co-quan-tat-ca\.csv"/);
    const before = await countRows(t.database, 'catalog.agency');
    const back = await postFile(res.body, 'text/csv', '?filename=co-quan.csv');
    expect(back.statusCode).toBe(200);
    expect(back.json()).toMatchObject({ inserted: 0, updated: 0, unchanged: before });
  });

  it('Excel export re-imports with nothing changed', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/catalog/agencies/export?format=xlsx&on=2026-11-23' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX);
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const back = await postFile(res.rawPayload, XLSX);
    expect(back.statusCode).toBe(200);
    expect(back.json().inserted).toBe(0);
    expect(back.json().updated).toBe(0);
  });
});

describe('refusals', () => {
  it('a file with a bad code or an unknown administrative unit writes nothing and names the rows', async () => {
    const before = await countRows(t.database, 'catalog.agency');
    const audit = await countRows(t.database, 'platform.audit_log');
    const csv = [
      'code,name,kind,parent_code,unit_code,valid_from',
      '000.00.90.H99,Sở Thử nghiệm,department,,,2025-07-01',
      'not-a-code,Cơ quan sai mã,department,,,2025-07-01',
      '000.00.91.H99,Phường không có,commune_committee,,99999,2025-07-01',
    ].join('\n');
    const res = await postFile(csv, 'text/csv', '?filename=loi.csv');
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    const fields = res
      .json()
      .errors.map((e: { field: string }) => e.field)
      .join(' ');
    expect(fields).toMatch(/row\/3/);
    expect(fields).toMatch(/row\/4/);
    expect(await countRows(t.database, 'catalog.agency')).toBe(before);
    expect(await countRows(t.database, 'platform.audit_log')).toBe(audit);
  });

  it('anonymous imports are refused', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/catalog/agencies/import',
      headers: { 'content-type': 'text/csv' },
      payload: 'code,name\n',
    });
    expect(res.statusCode).toBe(401);
  });

  it('an unknown agency answers 404 in Vietnamese', async () => {
    const { status, body } = await get('/api/v1/catalog/agencies/000.00.77.H99');
    expect(status).toBe(404);
    expect(body.detail).toMatch(/Không có cơ quan/);
  });
});
