import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkValueMatches,
  DEFAULT_DOSSIER_CODE_PATTERN,
  deriveLookupChecks,
  formatDossierCode,
  lastFourDigits,
  parseDossierCode,
  validateDossierCodePattern,
} from './dossier.code.ts';
import { at } from './testing.ts';

describe('dossier codes (Thông tư 01/2018/TT-VPCP Art. 19)', () => {
  it('formats the default pattern with the Vietnamese date of the receipt', () => {
    expect(
      formatDossierCode(DEFAULT_DOSSIER_CODE_PATTERN, { agencyCode: '000.00.11.H53', date: '2026-03-17', seq: 42 }),
    ).toBe('000.00.11.H53-260317-0042');
    // 23:30 on 16/3 UTC is already 17/3 in Vietnam.
    expect(
      formatDossierCode(DEFAULT_DOSSIER_CODE_PATTERN, {
        agencyCode: 'H53',
        date: new Date('2026-03-16T23:30:00Z'),
        seq: 1,
      }),
    ).toBe('H53-260317-0001');
    expect(
      formatDossierCode('{agency}.{yyyy}{MM}{dd}.{seq6}', { agencyCode: 'X', date: at('2026-01-05 10:00'), seq: 7 }),
    ).toBe('X.20260105.000007');
  });

  it('rejects sequences the pattern cannot hold, bad agencies and bad days', () => {
    const f =
      (seq: number, agencyCode = 'H53', date = '2026-03-17') =>
      () =>
        formatDossierCode(DEFAULT_DOSSIER_CODE_PATTERN, { agencyCode, date, seq });
    expect(f(10_000)).toThrow(/9999/);
    expect(f(0)).toThrow(RangeError);
    expect(f(1.5)).toThrow(RangeError);
    expect(f(1, 'A-B')).toThrow(RangeError);
    expect(f(1, 'x'.repeat(36))).toThrow(RangeError);
    expect(f(1, 'H53', '2026-02-30')).toThrow(RangeError);
  });

  it('validates patterns', () => {
    expect(validateDossierCodePattern(DEFAULT_DOSSIER_CODE_PATTERN)).toEqual([]);
    expect(validateDossierCodePattern('{agency}-{yyMM}-{seq4}').length).toBeGreaterThan(0); // unknown token
    expect(validateDossierCodePattern('{agency}-{yyMMdd}')).toHaveLength(1); // no sequence
    expect(validateDossierCodePattern('{yyMMdd}-{seq4}')).toHaveLength(1); // no agency
    expect(validateDossierCodePattern('{agency}-{MM}{dd}-{seq4}')).toHaveLength(1); // no year
    expect(validateDossierCodePattern('{agency}{yyMMdd}-{seq4}')).toHaveLength(1); // agency not separated
    expect(validateDossierCodePattern('{agency} {yyMMdd}-{seq4}')).toHaveLength(1); // bad separator
    expect(() => formatDossierCode('{agency}-{seq4}', { agencyCode: 'A', date: '2026-01-01', seq: 1 })).toThrow(/ngày/);
  });

  it('parses what it formats, for any agency code, day and sequence (property)', () => {
    const patterns = [
      DEFAULT_DOSSIER_CODE_PATTERN,
      '{agency}.{yyyyMMdd}.{seq5}',
      '{agency}/{yy}/{MM}/{dd}/{seq4}',
      'HS-{agency}-{yyMMdd}{seq4}',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...patterns),
        fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._]{0,34}$/),
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-30T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 9999 }),
        (pattern, agencyCode, date, seq) => {
          const day = new Date(date.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
          const code = formatDossierCode(pattern, { agencyCode, date, seq });
          expect(parseDossierCode(pattern, code)).toEqual({ agencyCode, date: day, seq });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('parse rejects codes that do not fit', () => {
    expect(parseDossierCode(DEFAULT_DOSSIER_CODE_PATTERN, '000.00.11.H53-260317-42')).toBeNull();
    expect(parseDossierCode(DEFAULT_DOSSIER_CODE_PATTERN, '000.00.11.H53-260230-0042')).toBeNull();
    expect(parseDossierCode(DEFAULT_DOSSIER_CODE_PATTERN, '000.00.11.H53-260317-0000')).toBeNull();
    expect(parseDossierCode('{bad}', 'x')).toBeNull();
  });
});

describe('public lookup check (second factor)', () => {
  const code = '000.00.11.H53-260317-0042';
  const stored = deriveLookupChecks(code, { phone: '+84 912 345 678', idNumber: '093201001234' });

  it('matches the last four digits of the phone or of the ID number only', () => {
    expect(stored).toHaveLength(2);
    expect(stored.join('')).not.toContain('5678');
    expect(checkValueMatches(code, '5678', stored)).toBe(true);
    expect(checkValueMatches(code, ' 1234 ', stored)).toBe(true);
    expect(checkValueMatches(code, '1235', stored)).toBe(false);
    expect(checkValueMatches(code, '678', stored)).toBe(false);
    expect(checkValueMatches(code, '12345', stored)).toBe(false);
    expect(checkValueMatches(code, 'abcd', stored)).toBe(false);
    // Bound to the code: the same digits do not open another dossier.
    expect(checkValueMatches('000.00.11.H53-260317-0043', '5678', stored)).toBe(false);
    expect(checkValueMatches(code, '5678', [])).toBe(false);
    expect(checkValueMatches(code, '5678', ['zz'])).toBe(false);
  });

  it('normalises identifiers', () => {
    expect(lastFourDigits('0912.345.678')).toBe('5678');
    expect(lastFourDigits('12')).toBeNull();
    expect(lastFourDigits(null)).toBeNull();
    expect(deriveLookupChecks(code, { phone: '0912 345 678', idNumber: '000000005678' })).toHaveLength(1);
  });
});
