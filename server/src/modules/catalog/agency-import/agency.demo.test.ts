import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AgencyRecord,
  buildDemoAgencyTree,
  DEMO_AGENCY_CODE_NOTE,
  DEMO_PROVINCE_COMMITTEE_CODE,
  DEMO_SERVICE_CENTRE_CODE,
  demoCommuneAgencyCodes,
  isDemoAgencyCode,
  parseAgencyCode,
  readAgencies,
  validateAgencyRecords,
  writeAgenciesCsv,
} from './index.ts';

// The real communes and wards of Thành phố Cần Thơ (code 92) after 1 July 2025.
const UNITS_2026 = fileURLToPath(
  new URL(
    '../../../../../reference-data/admin-units/2026/full_json_generated_data_vn_units_2026-07-25.json',
    import.meta.url,
  ),
);
interface RawProvince {
  Code: string;
  Wards: { Code: string; Name: string; AdministrativeUnitShortName: string }[];
}
const canTho = (JSON.parse(readFileSync(UNITS_2026, 'utf8')) as RawProvince[]).find((p) => p.Code === '92')!;
const communes = canTho.Wards.map((w) => ({ code: w.Code, name: w.Name, type: w.AdministrativeUnitShortName }));
const input = { provinceCode: '92', provinceName: 'Cần Thơ', communes, validFrom: '2025-07-01' };

function rootsAndDepth(records: AgencyRecord[]) {
  const byCode = new Map(records.map((r) => [r.code, r]));
  const roots = records.filter((r) => r.parentCode === null);
  const reachesRoot = records.every((r) => {
    let cur: AgencyRecord | undefined = r;
    for (let i = 0; i < 10 && cur; i++) {
      if (cur.parentCode === null) return cur.code === DEMO_PROVINCE_COMMITTEE_CODE;
      cur = byCode.get(cur.parentCode);
    }
    return false;
  });
  return { roots, reachesRoot };
}

describe('the demo tree of Thành phố Cần Thơ', () => {
  const tree = buildDemoAgencyTree(input);

  it('uses the 103 real communes and wards of the merged city', () => {
    expect(communes).toHaveLength(103);
    expect(communes.filter((c) => c.type === 'Phường')).toHaveLength(31);
  });

  it('passes the codec validation: no error, no warning', () => {
    expect(validateAgencyRecords(tree)).toEqual([]);
  });

  it('has one root, the city People\u2019s Committee, and every agency reaches it', () => {
    const { roots, reachesRoot } = rootsAndDepth(tree);
    expect(roots.map((r) => r.code)).toEqual([DEMO_PROVINCE_COMMITTEE_CODE]);
    expect(roots[0]).toMatchObject({
      name: 'Ủy ban nhân dân thành phố Cần Thơ',
      kind: 'province_committee',
      unitCode: '92',
    });
    expect(reachesRoot).toBe(true);
  });

  it('has the 2025 specialised agencies, the city service centre under the Office, and divisions of two departments', () => {
    const names = tree.filter((r) => r.kind === 'department').map((r) => r.shortName);
    expect(names).toEqual([
      'Sở Nội vụ',
      'Sở Tư pháp',
      'Sở Tài chính',
      'Sở Công Thương',
      'Sở Nông nghiệp và Môi trường',
      'Sở Xây dựng',
      'Sở Khoa học và Công nghệ',
      'Sở Văn hóa, Thể thao và Du lịch',
      'Sở Giáo dục và Đào tạo',
      'Sở Y tế',
      'Sở Dân tộc và Tôn giáo',
      'Thanh tra thành phố',
    ]);
    const office = tree.find((r) => r.kind === 'province_office')!;
    expect(office.parentCode).toBe(DEMO_PROVINCE_COMMITTEE_CODE);
    expect(tree.find((r) => r.code === DEMO_SERVICE_CENTRE_CODE)).toMatchObject({
      kind: 'service_centre',
      name: 'Trung tâm Phục vụ hành chính công thành phố Cần Thơ',
      parentCode: office.code,
    });
    const divisionParents = new Set(
      tree.filter((r) => r.kind === 'division').map((r) => tree.find((p) => p.code === r.parentCode)?.shortName),
    );
    expect([...divisionParents]).toEqual(['Sở Tư pháp', 'Sở Nông nghiệp và Môi trường']);
  });

  it('gives every commune and ward its People\u2019s Committee and its service centre, serving that unit', () => {
    for (const c of communes) {
      const mine = tree.filter((r) => r.unitCode === c.code);
      expect(mine.map((r) => r.kind)).toEqual(['commune_committee', 'commune_service_centre']);
      const codes = demoCommuneAgencyCodes(c.code);
      expect(mine[0]).toMatchObject({ code: codes.committee, parentCode: DEMO_PROVINCE_COMMITTEE_CODE });
      expect(mine[1]).toMatchObject({ code: codes.centre, parentCode: codes.committee });
      expect(mine[0]!.name).toBe(`Ủy ban nhân dân ${c.type.toLowerCase()} ${c.name}`);
    }
    expect(tree.find((r) => r.unitCode === '31120')?.name).toBe('Ủy ban nhân dân phường Cái Khế');
  });

  it('has no duplicate codes, and every code is a valid demonstration code (H99), never a registry one', () => {
    expect(new Set(tree.map((r) => r.code)).size).toBe(tree.length);
    expect(tree.every((r) => isDemoAgencyCode(r.code))).toBe(true);
    const forms = new Set(
      tree.filter((r) => r.unitCode === '92').map((r) => (parseAgencyCode(r.code) as { form: string }).form),
    );
    expect([...forms]).toEqual(['qcvn102']);
    expect(
      tree
        .filter((r) => r.unitCode !== '92')
        .every((r) => (parseAgencyCode(r.code) as { form: string }).form === 'qd20'),
    ).toBe(true);
    expect(DEMO_AGENCY_CODE_NOTE).toMatch(/mã minh họa.*không phải mã định danh được cấp/);
    // Counts: committee, office, centre, 12 agencies, 7 divisions/units, 2 per commune.
    expect(tree).toHaveLength(3 + 12 + 7 + 2 * 103);
    expect(tree.every((r) => r.validFrom === '2025-07-01' && r.validTo === null)).toBe(true);
    expect(tree.every((r) => r.email === null && r.phone === null && r.address === null)).toBe(true);
  });

  it('is deterministic: the same output for the same communes in any order', () => {
    const shuffled = [...communes].reverse();
    expect(buildDemoAgencyTree({ ...input, communes: shuffled })).toEqual(tree);
    expect(buildDemoAgencyTree(input)).toEqual(tree);
  });

  it('survives a CSV round trip unchanged', async () => {
    const back = await readAgencies(new TextEncoder().encode(writeAgenciesCsv(tree)), 'demo.csv');
    expect(back.defects).toEqual([]);
    expect(back.records).toEqual(tree);
  });

  it('property: any set of distinct 5-digit communes gives a valid tree with two agencies each', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^\d{5}$/), { maxLength: 150 }),
        fc.constantFrom('Xã', 'Phường', 'Đặc khu', ''),
        (codes, type) => {
          const t = buildDemoAgencyTree({
            ...input,
            communes: codes.map((code) => ({ code, name: `Thử ${code}`, type })),
          });
          expect(validateAgencyRecords(t)).toEqual([]);
          expect(t).toHaveLength(22 + 2 * codes.length);
          expect(rootsAndDepth(t).reachesRoot).toBe(true);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('refuses a commune code that is not 5 digits', () => {
    expect(() => demoCommuneAgencyCodes('3112')).toThrow(RangeError);
    expect(() => buildDemoAgencyTree({ ...input, communes: [{ code: 'x', name: 'Sai', type: 'Xã' }] })).toThrow(
      RangeError,
    );
  });
});
