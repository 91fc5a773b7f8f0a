import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type AdminUnit,
  asciiFoldVietnameseName,
  createUnitLookup,
  DRAFT_CODE_CORRECTIONS,
  findUnit,
  formatDefectSummary,
  importAdminUnits,
  normalizeVietnameseName,
  PRE_REFORM_LAST_DAY,
  predecessorsOf,
  type RawUnitSources,
  REFORM_EFFECTIVE_DATE,
  readUnitSourceFiles,
  successorsOf,
  type UnitImportResult,
  type UnitLevel,
  unitsValidOn,
} from './index.ts';

// server/src/modules/catalog/unit-import → /work/shared/data/admin-units (six levels up is /work).
const DATA_DIR = fileURLToPath(new URL('../../../../../reference-data/admin-units/', import.meta.url));

let raw: RawUnitSources;
let corrected: UnitImportResult;
let uncorrected: UnitImportResult;

beforeAll(async () => {
  raw = await readUnitSourceFiles(DATA_DIR);
  uncorrected = importAdminUnits(raw, { corrections: [] });
  corrected = importAdminUnits(raw, { corrections: DRAFT_CODE_CORRECTIONS });
  console.log(formatDefectSummary(corrected.report));
});

function countLevels(units: readonly AdminUnit[]): Record<UnitLevel, number> {
  const out: Record<UnitLevel, number> = { province: 0, district: 0, commune: 0 };
  for (const u of units) out[u.level]++;
  return out;
}

function at(code: string, date: string): AdminUnit {
  const u = findUnit(corrected.units, code, date);
  if (u === undefined) throw new Error(`no unit ${code} on ${date}`);
  return u;
}

describe('admin-unit sources', () => {
  it('has the counts PROVENANCE states', () => {
    expect(countLevels(unitsValidOn(corrected.units, PRE_REFORM_LAST_DAY))).toEqual({
      province: 63,
      district: 696,
      commune: 10_035,
    });
    expect(countLevels(unitsValidOn(corrected.units, REFORM_EFFECTIVE_DATE))).toEqual({
      province: 34,
      district: 0,
      commune: 3_321,
    });
    expect(countLevels(unitsValidOn(corrected.units, '2026-07-25'))).toEqual({
      province: 34,
      district: 0,
      commune: 3_321,
    });
    expect(corrected.report.defects.filter((d) => d.kind === 'count-mismatch').map((d) => d.message)).toEqual([
      'splits.json stats.level3_count vs pre-2025 communes: data has 10035, declared 10047',
    ]);
  });

  it('keeps the identity of a unit as (code, validity): province 82', () => {
    expect(at('82', '2025-06-30')).toMatchObject({ name: 'Tiền Giang', unitType: 'Tỉnh', validTo: '2025-06-30' });
    expect(at('82', '2025-07-01')).toMatchObject({ name: 'Đồng Tháp', unitType: 'Tỉnh', validFrom: '2025-07-01' });
    expect(at('82', '2025-06-30').validFrom).toBeNull();
    // Old Đồng Tháp (87) is closed on the reform day.
    expect(findUnit(corrected.units, '87', '2025-06-30')?.name).toBe('Đồng Tháp');
    expect(findUnit(corrected.units, '87', '2025-07-01')).toBeUndefined();
  });

  it('reuses commune codes too: 00004 Trúc Bạch → Ba Đình', () => {
    expect(at('00004', '2025-06-30')).toMatchObject({ fullName: 'Phường Trúc Bạch', parentCode: '001' });
    expect(at('00004', '2025-07-01')).toMatchObject({ fullName: 'Phường Ba Đình', parentCode: '01', level: 'commune' });
  });

  it('models the April 2026 Đồng Nai change as two versions', () => {
    expect(at('75', '2026-04-29')).toMatchObject({
      fullName: 'Tỉnh Đồng Nai',
      unitType: 'Tỉnh',
      validTo: '2026-04-29',
    });
    expect(at('75', '2026-04-30')).toMatchObject({
      fullName: 'Thành phố Đồng Nai',
      unitType: 'Thành phố',
      validTo: null,
    });
    expect(at('25270', '2025-07-01')).toMatchObject({ fullName: 'Xã Lộc Ninh', unitType: 'Xã' });
    expect(at('25270', '2026-04-30')).toMatchObject({ fullName: 'Phường Lộc Ninh', unitType: 'Phường' });
    const wardsOf75 = (date: string) =>
      unitsValidOn(corrected.units, date).filter((u) => u.parentCode === '75' && u.unitType === 'Phường').length;
    expect([wardsOf75('2026-04-29'), wardsOf75('2026-04-30')]).toEqual([23, 33]);
    expect(corrected.report.defects.filter((d) => d.kind === 'post-reform-change')).toHaveLength(11);
  });

  it('looks up by index the same way', () => {
    const lookup = createUnitLookup(corrected.units);
    for (const [code, date] of [
      ['82', '2025-06-30'],
      ['82', '2025-07-01'],
      ['75', '2026-05-01'],
      ['31318', '2025-06-30'],
      ['31318', '2025-07-01'],
    ] as const) {
      expect(lookup(code, date)).toBe(findUnit(corrected.units, code, date));
    }
    expect(() => findUnit(corrected.units, '82', '01/07/2025')).toThrow(RangeError);
  });
});

describe('2025 succession mapping', () => {
  it('maps Hậu Giang communes into Cần Thơ', () => {
    // Checked by hand in the sources: Phường I, III, VII of Vị Thanh (Hậu Giang) → Phường Vị Thanh.
    const old = at('31318', PRE_REFORM_LAST_DAY);
    expect(old.fullName).toBe('Phường I');
    const district = at(old.parentCode!, PRE_REFORM_LAST_DAY);
    expect(district.fullName).toBe('Thành phố Vị Thanh');
    expect(at(district.parentCode!, PRE_REFORM_LAST_DAY).name).toBe('Hậu Giang');

    expect(successorsOf(corrected.successions, '31318')).toMatchObject([
      { newCode: '31321', newName: 'Phường Vị Thanh', kind: 'full', oldLevel: 'commune', newLevel: 'commune' },
    ]);
    expect(at('31321', REFORM_EFFECTIVE_DATE)).toMatchObject({ fullName: 'Phường Vị Thanh', parentCode: '92' });
    expect(
      predecessorsOf(corrected.successions, '31321')
        .map((s) => s.oldCode)
        .sort(),
    ).toEqual(['31318', '31321', '31330']);
    expect(successorsOf(corrected.successions, '93')).toMatchObject([
      { newCode: '92', kind: 'full', oldLevel: 'province' },
    ]);
  });

  it('keeps partial splits: Xã Phú Tân (Hậu Giang) is divided in two', () => {
    const edges = successorsOf(corrected.successions, '31379');
    expect(edges.map((e) => [e.newCode, e.newName, e.kind]).sort()).toEqual([
      ['31378', 'Xã Phú Hữu', 'partial'],
      ['31582', 'Xã Thuận Hòa', 'partial'],
    ]);
  });

  it('maps island districts without communes to special zones', () => {
    expect(successorsOf(corrected.successions, '318')).toMatchObject([
      { newCode: '11948', newName: 'Đặc khu Bạch Long Vĩ', oldLevel: 'district', kind: 'full' },
    ]);
    expect(at('11948', REFORM_EFFECTIVE_DATE)).toMatchObject({ unitType: 'Đặc khu', parentCode: '31' });
  });

  it('reports the two draft codes and offers, not silently applies, the correction', () => {
    const missing = uncorrected.report.defects.filter((d) => d.kind === 'mapping-new-code-not-in-current-list');
    expect(missing.map((d) => [d.code, d.details?.['suggestedCode'], d.resolvedBy])).toEqual([
      ['06970', '06978', undefined],
      ['23737', '23938', undefined],
    ]);
    const orphans = uncorrected.report.defects.filter((d) => d.kind === 'current-unit-without-predecessor');
    expect(orphans.map((d) => d.code)).toEqual(['06978', '23938']);
    // The correction table agrees with what the data suggests.
    expect(DRAFT_CODE_CORRECTIONS.map((c) => [c.draftCode, c.finalCode])).toEqual(
      missing.map((d) => [d.code, d.details?.['suggestedCode']]),
    );

    // Without corrections the succession keeps the draft code; with them it is rewritten and marked.
    expect(predecessorsOf(uncorrected.successions, '06970')).toHaveLength(5);
    expect(predecessorsOf(uncorrected.successions, '06978')).toHaveLength(0);
    const fixed = predecessorsOf(corrected.successions, '06978');
    expect(fixed).toHaveLength(5);
    expect(fixed.every((s) => s.correctedFrom === '06970')).toBe(true);
    expect(predecessorsOf(corrected.successions, '23938')).toMatchObject([
      { oldCode: '23938', correctedFrom: '23737', kind: 'full' },
    ]);

    // Still listed after correction, marked resolved.
    const after = corrected.report.defects.filter((d) => d.kind === 'mapping-new-code-not-in-current-list');
    expect(after.map((d) => d.resolvedBy)).toEqual([
      'correction table: 06970 → 06978',
      'correction table: 23737 → 23938',
    ]);
    expect(uncorrected.report.unresolvedErrors - corrected.report.unresolvedErrors).toBe(4);
  });

  it('refuses a correction the data does not support', () => {
    const r = importAdminUnits(raw, {
      corrections: [
        { draftCode: '06970', finalCode: '23938', fullName: 'Xã Ba Chẽ', provinceCode: '22', basis: 'test' },
      ],
    });
    expect(r.report.defects.filter((d) => d.kind === 'correction-not-applicable').map((d) => d.code)).toEqual([
      '06970',
    ]);
    expect(predecessorsOf(r.successions, '06970')).toHaveLength(5);
  });

  it('finds the other mapping problems', () => {
    const by = (kind: string) => corrected.report.defects.filter((d) => d.kind === kind);
    expect(by('pre2025-unit-not-in-mapping')).toHaveLength(0);
    expect(by('mapping-old-code-not-in-pre2025-list').map((d) => d.code)).toHaveLength(12);
    expect(by('old-name-mismatch').map((d) => d.code)).toEqual(['04117', '04136', '07540', '31246']);
    expect(by('new-name-mismatch')).toHaveLength(0);
    // An An Giang commune mapped into a Đồng Tháp commune next to its namesake: a mis-join.
    expect(by('cross-province-succession')).toMatchObject([
      { code: '30622', details: { oldProvince: '89', newProvince: '82', namesake: '30274' } },
    ]);
    expect(by('validity-inconsistent')).toHaveLength(0);
    expect(by('succession-kind-inconsistent')).toHaveLength(0);
    // About 200 names differ only in tone-mark placement or case (PROVENANCE).
    expect(by('name-equal-after-normalisation').length).toBeGreaterThan(190);
    // Source FullName "xã Bắc Sơn" is stored with the canonical unit type (reported as text-hygiene).
    expect(at('06325', REFORM_EFFECTIVE_DATE).fullName).toBe('Xã Bắc Sơn');
  });
});

// ---------------------------------------------------------------------------------------------
// Name normalisation

const TONES = ['\u0300', '\u0301', '\u0303', '\u0309', '\u0323'] as const;
const INITIALS = [
  '',
  'b',
  'c',
  'ch',
  'd',
  'đ',
  'g',
  'h',
  'kh',
  'l',
  'm',
  'n',
  'ng',
  'nh',
  'ph',
  'r',
  's',
  't',
  'th',
  'tr',
  'v',
  'x',
];

/** An open oa/oe/uy syllable in both placements: [on the second vowel "hoà", on the first "hòa"]. */
const tonePlacementPair = fc
  .tuple(fc.constantFrom(...INITIALS), fc.constantFrom('oa', 'oe', 'uy'), fc.constantFrom(...TONES))
  .map(([ini, [v1, v2], tone]) => [
    `${ini}${v1}${v2}${tone}`.normalize('NFC'),
    `${ini}${v1}${tone}${v2}`.normalize('NFC'),
  ]);

const VIET_LETTERS = [
  ...new Set(
    ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'].flatMap((v) =>
      ['', ...TONES].map((t) => `${v.normalize('NFD')}${t}`.normalize('NFC')),
    ),
  ),
  ...'bcdđghklmnpqrstvx',
];
const vietChar = fc.constantFrom(...VIET_LETTERS, ...VIET_LETTERS.map((c) => c.toUpperCase()), ' ', '  ', '\t');
const vietText = fc.array(vietChar, { maxLength: 30 }).map((cs) => cs.join(''));

function randomCase(s: string, flips: boolean[]): string {
  return [...s].map((c, i) => (flips[i % Math.max(flips.length, 1)] ? c.toUpperCase() : c)).join('');
}

describe('normalizeVietnameseName', () => {
  it('treats old and new tone placement, case, spaces and composition as equal', () => {
    const same = [
      ['Hoà', 'Hòa'],
      ['Thuỷ', 'Thủy'],
      ['Quý', 'Qúy'],
      ['Khoẻ', 'Khỏe'],
      ['  Xã  Hoà\tPhú ', 'xã hòa phú'],
      ['Xã Ea H’Leo', "Xã Ea H'Leo"],
      ['Xa\u0303 Trung Gia\u0303', 'Xã Trung Giã'],
      ['Phường Thuỵ Xuân', 'PHƯỜNG THỤY XUÂN'],
    ];
    for (const [a, b] of same) expect(normalizeVietnameseName(a!)).toBe(normalizeVietnameseName(b!));
    expect(normalizeVietnameseName('Hoà')).toBe('hòa');
    expect(normalizeVietnameseName('Qúy')).toBe('quý');
  });

  it('keeps different names different', () => {
    for (const [a, b] of [
      ['Hòa', 'Hóa'],
      ['Mường Chanh', 'Mương Chanh'],
      ['Thạnh Quới', 'Thạnh Qưới'],
      ['Ba Chẽ', 'Ba Che'],
    ]) {
      expect(normalizeVietnameseName(a!)).not.toBe(normalizeVietnameseName(b!));
    }
  });

  it('leaves correctly marked syllables alone', () => {
    for (const w of [
      'người',
      'nguyễn',
      'khuỷu',
      'giữ',
      'quốc',
      'hoàng',
      'huỳnh',
      'mùa',
      'kìa',
      'ngoài',
      'thuở',
      'gì',
    ]) {
      expect(normalizeVietnameseName(w)).toBe(w);
    }
  });

  it('is idempotent (property)', () => {
    const idempotent = (s: string) => {
      const once = normalizeVietnameseName(s);
      expect(normalizeVietnameseName(once)).toBe(once);
      const folded = asciiFoldVietnameseName(s);
      expect(asciiFoldVietnameseName(folded)).toBe(folded);
    };
    fc.assert(fc.property(vietText, idempotent), { numRuns: 500 });
    // Stray combining marks (tone on a consonant, two tones, marks before any letter).
    const marks = fc.constantFrom(...TONES, '\u0302', '\u0306', '\u031b', '\u0307');
    const messy = fc.array(fc.oneof(vietChar, marks), { maxLength: 20 }).map((cs) => cs.join(''));
    fc.assert(fc.property(messy, idempotent), { numRuns: 500 });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 20 }), idempotent), { numRuns: 500 });
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }), idempotent), { numRuns: 500 });
  });

  it('maps old and new tone placement to the same form (property)', () => {
    fc.assert(
      fc.property(
        fc.array(tonePlacementPair, { minLength: 1, maxLength: 4 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
        fc.array(fc.constantFrom(' ', '  ', '\t', '\u00a0'), { minLength: 4, maxLength: 4 }),
        (pairs, flips, gaps) => {
          const second = pairs.map((p) => p[0]).join(' ');
          const first = pairs.map((p, i) => p[1] + (gaps[i] ?? ' ')).join('');
          expect(normalizeVietnameseName(randomCase(second, flips))).toBe(normalizeVietnameseName(first));
          expect(normalizeVietnameseName(second)).toBe(pairs.map((p) => p[1]).join(' '));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('does not depend on Unicode composition or case (property)', () => {
    fc.assert(
      fc.property(vietText, (s) => {
        const key = normalizeVietnameseName(s);
        expect(normalizeVietnameseName(s.normalize('NFD'))).toBe(key);
        expect(normalizeVietnameseName(s.toUpperCase())).toBe(key);
        expect(key).toBe(key.normalize('NFC'));
      }),
      { numRuns: 500 },
    );
  });

  it('folds to ASCII for search (property)', () => {
    expect(asciiFoldVietnameseName('Đăng ký khai sinh')).toBe('dang ky khai sinh');
    expect(asciiFoldVietnameseName('Qúy')).toBe(asciiFoldVietnameseName('Quý'));
    fc.assert(
      fc.property(vietText, (s) => {
        const folded = asciiFoldVietnameseName(s);
        expect(folded).toMatch(/^[\x20-\x7e]*$/);
        expect(asciiFoldVietnameseName(normalizeVietnameseName(s))).toBe(folded);
      }),
      { numRuns: 500 },
    );
  });
});
