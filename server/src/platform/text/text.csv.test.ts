import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsvRecords, readCsv, readCsvObjects } from './text.csv.ts';

describe('readCsv', () => {
  it('keeps commas, doubled quotes and line breaks inside quoted fields, and counts physical lines', () => {
    const { records, physicalLines } = readCsv('a,b,c\r\n1,"x, ""y""\nz",3\n2,,\n');
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', 'x, "y"\nz', '3'] },
      { line: 4, fields: ['2', '', ''] },
    ]);
    expect(physicalLines).toBe(4);
  });

  it('round-trips any table of strings, with either delimiter', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'đ', ',', ';', '"', '\n', ' ', '1') });
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5 }),
        fc.constantFrom(',' as const, ';' as const),
        (rows, delimiter) => {
          const text = rows.map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(delimiter)).join('\n');
          expect(readCsv(text, { delimiter }).records.map((r) => r.fields)).toEqual(rows);
        },
      ),
    );
  });

  it('drops a byte-order mark and refuses an unterminated quote', () => {
    expect(parseCsvRecords('\ufeffma;ten\n01;Hà Nội\n', { delimiter: ';' })).toEqual([{ ma: '01', ten: 'Hà Nội' }]);
    expect(() => readCsv('a,"b\n1,2')).toThrow(/unterminated/);
  });

  it('names missing required columns', () => {
    expect(() => readCsvObjects('a,b\n1,2\n', ['a', 'c'])).toThrow(/missing column\(s\) c/);
  });
});
