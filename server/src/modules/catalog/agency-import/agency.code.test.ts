import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AGENCY_CODE_MAX_LENGTH,
  derivedAncestors,
  legacyAgencyCode,
  type ParsedAgencyCode,
  parseAgencyCode,
} from './index.ts';

const ok = (raw: string): ParsedAgencyCode => {
  const r = parseAgencyCode(raw);
  if (!r.ok) throw new Error(`expected ${raw} to parse: ${r.message}`);
  return r;
};
const refused = (raw: string): string => {
  const r = parseAgencyCode(raw);
  if (r.ok) throw new Error(`expected ${raw} to be refused`);
  return r.message;
};

/** A valid legacy code of a given level: non-zero parts down to that level, zeros below. */
const legacyCode = fc
  .record({
    letter: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'),
    m: fc.integer({ min: 0, max: 99 }),
    level: fc.integer({ min: 1, max: 4 }),
    yy: fc.integer({ min: 1, max: 99 }),
    zz: fc.integer({ min: 1, max: 99 }),
    vvv: fc.integer({ min: 1, max: 999 }),
  })
  .map(({ letter, m, level, yy, zz, vvv }) => ({
    code: legacyAgencyCode(
      `${letter}${String(m).padStart(2, '0')}`,
      level >= 2 ? yy : 0,
      level >= 3 ? zz : 0,
      level >= 4 ? vvv : 0,
    ),
    level,
  }));

/** A valid QĐ 20/2020 code: level-1 group then 0..n groups of [0-9A-Z], at most 35 characters. */
const qd20Code = fc
  .tuple(
    fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXY'),
    fc.integer({ min: 0, max: 99 }),
    fc.array(fc.stringMatching(/^[0-9A-Z]{1,6}$/), { maxLength: 8 }),
  )
  .map(([letter, m, groups]) => [`${letter}${String(m).padStart(2, '0')}`, ...groups].join('.'))
  .filter((c) => c.length <= AGENCY_CODE_MAX_LENGTH);

describe('the legacy QCVN 102:2016 form VVV.ZZ.YY.MXX', () => {
  it('reads the published examples and derives parents by zeroing the lowest level', () => {
    expect(ok('000.00.00.G22')).toMatchObject({ form: 'qcvn102', level: 1, levelOneCode: 'G22', parentCode: null });
    expect(ok('000.00.00.H41').segments).toEqual(['000', '00', '00', 'H41']);
    expect(ok('000.00.02.H53')).toMatchObject({ level: 2, parentCode: '000.00.00.H53' });
    expect(ok('000.03.02.H53')).toMatchObject({ level: 3, parentCode: '000.00.02.H53' });
    expect(ok('001.03.02.H53')).toMatchObject({ level: 4, parentCode: '000.03.02.H53' });
    expect(derivedAncestors('001.03.02.H53')).toEqual(['000.03.02.H53', '000.00.02.H53', '000.00.00.H53']);
  });

  it('normalises: trims and upper-cases the letter', () => {
    expect(ok('  000.00.02.h53\t').code).toBe('000.00.02.H53');
  });

  it('refuses wrong lengths, separators and broken hierarchies, in Vietnamese', () => {
    expect(refused('000.1137.H53')).toMatch(/không đúng dạng VVV\.ZZ\.YY\.MXX.*có thể là «000\.11\.37\.H53»/);
    expect(refused('0000.00.00.H53')).toMatch(/không đúng dạng/);
    expect(refused('000.00.00.H5')).toMatch(/không đúng dạng/);
    expect(refused('000.00.00.H530')).toMatch(/không đúng dạng/);
    expect(refused('000,00,00,H53')).toMatch(/dấu phẩy/);
    expect(refused('000-00-00-H53')).toMatch(/dấu gạch ngang/);
    expect(refused('000.00. 00.H53')).toMatch(/khoảng trắng/);
    expect(refused('000.01.00.H53')).toMatch(/mã cấp 3 .* mã cấp 2 \(YY\) là 00/);
    expect(refused('001.00.02.H53')).toMatch(/mã cấp 4 .* mã cấp 3 \(ZZ\) là 00/);
    expect(refused('')).toBe('Mã định danh trống.');
    expect(refused('   ')).toBe('Mã định danh trống.');
  });

  it('property: every valid code parses (whatever the case and surrounding spaces) and its parent chain reaches level 1', () => {
    fc.assert(
      fc.property(legacyCode, fc.boolean(), fc.constantFrom('', ' ', '\t', '  '), ({ code, level }, lower, pad) => {
        const parsed = ok(`${pad}${lower ? code.toLowerCase() : code}${pad}`);
        expect(parsed.code).toBe(code);
        expect(parsed.code).toHaveLength(13);
        expect(parsed.level).toBe(level);
        let current = parsed;
        let steps = 0;
        while (current.parentCode !== null) {
          const parent = ok(current.parentCode);
          expect(parent.level).toBe(current.level - 1);
          expect(parent.levelOneCode).toBe(parsed.levelOneCode);
          current = parent;
          steps++;
          expect(steps).toBeLessThanOrEqual(3);
        }
        expect(current.level).toBe(1);
        expect(steps).toBe(level - 1);
      }),
    );
  });

  it('property: a valid code with one separator replaced, or one group lengthened or shortened, is refused', () => {
    fc.assert(
      fc.property(
        legacyCode,
        fc.integer({ min: 0, max: 2 }),
        fc.constantFrom(',', '-', '/', ' ', '_', ':', ';', ''),
        ({ code }, which, sep) => {
          const groups = code.split('.');
          const joined = groups.slice(0, which + 1).join('.') + sep + groups.slice(which + 1).join('.');
          expect(parseAgencyCode(joined).ok).toBe(false);
        },
      ),
    );
    fc.assert(
      fc.property(legacyCode, fc.integer({ min: 0, max: 3 }), fc.boolean(), ({ code }, which, longer) => {
        const groups = code.split('.');
        const g = groups[which]!;
        groups[which] = longer ? `0${g}` : g.slice(1);
        const msg = refused(groups.join('.'));
        expect(msg).toMatch(/Mã/);
      }),
    );
  });
});

describe('the Quyết định 20/2020/QĐ-TTg form (level-1 group first, up to 35 characters)', () => {
  it('reads codes of any depth and derives the parent by dropping the last group', () => {
    expect(ok('H53')).toMatchObject({ form: 'qd20', level: 1, parentCode: null });
    expect(ok('h99.31117.01')).toMatchObject({
      code: 'H99.31117.01',
      level: 3,
      parentCode: 'H99.31117',
      levelOneCode: 'H99',
    });
    const longest = `G22.${'1'.repeat(AGENCY_CODE_MAX_LENGTH - 4)}`;
    expect(longest).toHaveLength(35);
    expect(ok(longest).level).toBe(2);
  });

  it('refuses empty groups, a first group that is not a level-1 code, and letters outside A–Z', () => {
    expect(refused('H53..01')).toMatch(/nhóm ký tự rỗng/);
    expect(refused('H53.01.')).toMatch(/nhóm ký tự rỗng/);
    expect(refused('Z53.01')).toMatch(/mã cấp 1 dạng MX1X2/);
    expect(refused('HA3.01')).toMatch(/mã cấp 1 dạng MX1X2/);
    expect(refused('H53.đ1')).toMatch(/chứa «Đ»/);
    expect(refused('H53.ö1')).toMatch(/chữ cái in hoa A–Z/);
  });

  it('property: generated codes parse and reach level 1 in level − 1 steps', () => {
    fc.assert(
      fc.property(qd20Code, (code) => {
        const parsed = ok(code);
        expect(derivedAncestors(code)).toHaveLength(parsed.level - 1);
        expect(derivedAncestors(code).at(-1) ?? code).toBe(parsed.levelOneCode);
      }),
    );
  });

  it('property: anything longer than 35 characters is refused, naming the limit', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 36, maxLength: 80 }).filter((s) => s.trim().length > 35),
        (s) => {
          expect(refused(s)).toMatch(/35 ký tự/);
        },
      ),
    );
  });
});

describe('any input', () => {
  it('property: never throws; accepted codes use only 0-9, A-Z and dots; refusals explain in Vietnamese', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.stringMatching(/^[0-9A-Za-z.]{0,20}$/), fc.string({ unit: 'grapheme' })),
        (s) => {
          const r = parseAgencyCode(s);
          if (r.ok) {
            expect(r.code).toMatch(/^[0-9A-Z.]{1,35}$/);
            expect(r.level).toBeGreaterThanOrEqual(1);
          } else {
            expect(r.message).toMatch(/^Mã/);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('property: letters that stay outside A–Z after upper-casing (Vietnamese, other scripts) are refused', () => {
    fc.assert(
      fc.property(legacyCode, fc.constantFrom('ă', 'â', 'đ', 'ê', 'ô', 'ơ', 'ư', 'é', 'я', 'α'), ({ code }, ch) => {
        expect(parseAgencyCode(code.slice(0, 10) + ch + code.slice(11)).ok).toBe(false);
      }),
    );
  });
});
