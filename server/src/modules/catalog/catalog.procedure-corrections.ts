/**
 * Corrections of an imported procedure by a province administrator (issue 7, "Administration").
 *
 * The importer never invents a value: what it could not read is null and flagged (procedure-import).
 * An administrator fixes such a field by giving the value *and where it comes from* (the deciding
 * act, the provincial council's resolution…); both are kept in the record's correction log and in
 * the audit record. Only fields an administrator may establish from the published acts can be set
 * here — the flagged ones and the operational ones a dossier depends on (time limits, fees and their
 * kind, dossier components, results, legal basis, competent/implementing agency, receiving address,
 * conditions, online-service level). Identity fields (code, name, sector) and the crawled text are
 * never edited. Pure: no database.
 */
import type { FieldError } from '../../platform/errors/index.ts';
import type { Flag, ProcedureRecord } from './procedure-import/index.ts';

export interface CorrectionInput {
  /** Path of the field as the flags name it, e.g. `channels[0].fees[1].amountVnd`. */
  field: string;
  value: unknown;
}

/** One entry of the correction log kept in the procedure's data. */
export interface CorrectionLogEntry {
  field: string;
  before: unknown;
  after: unknown;
  reason: string;
  source: string;
  by: { id: string; name: string | null };
  at: string;
  effectiveFrom: string;
}

type Kind =
  | 'text'
  | 'textList'
  | 'levels'
  | 'onlineService'
  | 'results'
  | 'legalActs'
  | 'actNumber'
  | 'date'
  | 'duration'
  | 'amount'
  | 'feeKind'
  | 'requirement'
  | 'quantity';

/** Fields an administrator may correct, by path shape; `field` = the value sits in a Field<T>'s `value`. */
const RULES: readonly { re: RegExp; kind: Kind; field: boolean; label: string }[] = [
  {
    re: /^(?:decisionNumber|procedureType|competentAgency|implementingAgency|receivingAddress|steps)$/,
    kind: 'text',
    field: true,
    label: 'văn bản',
  },
  { re: /^(?:conditions|subjects)$/, kind: 'textList', field: true, label: 'danh sách' },
  { re: /^levels$/, kind: 'levels', field: true, label: 'cấp thực hiện' },
  { re: /^onlineService$/, kind: 'onlineService', field: true, label: 'mức độ dịch vụ công trực tuyến' },
  { re: /^results$/, kind: 'results', field: true, label: 'kết quả' },
  { re: /^legalBasis$/, kind: 'legalActs', field: true, label: 'căn cứ pháp lý' },
  { re: /^legalBasis\[\d+\]\.number$/, kind: 'actNumber', field: true, label: 'số hiệu văn bản' },
  { re: /^legalBasis\[\d+\]\.title$/, kind: 'text', field: true, label: 'tên văn bản' },
  { re: /^legalBasis\[\d+\]\.issuedDate$/, kind: 'date', field: false, label: 'ngày ban hành' },
  { re: /^channels\[\d+\]\.processingTimes\[\d+\]$/, kind: 'duration', field: true, label: 'thời hạn giải quyết' },
  { re: /^channels\[\d+\]\.fees\[\d+\]\.amountVnd$/, kind: 'amount', field: false, label: 'mức thu' },
  { re: /^channels\[\d+\]\.fees\[\d+\]\.kind$/, kind: 'feeKind', field: false, label: 'phí hay lệ phí' },
  {
    re: /^dossier\[\d+\]\.components\[\d+\]\.requirement$/,
    kind: 'requirement',
    field: true,
    label: 'tính bắt buộc của giấy tờ',
  },
  { re: /^dossier\[\d+\]\.components\[\d+\]\.quantity$/, kind: 'quantity', field: true, label: 'số lượng bản' },
];

/** Whether a path (a flag's field) can be corrected through this API. */
export function isCorrectableField(path: string): boolean {
  return RULES.some((r) => r.re.test(path));
}

function tokens(path: string): (string | number)[] | null {
  if (!/^[a-zA-Z]+(?:\[\d+\])*(?:\.[a-zA-Z]+(?:\[\d+\])*)*$/.test(path)) return null;
  const out: (string | number)[] = [];
  for (const part of path.split('.')) {
    const m = /^([a-zA-Z]+)((?:\[\d+\])*)$/.exec(part)!;
    out.push(m[1]!);
    for (const i of m[2]!.matchAll(/\[(\d+)\]/g)) out.push(Number(i[1]));
  }
  return out;
}

const isFieldObject = (v: unknown): v is { raw: unknown; value: unknown } =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && 'raw' in v && 'value' in v;

/** The object holding the last segment of `path` (Field wrappers crossed as the flags' paths do). */
function locate(
  record: unknown,
  path: string,
): { parent: Record<string | number, unknown>; key: string | number } | null {
  const ts = tokens(path);
  if (!ts) return null;
  let cur: unknown = record;
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i]!;
    if (typeof t === 'number' && isFieldObject(cur)) cur = cur.value;
    if (cur === null || typeof cur !== 'object') return null;
    if (typeof t === 'number') {
      if (!Array.isArray(cur) || t >= cur.length) return null;
    } else if (Array.isArray(cur) || !(t in cur)) return null;
    if (i === ts.length - 1) return { parent: cur as Record<string | number, unknown>, key: t };
    cur = (cur as Record<string | number, unknown>)[t];
  }
  return null;
}

const LEVELS = ['ministry', 'province', 'district', 'commune', 'other'];
const UNITS = ['working_day', 'day', 'working_hour', 'hour', 'week', 'month', 'year'];
const REQUIREMENTS = ['required', 'conditional', 'alternative'];
// Số hiệu văn bản (Nghị định 30/2020/NĐ-CP, Phụ lục I): number, year (not for every kind), notation.
const ACT_NUMBER = /^\d{1,5}(?:\/\d{4})?\/[\p{Lu}\d]+(?:-[\p{Lu}\d]+)*$/u;
const RESULT_CODE = /^KQ\.[A-Z0-9]+\.\d+$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

function isIsoDate(s: unknown): s is string {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function text(v: unknown, max: number): string | null {
  if (typeof v !== 'string') return null;
  const t = v.normalize('NFC').replace(/\s+/g, ' ').trim();
  return t === '' || t.length > max ? null : t;
}

/** The value normalised, or a Vietnamese message saying what is expected. */
function checkValue(kind: Kind, v: unknown): { ok: true; value: unknown } | { ok: false; message: string } {
  const bad = (message: string) => ({ ok: false as const, message });
  switch (kind) {
    case 'text': {
      const t = text(v, 4000);
      return t === null ? bad('Cần nhập nội dung (không để trống, tối đa 4.000 ký tự).') : { ok: true, value: t };
    }
    case 'textList': {
      if (!Array.isArray(v) || v.length > 100) return bad('Cần một danh sách (có thể rỗng: "không có").');
      const items = v.map((x) => text(x, 2000));
      if (items.some((x) => x === null)) return bad('Mỗi dòng của danh sách phải có nội dung.');
      return { ok: true, value: items };
    }
    case 'levels':
      if (!Array.isArray(v) || v.length === 0 || !v.every((x) => LEVELS.includes(x as string)))
        return bad('Chọn ít nhất một cấp thực hiện (bộ, tỉnh, huyện, xã, khác).');
      return { ok: true, value: [...new Set(v)] };
    case 'onlineService':
      if (isObject(v) && v.scheme === 'current' && (v.scope === 'full' || v.scope === 'partial'))
        return { ok: true, value: { scheme: 'current', scope: v.scope } };
      if (isObject(v) && v.scheme === 'legacy' && (v.level === 2 || v.level === 3 || v.level === 4))
        return { ok: true, value: { scheme: 'legacy', level: v.level } };
      // "toàn trình / một phần" was Nghị định 42/2022/NĐ-CP's; Luật Chuyển đổi số 148/2025/QH15 and
      // Nghị định 224/2026/NĐ-CP (from 1 July 2026) keep the two scopes.
      return bad('Chọn "toàn trình" hoặc "một phần" (Luật Chuyển đổi số 148/2025/QH15, Nghị định 224/2026/NĐ-CP).');
    case 'results': {
      if (!Array.isArray(v) || v.length === 0 || v.length > 50) return bad('Cần ít nhất một kết quả.');
      const out: { name: string; code: string | null }[] = [];
      for (const r of v) {
        const name = isObject(r) ? text(r.name, 1000) : null;
        const code = isObject(r) && r.code !== null && r.code !== undefined && r.code !== '' ? r.code : null;
        if (name === null) return bad('Mỗi kết quả cần có tên.');
        if (code !== null && (typeof code !== 'string' || !RESULT_CODE.test(code)))
          return bad(`Mã kết quả «${String(code)}» không đúng dạng KQ.G15.000031.`);
        out.push({ name, code });
      }
      return { ok: true, value: out };
    }
    case 'legalActs': {
      if (!Array.isArray(v) || v.length === 0 || v.length > 100) return bad('Cần ít nhất một văn bản.');
      const out = [];
      for (const a of v) {
        const number = isObject(a) ? text(a.number, 60) : null;
        const title = isObject(a) ? text(a.title, 1000) : null;
        const issued = isObject(a) ? (a.issuedDate ?? null) : null;
        if (number === null || !ACT_NUMBER.test(number))
          return bad(`Số hiệu «${String(isObject(a) ? a.number : '')}» không đúng dạng (ví dụ 123/2015/NĐ-CP).`);
        if (title === null) return bad(`Văn bản ${number} cần có tên.`);
        if (issued !== null && !isIsoDate(issued)) return bad(`Ngày ban hành của văn bản ${number} không hợp lệ.`);
        out.push({
          raw: `${title} ${number}`,
          number: { raw: number, value: number },
          title: { raw: title, value: title },
          issuedDate: issued,
        });
      }
      return { ok: true, value: out };
    }
    case 'actNumber': {
      const t = text(v, 60);
      return t !== null && ACT_NUMBER.test(t)
        ? { ok: true, value: t }
        : bad('Số hiệu văn bản không đúng dạng (ví dụ 123/2015/NĐ-CP, 59/2020/QH14).');
    }
    case 'date':
      return isIsoDate(v) ? { ok: true, value: v } : bad('Ngày không hợp lệ (dạng NNNN-TT-NN).');
    case 'duration':
      if (!isObject(v) || !UNITS.includes(v.unit as string) || !isInt(v.amount, 0, 3650))
        return bad('Nhập số (0–3.650) và đơn vị (ngày làm việc, ngày, giờ làm việc, …).');
      if (v.amount === 0 && v.unit !== 'working_day')
        return bad('Thời hạn 0 chỉ dùng với "trong ngày" (ngày làm việc).');
      return { ok: true, value: { amount: v.amount, unit: v.unit } };
    case 'amount':
      return isInt(v, 0, 1_000_000_000_000)
        ? { ok: true, value: v }
        : bad('Mức thu là số đồng nguyên, không âm (0 = miễn thu).');
    case 'feeKind':
      return v === 'fee' || v === 'charge'
        ? { ok: true, value: v }
        : bad('Chọn "phí" hoặc "lệ phí" (Luật Phí và lệ phí 2015).');
    case 'requirement':
      return REQUIREMENTS.includes(v as string)
        ? { ok: true, value: v }
        : bad('Chọn bắt buộc, tùy trường hợp hoặc một trong các giấy tờ thay thế.');
    case 'quantity':
      if (!isObject(v) || !isInt(v.originals, 0, 50) || !isInt(v.copies, 0, 50))
        return bad('Số bản chính và bản sao là số nguyên từ 0 đến 50.');
      if (v.originals === 0 && v.copies === 0) return bad('Cần ít nhất một bản chính hoặc một bản sao.');
      return { ok: true, value: { originals: v.originals, copies: v.copies } };
  }
}

/** A corrected path clears the flags on it and on everything inside it. */
function covers(path: string, flagField: string): boolean {
  return flagField === path || flagField.startsWith(`${path}.`) || flagField.startsWith(`${path}[`);
}

export interface CorrectionResult {
  record: ProcedureRecord;
  flags: Flag[];
  /** Flags the corrections cleared. */
  cleared: Flag[];
  changes: { field: string; before: unknown; after: unknown }[];
}

/**
 * Applies corrections to a copy of `record` and recomputes its flags: a corrected field's flags
 * disappear, every other flag stays, and a flag the new values call for is added (an amount due
 * whose kind — phí or lệ phí — is still unknown). Returns field errors (JSON pointers under
 * `/body/corrections/<i>`) instead when any correction is not acceptable; then nothing applies.
 */
export function applyCorrections(
  record: ProcedureRecord,
  flags: readonly Flag[],
  corrections: readonly CorrectionInput[],
): CorrectionResult | { errors: FieldError[] } {
  const next = structuredClone(record) as ProcedureRecord;
  const errors: FieldError[] = [];
  const changes: CorrectionResult['changes'] = [];
  const seen = new Set<string>();
  corrections.forEach((c, i) => {
    const at = `/body/corrections/${i}`;
    const rule = RULES.find((r) => r.re.test(c.field));
    if (!rule) {
      errors.push({
        field: `${at}/field`,
        message: `Trường «${c.field}» không sửa được ở đây (chỉ sửa thời hạn, phí, lệ phí, thành phần hồ sơ, kết quả, căn cứ pháp lý, cơ quan, địa chỉ, điều kiện, mức độ trực tuyến).`,
      });
      return;
    }
    if (seen.has(c.field)) {
      errors.push({ field: `${at}/field`, message: `Trường «${c.field}» được sửa hai lần trong cùng một lần gửi.` });
      return;
    }
    seen.add(c.field);
    const place = locate(next, c.field);
    if (!place || (rule.field && !isFieldObject(place.parent[place.key]))) {
      errors.push({ field: `${at}/field`, message: `Thủ tục không có trường «${c.field}».` });
      return;
    }
    const checked = checkValue(rule.kind, c.value);
    if (!checked.ok) {
      errors.push({ field: `${at}/value`, message: `${checked.message} (${rule.label})` });
      return;
    }
    const holder = place.parent[place.key];
    const before = rule.field ? (holder as { value: unknown }).value : holder;
    if (rule.field) (holder as { value: unknown }).value = checked.value;
    else place.parent[place.key] = checked.value;
    changes.push({ field: c.field, before: before ?? null, after: checked.value });
  });
  if (errors.length > 0) return { errors };

  const cleared = flags.filter((f) => changes.some((c) => covers(c.field, f.field)));
  const kept = flags.filter((f) => !cleared.includes(f));
  // The importer flags an amount due whose kind is unknown (needed for receipts and accounts);
  // an amount set here calls for the same check.
  (next.channels.value ?? []).forEach((ch, ci) => {
    ch.fees.forEach((fee, fi) => {
      const path = `channels[${ci}].fees[${fi}].kind`;
      if (
        fee.amountVnd !== null &&
        fee.amountVnd > 0 &&
        fee.kind === 'unspecified' &&
        !kept.some((f) => f.field === path)
      )
        kept.push({
          field: path,
          raw: fee.raw,
          code: 'needs_review',
          reason: 'Không rõ đây là phí hay lệ phí (cần cho biên lai và hạch toán)',
        });
    });
  });
  next.flags = kept;
  return { record: next, flags: kept, cleared, changes };
}
