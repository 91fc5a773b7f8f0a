import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AGENCY_COLUMNS,
  AGENCY_KIND_LABELS,
  AGENCY_KINDS,
  type AgencyReadResult,
  type AgencyRecord,
  inferAgencyKind,
  legacyAgencyCode,
  REGISTRY_DEFAULT_VALIDITY,
  readAgencies,
  validateAgencyRecords,
  writeAgenciesCsv,
  writeAgenciesXlsx,
} from './index.ts';

const REGISTRY = fileURLToPath(
  new URL('../../../../../reference-data/agency-codes/edoc_integrator_dynamiccontact_codes.csv', import.meta.url),
);
const utf8 = (s: string) => new TextEncoder().encode(s);
const errors = (r: AgencyReadResult) => r.defects.filter((d) => d.severity === 'error');

const record = (over: Partial<AgencyRecord> = {}): AgencyRecord => ({
  code: '000.00.02.H53',
  name: 'Sở Công Thương',
  shortName: null,
  kind: 'department',
  parentCode: '000.00.00.H53',
  unitCode: '72',
  validFrom: '2020-01-01',
  validTo: null,
  email: null,
  phone: null,
  address: null,
  ...over,
});

describe('the registry export in reference-data (448 rows, QCVN 102 codes, pre-2025)', () => {
  let result: AgencyReadResult;
  beforeAll(async () => {
    result = await readAgencies(readFileSync(REGISTRY), 'edoc_integrator_dynamiccontact_codes.csv');
  });

  it('is recognised as the registry layout and dated with the documented default period', () => {
    expect(result.format).toBe('registry-csv');
    expect(result.records.every((r) => r.validFrom === REGISTRY_DEFAULT_VALIDITY.validFrom)).toBe(true);
    expect(result.records.every((r) => r.validTo === REGISTRY_DEFAULT_VALIDITY.validTo)).toBe(true);
    expect(result.defects[0]).toMatchObject({ row: 1, field: 'validFrom', severity: 'warning' });
  });

  it('reads 447 of the 448 rows: one code is malformed, and the hint names the likely intended code', () => {
    // Observed in the real file (line 309): `000.1137.H53,Phòng Y tế huyện Tân Châu` — the dot between
    // ZZ and YY is missing. Its neighbours 000.11.36.H53 and 000.11.38.H53 and the district number 37
    // (Tân Châu) suggest 000.11.37.H53, but the reader only hints and never repairs a code.
    expect(result.records).toHaveLength(447);
    expect(errors(result)).toEqual([
      expect.objectContaining({
        row: 309,
        field: 'code',
        value: '000.1137.H53',
        message: expect.stringMatching(/có thể là «000\.11\.37\.H53»/),
      }),
    ]);
    expect(result.rows).toHaveLength(447);
    expect(result.rows).not.toContain(309);
  });

  it('warns about the five school names written with the Icelandic Eth (Ð) instead of Đ, and about nothing else', () => {
    // Observed: rows 321, 346, 427, 444, 448 ("Trường THPT Lê Quý Ðôn"…): U+00D0 looks like Đ but
    // does not fold to "D", so a search for "le quy don" would miss them.
    const warnings = result.defects.filter((d) => d.severity === 'warning' && d.row > 1);
    expect(warnings.map((d) => d.row)).toEqual([321, 346, 427, 444, 448]);
    expect(warnings.every((d) => d.field === 'name' && /Ð/.test(d.value))).toBe(true);
  });

  it('infers every kind from the names (no row left as unrecognised) and derives parents present in the file', () => {
    const count = (k: string) => result.records.filter((r) => r.kind === k).length;
    expect(count('ministry')).toBe(18);
    expect(count('central_agency')).toBe(7); // NHNN, TTCP, UBDT, VPCP, BHXH VN, VOV, VTV
    expect(count('province_committee')).toBe(1);
    expect(count('department')).toBe(17); // 16 Sở + Thanh tra tỉnh
    expect(count('district_committee')).toBe(9);
    expect(count('commune_committee')).toBe(95);
    expect(count('service_centre')).toBe(1);
    expect(result.records.find((r) => r.code === '000.00.01.H53')).toMatchObject({
      kind: 'province_office',
      parentCode: '000.00.00.H53',
    });
    expect(result.records.find((r) => r.code === '000.02.01.H53')).toMatchObject({
      kind: 'service_centre',
      parentCode: '000.00.01.H53',
    });
    expect(result.records.find((r) => r.code === '000.20.30.H53')).toMatchObject({
      kind: 'commune_committee',
      parentCode: '000.00.30.H53',
    });
    // Every derived parent is itself in the file. (001.01.07.H53 "… - Chi cục TCĐLCL" derives
    // 000.01.07.H53, a different chi cục: the registry's own inconsistency, not detectable from codes.)
    const codes = new Set(result.records.map((r) => r.code));
    expect(result.records.filter((r) => r.parentCode !== null && !codes.has(r.parentCode))).toEqual([]);
    expect(result.records.filter((r) => r.parentCode === null).map((r) => r.code)).toHaveLength(26);
  });

  it('passes its own validation once read', () => {
    expect(validateAgencyRecords(result.records, result.rows).filter((d) => d.severity === 'error')).toEqual([]);
  });
});

describe('kind inference', () => {
  it.each([
    ['Bộ Tư Pháp', '000.00.00.G15', 'ministry'],
    ['Văn phòng Chính phủ', '000.00.00.G22', 'central_agency'],
    ['Ủy ban nhân dân tỉnh Nghệ An', '000.00.00.H41', 'province_committee'],
    ['Văn phòng Đoàn ĐBQH, HĐND và UBND tỉnh', '000.00.01.H41', 'province_office'],
    ['Sở Nông nghiệp và Môi trường', '000.00.06.H41', 'department'],
    ['Trung tâm Phục vụ hành chính công tỉnh', '000.01.01.H41', 'service_centre'],
    ['UBND huyện Quỳnh Lưu', '000.00.40.H41', 'district_committee'],
    ['Ủy ban nhân dân xã Quỳnh Lưu', 'H41.17000', 'commune_committee'],
    ['Trung tâm Phục vụ hành chính công phường Vinh Phú', 'H41.16000.01', 'commune_service_centre'],
    ['Chi cục Thủy lợi', '000.03.06.H41', 'division'],
    ['Phòng Tư pháp huyện Quỳnh Lưu', '000.09.40.H41', 'division'],
    ['Bệnh viện Đa khoa tỉnh', '000.01.11.H41', 'public_service_unit'],
    ['Cục thuế tỉnh Nghệ An', '000.00.60.H41', 'other'],
  ] as const)('%s → %s', (name, code, kind) => {
    expect(inferAgencyKind(name, code)).toEqual({ kind, recognised: true });
  });

  it('says when it could not recognise a name', () => {
    expect(inferAgencyKind('Nhóm công tác đặc biệt', '000.00.70.H41')).toEqual({ kind: 'other', recognised: false });
  });
});

describe('our layout', () => {
  it('accepts English keys, Vietnamese headers in any case or without diacritics, labels, `;` and a BOM', async () => {
    const english = await readAgencies(
      utf8(
        'code,name,kind,parent_code,unit_code,valid_from\n000.00.02.h53,Sở Công Thương,department,000.00.00.H53,72,2020-01-01\n',
      ),
      'a.csv',
    );
    expect(english).toMatchObject({ format: 'csv', defects: [], rows: [2] });
    expect(english.records).toEqual([record()]);

    const folded = await readAgencies(
      utf8(
        `\ufeffMA DINH DANH;ten co quan;LOẠI;Mã cơ quan cấp trên;ma don vi hanh chinh;Hieu luc tu\n000.00.02.H53;Sở Công Thương;${AGENCY_KIND_LABELS.department.toUpperCase()};000.00.00.H53;72;01/01/2020\n`,
      ),
      'b.csv',
    );
    expect(folded.defects).toEqual([]);
    expect(folded.records).toEqual([record()]);
  });

  it('reports each invalid field with its row, in Vietnamese, and keeps the good rows', async () => {
    const csv = [
      'code,name,kind,parent_code,unit_code,valid_from,valid_to,email',
      '000.00.02.H53,Sở Công Thương,department,000.00.00.H53,72,2020-01-01,,so@tayninh.gov.vn', // 2 ok
      'not-a-code,Cơ quan sai mã,department,,,2020-01-01,,', // 3
      '000.00.03.H53,,department,,,2020-01-01,,', // 4 name
      '000.00.04.H53,Sở A,bộ phận lạ,,,2020-01-01,,', // 5 kind
      '000.00.05.H53,Sở B,department,000.00.05.H53,,2020-01-01,,', // 6 self parent
      '000.00.06.H53,Sở C,department,00.00.00.H53,,2020-01-01,,', // 7 bad parent
      '000.00.07.H53,Sở D,department,,7,2020-01-01,,', // 8 unit code
      '000.00.08.H53,Sở E,department,,,2020-02-30,,', // 9 date
      '000.00.09.H53,Sở F,department,,,2020-01-01,2019-12-31,', // 10 validTo
      '000.00.10.H53,Sở G,department,,,2020-01-01,,khong-phai-email', // 11 email
      '000.00.02.H53,Sở Công Thương (trùng),department,,,2021-01-01,,', // 12 duplicate, overlapping
      '000.00.11.H53,Sở H,department,,,2020-01-01,2020-12-31,', // 13 ok
      '000.00.11.H53,Sở H (đổi tên),department,,,2021-01-01,,', // 14 ok: same code, later period
    ].join('\n');
    const r = await readAgencies(utf8(csv), 'loi.csv');
    expect(errors(r).map((d) => [d.row, d.field])).toEqual([
      [3, 'code'],
      [4, 'name'],
      [5, 'kind'],
      [6, 'parentCode'],
      [7, 'parentCode'],
      [8, 'unitCode'],
      [9, 'validFrom'],
      [10, 'validTo'],
      [11, 'email'],
      [12, 'code'],
    ]);
    expect(errors(r).find((d) => d.row === 12)?.message).toMatch(/trùng với dòng 2/);
    expect(errors(r).every((d) => /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i.test(d.message))).toBe(
      true,
    );
    expect(r.rows).toEqual([2, 13, 14]);
    expect(r.records.map((x) => x.name)).toEqual(['Sở Công Thương', 'Sở H', 'Sở H (đổi tên)']);
  });

  it('finds a cycle of parents and rejects every agency on it', async () => {
    const csv = [
      'code,name,kind,parent_code,valid_from',
      '000.00.01.H53,A,department,000.00.02.H53,2020-01-01',
      '000.00.02.H53,B,department,000.00.03.H53,2020-01-01',
      '000.00.03.H53,C,department,000.00.01.H53,2020-01-01',
      '000.00.04.H53,D,department,000.00.01.H53,2020-01-01',
    ].join('\n');
    const r = await readAgencies(utf8(csv), 'vong.csv');
    expect(errors(r).map((d) => d.row)).toEqual([2, 3, 4]);
    expect(errors(r)[0]!.message).toMatch(/Vòng lặp cơ quan cấp trên/);
    expect(r.records.map((x) => x.code)).toEqual(['000.00.04.H53']);
  });

  it('a blank kind is inferred from the name with a warning', async () => {
    const r = await readAgencies(utf8('code,name,kind,valid_from\n000.00.09.H53,Sở Nội vụ,,2020-01-01\n'), 'k.csv');
    expect(r.records[0]!.kind).toBe('department');
    expect(r.defects).toEqual([expect.objectContaining({ row: 2, field: 'kind', severity: 'warning' })]);
  });
});

describe('bad files become defects, never exceptions', () => {
  it.each([
    ['an empty file', new Uint8Array(), 'a.csv', /Tệp rỗng/],
    ['only a byte-order mark and blank lines', utf8('\ufeff\r\n\r\n'), 'a.csv', /Tệp rỗng/],
    ['a wrong header', utf8('ho_ten,ngay_sinh\nNguyễn Văn A,1990-01-01\n'), 'a.csv', /Không nhận ra dòng tiêu đề/],
    [
      'our layout without dates',
      utf8('code,name,kind\n000.00.02.H53,Sở,department\n'),
      'a.csv',
      /Thiếu cột «Hiệu lực từ»/,
    ],
    ['an unterminated quote', utf8('code,name,valid_from\n000.00.02.H53,"Sở,2020-01-01\n'), 'a.csv', /dấu ngoặc kép/],
    [
      'binary garbage',
      new Uint8Array([0x00, 0xff, 0x13, 0x37, 0x00, 0x10, 0x80, 0x81]),
      'a.csv',
      /UTF-8|ký tự điều khiển/,
    ],
    [
      'a broken .xlsx (ZIP signature, no workbook)',
      new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]),
      'a.xlsx',
      /Excel/,
    ],
    ['CSV bytes named .xlsx', utf8('code,name\n'), 'a.xlsx', /không phải tệp Excel/],
    ['an old .xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'a.xls', /97–2003/],
    ['Windows-1258 text', new Uint8Array([0x63, 0x6f, 0x64, 0x65, 0x2c, 0xd0, 0xe3]), 'a.csv', /UTF-8/],
  ])('%s', async (_what, bytes, name, message) => {
    const r = await readAgencies(bytes, name);
    expect(r.records).toEqual([]);
    expect(errors(r).length).toBeGreaterThan(0);
    expect(
      errors(r)
        .map((d) => d.message)
        .join(' '),
    ).toMatch(message);
  });

  it('property: arbitrary bytes, as CSV or as XLSX, never throw', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 300 }),
        fc.constantFrom('x.csv', 'x.xlsx', 'x', 'x.txt'),
        fc.boolean(),
        async (bytes, name, zip) => {
          const input = zip ? new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...bytes]) : bytes;
          const r = await readAgencies(input, name);
          expect(Array.isArray(r.defects)).toBe(true);
          expect(r.records.length === 0 || r.format !== 'unknown').toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Round trips.

const word = fc.constantFrom(
  'Sở',
  'Phòng',
  'Ủy ban nhân dân',
  'phường',
  'Cái Khế',
  'Hòa',
  'Hoà',
  'Đặc khu',
  'Tư pháp,',
  '"Một cửa"',
  'Chi cục; Thủy lợi',
  '=SUM(A1)',
  "'=A1",
  '+84',
  '-',
  '@x',
  'dòng\nhai',
  'A&B <c>',
);
const text = fc.array(word, { minLength: 1, maxLength: 5 }).map((ws) => ws.join(' '));
const optionalText = fc.option(text, { nil: null });
const date = fc
  .date({ min: new Date('2016-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

/** Valid record sets: distinct codes, parents chosen among earlier records (so no cycle), valid fields. */
const recordSet = fc
  .uniqueArray(
    fc
      .tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }))
      .map(([yy, zz]) => legacyAgencyCode('H99', yy === 0 && zz > 0 ? 1 : yy, zz)),
    { maxLength: 25 },
  )
  .chain((codes) =>
    fc.tuple(
      ...codes.map((code, i) =>
        fc
          .record({
            name: text,
            shortName: optionalText,
            kind: fc.constantFrom(...AGENCY_KINDS),
            parent: fc.option(fc.integer({ min: 0, max: Math.max(0, i - 1) }), { nil: null }),
            unitCode: fc.option(fc.stringMatching(/^(\d{2}|\d{3}|\d{5})$/), { nil: null }),
            from: date,
            days: fc.option(fc.integer({ min: 0, max: 4000 }), { nil: null }),
            email: fc.option(fc.constantFrom('vp@cantho.gov.vn', 'a.b+c@x.vn'), { nil: null }),
            phone: fc.option(fc.constantFrom('0292 3820 000', '+84 292 3820 000', '(0292) 38.20.000'), { nil: null }),
            address: optionalText,
          })
          .map(
            (f): AgencyRecord => ({
              code,
              name: f.name,
              shortName: f.shortName,
              kind: f.kind,
              parentCode: i > 0 && f.parent !== null ? codes[f.parent]! : null,
              unitCode: f.unitCode,
              validFrom: f.from,
              validTo:
                f.days === null
                  ? null
                  : new Date(Date.parse(`${f.from}T00:00:00Z`) + f.days * 86_400_000).toISOString().slice(0, 10),
              email: f.email,
              phone: f.phone,
              address: f.address,
            }),
          ),
      ),
    ),
  );

describe('round trips', () => {
  it('the generated sets are valid to begin with', () => {
    fc.assert(
      fc.property(recordSet, (records) => {
        expect(validateAgencyRecords(records)).toEqual([]);
      }),
      { numRuns: 50 },
    );
  });

  it('property: CSV write → read gives the same records, with a BOM and formula-safe cells', async () => {
    await fc.assert(
      fc.asyncProperty(recordSet, async (records) => {
        const csv = writeAgenciesCsv(records);
        expect(csv.startsWith('\ufeffMã định danh,Tên cơ quan,')).toBe(true);
        expect(csv).not.toMatch(/(^|,)=/m);
        const back = await readAgencies(utf8(csv), 'co-quan.csv');
        expect(back.defects).toEqual(records.length === 0 ? [expect.objectContaining({ severity: 'warning' })] : []);
        expect(back.records).toEqual(records);
        expect(back.format).toBe('csv');
      }),
      { numRuns: 100 },
    );
  });

  it('property: XLSX write → read gives the same records', async () => {
    await fc.assert(
      fc.asyncProperty(recordSet, async (records) => {
        const bytes = await writeAgenciesXlsx(records);
        const back = await readAgencies(bytes, 'co-quan.xlsx');
        expect(back.format).toBe('xlsx');
        expect(back.records).toEqual(records);
      }),
      { numRuns: 25 },
    );
  }, 120_000);

  it('reads a workbook typed by hand: real date cells, the registry layout, numbers that lost their zeros', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    ws.addRow(['Mã định danh', 'Tên cơ quan', 'Loại', 'Mã đơn vị hành chính', 'Hiệu lực từ']);
    ws.addRow(['000.00.02.H53', 'Sở Công Thương', 'department', '72', new Date(Date.UTC(2020, 0, 1))]);
    ws.addRow(['000.00.03.H53', 'Sở Y tế', 'department', 1, new Date(Date.UTC(2020, 0, 1))]);
    const r = await readAgencies(new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer), 'tay.xlsx');
    expect(r.format).toBe('xlsx');
    expect(r.records).toEqual([record({ parentCode: null })]);
    expect(errors(r)).toEqual([
      expect.objectContaining({ row: 3, field: 'unitCode', value: '1', message: expect.stringMatching(/Văn bản/) }),
    ]);

    const reg = new ExcelJS.Workbook();
    reg.addWorksheet('x').addRows([
      ['ma_dinh_danh', 'ten_co_quan', 'in_charge'],
      ['000.00.00.H53', 'UBND Tỉnh Tây Ninh', 'Tây Ninh'],
      ['000.00.02.H53', 'Sở Công Thương', 'Tây Ninh'],
    ]);
    const rr = await readAgencies(new Uint8Array((await reg.xlsx.writeBuffer()) as ArrayBuffer), 'reg.xlsx');
    expect(rr.format).toBe('registry-xlsx');
    expect(rr.records.map((x) => [x.kind, x.parentCode])).toEqual([
      ['province_committee', null],
      ['department', '000.00.00.H53'],
    ]);
  });

  it('the workbook has a bold frozen header, widths, text-formatted cells and Vietnamese kind labels', async () => {
    const bytes = await writeAgenciesXlsx([record({ unitCode: '01', kind: 'commune_service_centre' })]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('Cơ quan');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(ws.getRow(1).values).toEqual([undefined, ...AGENCY_COLUMNS.map((c) => c.header)]);
    expect(ws.getColumn(2).width).toBe(60);
    expect(ws.getRow(2).getCell(4).value).toBe('Trung tâm Phục vụ hành chính công cấp xã');
    expect(ws.getRow(2).getCell(6).value).toBe('01');
    expect(ws.getRow(2).getCell(6).numFmt).toBe('@');
  });
});
