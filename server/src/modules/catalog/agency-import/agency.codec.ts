/**
 * Reading and writing agency lists as CSV and Excel (.xlsx).
 *
 * Two layouts are read:
 * - ours: one column per AgencyRecord field, Vietnamese headers (`Mã định danh, Tên cơ quan…`, as
 *   written by writeAgenciesCsv/Xlsx) or the English keys (`code,name,short_name…`); headers match
 *   whatever the case, diacritics, spaces or underscores; the kind is the key (`department`) or its
 *   Vietnamese label (`Sở, cơ quan chuyên môn cấp tỉnh`);
 * - the registry export (`ma_dinh_danh,ten_co_quan,in_charge`, see
 *   reference-data/agency-codes): the kind is inferred from the name, the parent derived from the
 *   code, and the file carries no dates (see REGISTRY_DEFAULT_VALIDITY).
 *
 * Nothing here throws on bad input: every problem becomes an AgencyDefect with the file row, and
 * rows with an error are left out of `records` (the service refuses the whole file if any remain).
 */
import ExcelJS from 'exceljs';
import { foldDiacritics, readCsv } from '../../../platform/text/index.ts';
import { normalizeAgencyCode, parseAgencyCode } from './agency.code.ts';
import {
  AGENCY_KIND_LABELS,
  AGENCY_KINDS,
  type AgencyDefect,
  type AgencyFileFormat,
  type AgencyKind,
  type AgencyReadResult,
  type AgencyRecord,
} from './agency.types.ts';

type Field = keyof AgencyRecord;

/** Column order of our layout, with the Vietnamese header written and the English key accepted. */
export const AGENCY_COLUMNS: readonly { field: Field; header: string; key: string; width: number }[] = [
  { field: 'code', header: 'Mã định danh', key: 'code', width: 20 },
  { field: 'name', header: 'Tên cơ quan', key: 'name', width: 60 },
  { field: 'shortName', header: 'Tên viết tắt', key: 'short_name', width: 24 },
  { field: 'kind', header: 'Loại', key: 'kind', width: 40 },
  { field: 'parentCode', header: 'Mã cơ quan cấp trên', key: 'parent_code', width: 20 },
  { field: 'unitCode', header: 'Mã đơn vị hành chính', key: 'unit_code', width: 14 },
  { field: 'validFrom', header: 'Hiệu lực từ', key: 'valid_from', width: 13 },
  { field: 'validTo', header: 'Hiệu lực đến', key: 'valid_to', width: 13 },
  { field: 'email', header: 'Thư điện tử', key: 'email', width: 30 },
  { field: 'phone', header: 'Điện thoại', key: 'phone', width: 16 },
  { field: 'address', header: 'Địa chỉ', key: 'address', width: 50 },
];

/** Other spellings people use for the same columns (matched after headerKey()). */
const HEADER_ALIASES: Readonly<Record<string, Field>> = {
  ma: 'code',
  macoquan: 'code',
  ten: 'name',
  tencoquandonvi: 'name',
  shortname: 'shortName',
  loaicoquan: 'kind',
  parentcode: 'parentCode',
  macaptren: 'parentCode',
  unitcode: 'unitCode',
  madvhc: 'unitCode',
  validfrom: 'validFrom',
  validto: 'validTo',
  email: 'email',
  thudientu: 'email',
  sodienthoai: 'phone',
  diachi: 'address',
};

/**
 * The registry export has no dates. Its rows are given the period in which such a list can have been
 * true, and a warning says so: from the issue of QCVN 102:2016/BTTTT (Thông tư 10/2016/TT-BTTTT,
 * 01/4/2016 — no code of this form existed before) to the last day before the two-level local
 * government (Nghị quyết 202/2025/QH15, 1/7/2025), after which the file's districts and merged
 * ministries no longer exist (reference-data PROVENANCE: "outdated after the 2025 mergers").
 */
export const REGISTRY_DEFAULT_VALIDITY = { validFrom: '2016-04-01', validTo: '2025-06-30' } as const;

export interface AgencyReadOptions {
  /** Validity given to registry-export rows (which carry none). */
  registryValidity?: { validFrom: string; validTo: string | null };
}

/** Header cell → comparison key: no diacritics, lower case, letters and digits only. */
export function headerKey(s: string): string {
  return foldDiacritics(s)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

const FIELD_BY_HEADER: ReadonlyMap<string, Field> = new Map<string, Field>([
  ...AGENCY_COLUMNS.flatMap((c) => [[headerKey(c.header), c.field] as const, [headerKey(c.key), c.field] as const]),
  ...Object.entries(HEADER_ALIASES),
]);

const KIND_BY_TEXT: ReadonlyMap<string, AgencyKind> = new Map<string, AgencyKind>(
  AGENCY_KINDS.flatMap((k) => [[headerKey(k), k] as const, [headerKey(AGENCY_KIND_LABELS[k]), k] as const]),
);

/** The kind for a key or a Vietnamese label (any case or diacritics), or null. */
export function parseAgencyKind(text: string): AgencyKind | null {
  return KIND_BY_TEXT.get(headerKey(text)) ?? null;
}

// ---------------------------------------------------------------------------------------------
// Kind inference for registry rows (names as agencies write them: "UBND Tỉnh …", "Sở …").

const fold = (s: string) =>
  foldDiacritics(s)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** Names that are known and deliberately classified `other` (no warning). */
const KNOWN_OTHER =
  /^(tinh uy|thanh uy|huyen uy|dang uy|hoi dong nhan dan|hdnd|cong an|bo chi huy|kho bac|ngan hang|lien doan|lien minh|hoi |cong ty|tong cong ty|vien kiem sat|toa an|bao hiem xa hoi|quy |ban quan ly|uy ban mat tran|mat tran|cuc thue|cuc thong ke|cuc hai quan|cuc thi hanh an|chi cuc thue|chi cuc thi hanh an)/;

const PUBLIC_SERVICE =
  /^(truong|benh vien|trung tam|tt |bao tang|thu vien|doan nghe thuat|vien |hoc vien|nha xuat ban|bao |tap chi|dai |toa soan|phong cong chung|van phong dang ky|van phong cong chung)/;

/**
 * Infers the kind from the name and the code. `recognised` is false when nothing matched (the
 * caller records `other` with a warning for an administrator to review).
 */
export function inferAgencyKind(name: string, code: string): { kind: AgencyKind; recognised: boolean } {
  const n = fold(name);
  const parsed = parseAgencyCode(code);
  const level = parsed.ok ? parsed.level : 0;
  const letter = parsed.ok ? parsed.levelOneCode[0] : '';
  const localWord = /\b(xa|phuong|thi tran|dac khu)\b/;
  const committee = /^(ubnd|uy ban nhan dan)\b/;

  if (level === 1 && letter === 'G')
    return { kind: n.startsWith('bo ') ? 'ministry' : 'central_agency', recognised: true };
  if (level === 1 && letter === 'H' && committee.test(n)) return { kind: 'province_committee', recognised: true };
  if (/^(trung tam phuc vu hanh chinh cong|trung tam hanh chinh cong)\b/.test(n)) {
    return { kind: localWord.test(n) ? 'commune_service_centre' : 'service_centre', recognised: true };
  }
  if (/^(ubnd|uy ban nhan dan) (xa|phuong|thi tran|dac khu)\b/.test(n))
    return { kind: 'commune_committee', recognised: true };
  if (level >= 2 && /^(ubnd|uy ban nhan dan) (huyen|quan|thi xa|thanh pho)\b/.test(n)) {
    return { kind: 'district_committee', recognised: true };
  }
  if (
    /^(van phong|vp) (ubnd|uy ban nhan dan|hdnd|hoi dong nhan dan|doan dai bieu|doan dbqh)\b.*\b(tinh|thanh pho truc thuoc)\b/.test(
      n,
    ) &&
    !/\bhuyen\b/.test(n)
  ) {
    return { kind: 'province_office', recognised: true };
  }
  if (n.startsWith('so ')) return { kind: 'department', recognised: true };
  if (/^thanh tra (tinh|thanh pho)\b/.test(n) && level === 2 && letter === 'H')
    return { kind: 'department', recognised: true };
  if (KNOWN_OTHER.test(n) || (letter === 'H' && n.startsWith('cuc '))) return { kind: 'other', recognised: true };
  if (PUBLIC_SERVICE.test(n)) return { kind: 'public_service_unit', recognised: true };
  if (/^(phong|chi cuc|vu|cuc|ban|thanh tra|van phong|vp) /.test(n)) return { kind: 'division', recognised: true };
  return { kind: 'other', recognised: false };
}

// ---------------------------------------------------------------------------------------------
// Validation of records (shared by the reader, the demo tree and anyone building records in code).

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const EMAIL = /^[^\s@"<>,;]+@[^\s@"<>,;]+\.[^\s@"<>,;.]{2,}$/;
const UNIT_CODE = /^(\d{2}|\d{3}|\d{5})$/;

export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

type Problem = Omit<AgencyDefect, 'row'>;

/** Checks one record on its own. */
export function checkAgencyRecord(r: AgencyRecord): Problem[] {
  const out: Problem[] = [];
  const err = (field: Field, value: string | null, message: string) =>
    out.push({ field, value: value ?? '', message, severity: 'error' });

  const code = parseAgencyCode(r.code);
  if (!code.ok) err('code', r.code, code.message);
  else if (code.code !== r.code)
    err('code', r.code, `Mã «${r.code}» chưa được chuẩn hoá (viết hoa, bỏ khoảng trắng): «${code.code}».`);
  if (r.name.trim() === '') err('name', r.name, 'Thiếu tên cơ quan.');
  else if (/[\u00d0\u00f0]/.test(r.name)) {
    out.push({
      field: 'name',
      value: r.name,
      message:
        'Tên có chữ «Ð/ð» (chữ Eth, U+00D0/U+00F0) thay cho chữ «Đ/đ» tiếng Việt: tìm kiếm không dấu sẽ không khớp; nên sửa tên.',
      severity: 'warning',
    });
  }
  if (!(AGENCY_KINDS as readonly string[]).includes(r.kind)) {
    err(
      'kind',
      r.kind,
      `Loại cơ quan «${r.kind}» không có trong danh mục (${AGENCY_KINDS.map((k) => AGENCY_KIND_LABELS[k]).join('; ')}).`,
    );
  }
  if (r.parentCode !== null) {
    const parent = parseAgencyCode(r.parentCode);
    if (!parent.ok) err('parentCode', r.parentCode, `Mã cơ quan cấp trên sai: ${parent.message}`);
    else if (parent.code === normalizeAgencyCode(r.code))
      err('parentCode', r.parentCode, 'Cơ quan không thể là cấp trên của chính nó.');
  }
  if (r.unitCode !== null && !UNIT_CODE.test(r.unitCode)) {
    err(
      'unitCode',
      r.unitCode,
      `Mã đơn vị hành chính «${r.unitCode}» phải gồm 2 (tỉnh), 3 (huyện, trước 2025) hoặc 5 (xã) chữ số; nếu tệp Excel đã đổi ô thành số và bỏ số 0 ở đầu, hãy định dạng cột là Văn bản.`,
    );
  }
  if (!isIsoDate(r.validFrom))
    err(
      'validFrom',
      r.validFrom,
      `Ngày hiệu lực «${r.validFrom}» không hợp lệ: ghi theo dạng NNNN-TT-NN (ví dụ 2025-07-01).`,
    );
  if (r.validTo !== null) {
    if (!isIsoDate(r.validTo))
      err('validTo', r.validTo, `Ngày hết hiệu lực «${r.validTo}» không hợp lệ: ghi theo dạng NNNN-TT-NN.`);
    else if (isIsoDate(r.validFrom) && r.validTo < r.validFrom) {
      err('validTo', r.validTo, `Ngày hết hiệu lực ${r.validTo} trước ngày bắt đầu hiệu lực ${r.validFrom}.`);
    }
  }
  if (r.email !== null && !EMAIL.test(r.email)) err('email', r.email, `Địa chỉ thư điện tử «${r.email}» không hợp lệ.`);
  return out;
}

const overlaps = (a: AgencyRecord, b: AgencyRecord) =>
  a.validFrom <= (b.validTo ?? '9999-12-31') && b.validFrom <= (a.validTo ?? '9999-12-31');

/**
 * Checks that need the whole set: one version of a code at a time (the same code may come back in
 * another period: codes are reused), and no cycle of parents on any date.
 * Returns the indexes of records that must be dropped, with the defects.
 */
export function checkAgencySet(
  records: readonly AgencyRecord[],
  rows: readonly number[],
): { defects: AgencyDefect[]; rejected: Set<number> } {
  const defects: AgencyDefect[] = [];
  const rejected = new Set<number>();
  const byCode = new Map<string, number[]>();
  records.forEach((r, i) => {
    const seen = byCode.get(r.code) ?? [];
    const clash = seen.find((j) => overlaps(records[j]!, r));
    if (clash !== undefined) {
      rejected.add(i);
      defects.push({
        row: rows[i] ?? 0,
        field: 'code',
        value: r.code,
        message: `Mã «${r.code}» trùng với dòng ${rows[clash] ?? '?'} trong cùng thời gian hiệu lực.`,
        severity: 'error',
      });
      return;
    }
    seen.push(i);
    byCode.set(r.code, seen);
  });
  // A cycle that exists on some date exists from the latest start date among its members, so
  // walking up from every record on its own start date finds every cycle.
  const versionOn = (code: string, date: string): number | undefined =>
    byCode
      .get(code)
      ?.find((j) => !rejected.has(j) && records[j]!.validFrom <= date && date <= (records[j]!.validTo ?? '9999-12-31'));
  const inCycle = new Set<number>();
  records.forEach((r, i) => {
    if (rejected.has(i) || inCycle.has(i)) return;
    const path: number[] = [i];
    let cur: number | undefined = i;
    while (cur !== undefined) {
      const parent: string | null = records[cur]!.parentCode;
      if (parent === null) break;
      const next = versionOn(parent, r.validFrom);
      if (next === undefined) break;
      const at = path.indexOf(next);
      if (at >= 0) {
        const cycle = path.slice(at);
        const codes = cycle.map((j) => records[j]!.code).join(' → ');
        for (const j of cycle) {
          if (inCycle.has(j)) continue;
          inCycle.add(j);
          defects.push({
            row: rows[j] ?? 0,
            field: 'parentCode',
            value: records[j]!.parentCode ?? '',
            message: `Vòng lặp cơ quan cấp trên vào ngày ${r.validFrom}: ${codes} → ${records[next]!.code}.`,
            severity: 'error',
          });
        }
        break;
      }
      if (path.length > records.length) break;
      path.push(next);
      cur = next;
    }
  });
  for (const j of inCycle) rejected.add(j);
  return { defects, rejected };
}

/** Every defect of a set of records (rows default to spreadsheet rows: record i on row i + 2). */
export function validateAgencyRecords(records: readonly AgencyRecord[], rows?: readonly number[]): AgencyDefect[] {
  const rowOf = rows ?? records.map((_, i) => i + 2);
  const defects: AgencyDefect[] = records.flatMap((r, i) =>
    checkAgencyRecord(r).map((p) => ({ row: rowOf[i] ?? 0, ...p })),
  );
  return [...defects, ...checkAgencySet(records, rowOf).defects];
}

// ---------------------------------------------------------------------------------------------
// Reading.

interface Table {
  header: string[];
  headerRow: number;
  rows: { row: number; cells: string[] }[];
}

const fileDefect = (message: string, value = ''): AgencyDefect => ({
  row: 0,
  field: 'file',
  value,
  message,
  severity: 'error',
});

/**
 * Spreadsheet programs run cells that start with = + - @ as formulas; written CSV cells that start
 * so are prefixed with an apostrophe (OWASP "CSV injection"), and one apostrophe is removed again on
 * reading. Values that already start with apostrophes before such a character get one more, so the
 * mapping is reversible.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;
const escapeFormula = (s: string) => (FORMULA_START.test(s) ? `'${s}` : s);
const unescapeFormula = (s: string) => (/^'+[=+\-@\t\r]/.test(s) ? s.slice(1) : s);

function detectDelimiter(text: string): ',' | ';' | '\t' {
  const firstLine = (text.startsWith('\ufeff') ? text.slice(1) : text).split(/\r?\n/, 1)[0] ?? '';
  const outside = firstLine.replace(/"[^"]*"/g, '');
  const counts = ([',', ';', '\t'] as const).map((d) => [d, outside.split(d).length - 1] as const);
  const best = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
  return best[1] > 0 ? best[0] : ',';
}

function tableFromCsv(text: string): Table | AgencyDefect {
  let records: { line: number; fields: string[] }[];
  try {
    records = readCsv(text, { delimiter: detectDelimiter(text) }).records;
  } catch (e) {
    return fileDefect(`Tệp CSV hỏng: có ô mở dấu ngoặc kép mà không đóng (${(e as Error).message}).`);
  }
  const nonEmpty = records.filter((r) => r.fields.some((f) => f.trim() !== ''));
  const [head, ...rest] = nonEmpty;
  if (!head) return fileDefect('Tệp rỗng: không có dòng tiêu đề và không có dòng dữ liệu.');
  return {
    header: head.fields.map((f) => f.trim()),
    headerRow: head.line,
    rows: rest.map((r) => ({ row: r.line, cells: r.fields.map((f) => unescapeFormula(f.trim())) })),
  };
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((t) => t.text).join('');
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('result' in v) return cellText((v as { result?: ExcelJS.CellValue }).result ?? null);
    if ('error' in v) return '';
  }
  return String(v);
}

async function tableFromXlsx(bytes: Uint8Array): Promise<Table | AgencyDefect> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer,
    );
  } catch (e) {
    return fileDefect(
      `Không đọc được tệp Excel (.xlsx): ${(e as Error).message}. Hãy mở và lưu lại tệp bằng Excel hoặc xuất ra CSV.`,
    );
  }
  const sheet = workbook.worksheets.find((ws) => ws.actualRowCount > 0);
  if (!sheet) return fileDefect('Tệp Excel rỗng: không trang tính nào có dữ liệu.');
  const lines: { row: number; cells: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value).trim());
    if (cells.some((c) => c !== '')) lines.push({ row: rowNumber, cells });
  });
  const [head, ...rest] = lines;
  if (!head) return fileDefect('Tệp Excel rỗng: không có dòng tiêu đề.');
  return { header: head.cells, headerRow: head.row, rows: rest };
}

const blankToNull = (s: string | undefined): string | null => {
  const t = (s ?? '').trim();
  return t === '' ? null : t;
};

/** `dd/mm/yyyy` (how Vietnamese users type dates) → ISO; anything else is left for validation. */
function isoFromCell(s: string): string {
  const t = s.trim();
  const vn = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  if (vn) return `${vn[3]}-${vn[2]!.padStart(2, '0')}-${vn[1]!.padStart(2, '0')}`;
  return t;
}

function recordsFromTable(table: Table, container: 'csv' | 'xlsx', options: AgencyReadOptions): AgencyReadResult {
  const defects: AgencyDefect[] = [];
  const columnOf = new Map<Field, number>();
  const keys = table.header.map(headerKey);
  keys.forEach((k, i) => {
    const field = FIELD_BY_HEADER.get(k);
    if (field && !columnOf.has(field)) columnOf.set(field, i);
    else if (k !== '' && k !== 'incharge') {
      defects.push({
        row: table.headerRow,
        field: 'file',
        value: table.header[i] ?? '',
        message: field
          ? `Cột «${table.header[i]}» lặp lại; chỉ dùng cột đầu tiên.`
          : `Cột «${table.header[i]}» không thuộc danh mục cơ quan; bỏ qua.`,
        severity: 'warning',
      });
    }
  });
  if (!columnOf.has('code') || !columnOf.has('name')) {
    return {
      records: [],
      rows: [],
      format: 'unknown',
      defects: [
        {
          row: table.headerRow,
          field: 'file',
          value: table.header.join(', '),
          message: `Không nhận ra dòng tiêu đề: cần ít nhất các cột «Mã định danh» và «Tên cơ quan» (hoặc code, name; hoặc ma_dinh_danh, ten_co_quan của tệp xuất từ danh mục mã định danh). Các cột có thể có: ${AGENCY_COLUMNS.map((c) => c.header).join(', ')}.`,
          severity: 'error',
        },
      ],
    };
  }
  const registry = keys.includes('incharge') || (!columnOf.has('validFrom') && !columnOf.has('kind'));
  const format: AgencyFileFormat = registry ? (`registry-${container}` as const) : container;
  const validity = options.registryValidity ?? REGISTRY_DEFAULT_VALIDITY;
  if (registry) {
    defects.push({
      row: table.headerRow,
      field: 'validFrom',
      value: `${validity.validFrom}..${validity.validTo ?? ''}`,
      message: `Tệp xuất từ danh mục mã định danh không ghi ngày hiệu lực: các dòng được ghi hiệu lực từ ${validity.validFrom}${validity.validTo ? ` đến ${validity.validTo}` : ''}; loại cơ quan suy ra từ tên và cơ quan cấp trên suy ra từ mã — cần kiểm tra lại.`,
      severity: 'warning',
    });
  } else if (!columnOf.has('validFrom')) {
    return {
      records: [],
      rows: [],
      format,
      defects: [
        ...defects,
        {
          row: table.headerRow,
          field: 'validFrom',
          value: '',
          message: 'Thiếu cột «Hiệu lực từ» (valid_from).',
          severity: 'error',
        },
      ],
    };
  }

  const candidates: AgencyRecord[] = [];
  const candidateRows: number[] = [];
  const rowProblems: AgencyDefect[][] = [];
  for (const { row, cells } of table.rows) {
    const get = (f: Field) => {
      const i = columnOf.get(f);
      return i === undefined ? '' : (cells[i] ?? '').trim();
    };
    const problems: AgencyDefect[] = [];
    const code = normalizeAgencyCode(get('code'));
    const name = registry ? get('name').replace(/\s+/g, ' ') : get('name');
    let record: AgencyRecord;
    if (registry) {
      const parsed = parseAgencyCode(code);
      const inferred = inferAgencyKind(name, code);
      if (!inferred.recognised) {
        problems.push({
          row,
          field: 'kind',
          value: name,
          message: `Không suy ra được loại cơ quan từ tên «${name}»; ghi là «${AGENCY_KIND_LABELS.other}», cần xem lại.`,
          severity: 'warning',
        });
      }
      record = {
        code,
        name,
        shortName: null,
        kind: inferred.kind,
        parentCode: parsed.ok ? parsed.parentCode : null,
        unitCode: null,
        validFrom: validity.validFrom,
        validTo: validity.validTo,
        email: null,
        phone: null,
        address: null,
      };
    } else {
      const kindText = get('kind');
      let kind: string = kindText;
      if (kindText === '') {
        const inferred = inferAgencyKind(name, code);
        kind = inferred.kind;
        problems.push({
          row,
          field: 'kind',
          value: '',
          message: inferred.recognised
            ? `Thiếu loại cơ quan; suy ra từ tên: «${AGENCY_KIND_LABELS[inferred.kind]}».`
            : `Thiếu loại cơ quan và không suy ra được từ tên; ghi là «${AGENCY_KIND_LABELS.other}», cần xem lại.`,
          severity: 'warning',
        });
      } else {
        kind = parseAgencyKind(kindText) ?? kindText;
      }
      const parent = blankToNull(get('parentCode'));
      const validTo = blankToNull(get('validTo'));
      const email = blankToNull(get('email'));
      record = {
        code,
        name,
        shortName: blankToNull(get('shortName')),
        kind: kind as AgencyKind,
        parentCode: parent === null ? null : normalizeAgencyCode(parent),
        unitCode: blankToNull(get('unitCode')),
        validFrom: isoFromCell(get('validFrom')),
        validTo: validTo === null ? null : isoFromCell(validTo),
        email,
        phone: blankToNull(get('phone')),
        address: blankToNull(get('address')),
      };
    }
    problems.push(...checkAgencyRecord(record).map((p) => ({ row, ...p })));
    candidates.push(record);
    candidateRows.push(row);
    rowProblems.push(problems);
  }

  // Rows with an error are dropped before the set checks, so a bad row cannot hide a good one.
  const kept: number[] = [];
  candidates.forEach((_, i) => {
    defects.push(...rowProblems[i]!);
    if (!rowProblems[i]!.some((d) => d.severity === 'error')) kept.push(i);
  });
  const keptRecords = kept.map((i) => candidates[i]!);
  const keptRows = kept.map((i) => candidateRows[i]!);
  const set = checkAgencySet(keptRecords, keptRows);
  defects.push(...set.defects);
  const records: AgencyRecord[] = [];
  const rows: number[] = [];
  keptRecords.forEach((r, i) => {
    if (set.rejected.has(i)) return;
    records.push(r);
    rows.push(keptRows[i]!);
  });
  if (table.rows.length === 0) {
    defects.push({
      row: table.headerRow,
      field: 'file',
      value: '',
      message: 'Tệp chỉ có dòng tiêu đề, không có cơ quan nào.',
      severity: 'warning',
    });
  }
  defects.sort((a, b) => a.row - b.row);
  return { records, rows, defects, format };
}

const isZip = (b: Uint8Array) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const isOle = (b: Uint8Array) => b.length >= 4 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;

/**
 * Reads an agency list. The container is told by the bytes (a ZIP is .xlsx; the old binary .xls is
 * refused with advice) and otherwise by the extension; CSV may have a UTF-8 byte-order mark and use
 * `,` `;` or tab. Never throws for bad input: problems come back as defects (row 0 = whole file).
 */
export async function readAgencies(
  bytes: Uint8Array,
  filename: string,
  options: AgencyReadOptions = {},
): Promise<AgencyReadResult> {
  const none = (defect: AgencyDefect, format: AgencyFileFormat = 'unknown'): AgencyReadResult => ({
    records: [],
    rows: [],
    defects: [defect],
    format,
  });
  try {
    const ext = /\.([a-z0-9]+)$/i.exec(filename.trim())?.[1]?.toLowerCase() ?? '';
    if (bytes.length === 0) return none(fileDefect('Tệp rỗng (0 byte).', filename));
    if (isOle(bytes) || ext === 'xls') {
      return none(
        fileDefect('Tệp Excel 97–2003 (.xls) không được hỗ trợ: hãy lưu lại dưới dạng .xlsx hoặc CSV UTF-8.', filename),
      );
    }
    if (isZip(bytes)) {
      const table = await tableFromXlsx(bytes);
      return 'header' in table ? recordsFromTable(table, 'xlsx', options) : none(table, 'xlsx');
    }
    if (ext === 'xlsx')
      return none(fileDefect('Tệp có đuôi .xlsx nhưng không phải tệp Excel (.xlsx) hợp lệ.', filename), 'xlsx');
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return none(
        fileDefect(
          'Tệp không phải văn bản UTF-8 (có thể là mã Windows-1258/TCVN3 hoặc tệp nhị phân): hãy lưu lại dưới dạng «CSV UTF-8» hoặc .xlsx.',
          filename,
        ),
      );
    }
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for binary content on purpose
    if (/[\u0000-\u0008\u000e-\u001f]/.test(text)) {
      return none(fileDefect('Tệp chứa ký tự điều khiển: không phải tệp CSV hay Excel.', filename));
    }
    if (text.replace(/^\ufeff/, '').trim() === '')
      return none(fileDefect('Tệp rỗng: không có dòng tiêu đề và không có dòng dữ liệu.', filename), 'csv');
    const table = tableFromCsv(text);
    return 'header' in table ? recordsFromTable(table, 'csv', options) : none(table, 'csv');
  } catch (e) {
    // A library failure must still reach the administrator as a defect, not as a 500.
    return none(fileDefect(`Không đọc được tệp: ${(e as Error).message ?? String(e)}`, filename));
  }
}

// ---------------------------------------------------------------------------------------------
// Writing.

function cellsOf(r: AgencyRecord): string[] {
  return AGENCY_COLUMNS.map((c) => {
    if (c.field === 'kind') return AGENCY_KIND_LABELS[r.kind] ?? r.kind;
    return r[c.field] ?? '';
  });
}

function csvCell(s: string): string {
  const v = escapeFormula(s);
  return /[",;\r\n\t]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
}

/** CSV with a UTF-8 byte-order mark and CRLF line ends, so Excel opens Vietnamese text correctly. */
export function writeAgenciesCsv(records: readonly AgencyRecord[]): string {
  const lines = [
    AGENCY_COLUMNS.map((c) => csvCell(c.header)).join(','),
    ...records.map((r) => cellsOf(r).map(csvCell).join(',')),
  ];
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

/** Excel workbook: one sheet «Cơ quan», bold frozen header, widths, filter, text-formatted cells. */
export async function writeAgenciesXlsx(records: readonly AgencyRecord[]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'tinhso';
  const sheet = workbook.addWorksheet('Cơ quan', { views: [{ state: 'frozen', ySplit: 1 }] });
  // Text format keeps leading zeros of codes and stops Excel from turning ISO dates into numbers.
  sheet.columns = AGENCY_COLUMNS.map((c) => ({
    header: c.header,
    key: c.field,
    width: c.width,
    style: { numFmt: '@' },
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  for (const r of records) sheet.addRow(cellsOf(r));
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: AGENCY_COLUMNS.length } };
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
