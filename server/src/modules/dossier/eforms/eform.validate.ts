/**
 * Validates form data against an e-form (the JSON Schema subset of eform.types.ts). Pure: no
 * network, no clock (today comes in), no compilation step. Written here rather than with ajv so
 * that every refusal names the field by the label printed on the official form, in Vietnamese,
 * at the field's JSON pointer — "Ngày sinh: phải là ngày hợp lệ dạng YYYY-MM-DD." — and so that the
 * few rules of a paper form that JSON Schema lacks (a date not after today) live beside the others.
 *
 * Two modes:
 *  - full (a dossier being submitted): every rule, `required` included;
 *  - partial (a draft being saved): the types, formats, lengths, patterns, bounds and choices of
 *    the fields present; nothing is required yet.
 * In both, a property the e-form does not have is refused (a typo must not be silently dropped),
 * and an empty or blank string counts as "not filled in" (a wizard sends cleared inputs as "");
 * `minLength` counts the characters without surrounding spaces ("  A" is not a two-letter name).
 * At most one message per field: the first rule it breaks, in the order a person would fix them.
 */
import type { FieldError } from '../../../platform/errors/index.ts';
import type { EFormField, EFormGroup, EFormMode, EFormSchema } from './eform.types.ts';

export interface ValidateOptions {
  mode: EFormMode;
  /** Today in Vietnam (YYYY-MM-DD), for `x-notAfterToday`. */
  today: string;
  /** JSON pointer of the form data in the request; errors are reported under it. */
  pointer?: string;
}

const DEFAULT_POINTER = '/formData';

/** RFC 6901: "~" → "~0", "/" → "~1" (keys sent by a client may hold either). */
export function pointerToken(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Not filled in: absent, or a string with nothing but spaces. */
export function isBlank(v: unknown): boolean {
  return v === undefined || (typeof v === 'string' && v.trim() === '');
}

/** A real calendar day written YYYY-MM-DD (2026-02-30 is not one). */
export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1 || mo < 1 || mo > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return d <= days;
}

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
/** Vietnamese numbers: mobile 0 + 9 digits, landline 0 + 10 digits, or +84 instead of the 0; spaces and dots allowed. */
const TEL = /^(\+84|0)\d{9,10}$/;

export function isEmail(s: string): boolean {
  return s.length <= 254 && EMAIL.test(s);
}

export function isTel(s: string): boolean {
  return TEL.test(s.replace(/[\s.]/g, ''));
}

const patternCache = new Map<string, RegExp>();
function regex(pattern: string): RegExp {
  let re = patternCache.get(pattern);
  if (!re) {
    re = new RegExp(pattern, 'u');
    patternCache.set(pattern, re);
  }
  return re;
}

/** Code points, as JSON Schema counts string length (an emoji is one character). */
const length = (s: string) => [...s].length;

const TYPE_MESSAGES: Record<EFormField['type'], string> = {
  string: 'phải là chuỗi ký tự',
  integer: 'phải là số nguyên',
  number: 'phải là số',
  boolean: 'phải là Có hoặc Không',
};

/** The first rule a filled-in value breaks, as "<label>: <what is wrong>." — or null. */
export function fieldProblem(field: EFormField, value: unknown, today: string): string | null {
  const label = field.title;
  const say = (what: string) => `${label}: ${what}.`;
  switch (field.type) {
    case 'string':
      if (typeof value !== 'string') return say(TYPE_MESSAGES.string);
      break;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return say(TYPE_MESSAGES.integer);
      break;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return say(TYPE_MESSAGES.number);
      break;
    case 'boolean':
      if (typeof value !== 'boolean') return say(TYPE_MESSAGES.boolean);
      break;
  }
  if (typeof value === 'string') {
    if (field.format === 'date' && !isIsoDate(value)) return say('phải là ngày hợp lệ dạng YYYY-MM-DD');
    if (field.format === 'email' && !isEmail(value))
      return say('phải là địa chỉ thư điện tử hợp lệ (ví dụ ten@example.com)');
    if (field.format === 'tel' && !isTel(value)) return say('phải là số điện thoại hợp lệ (ví dụ 0912345678)');
    if (field.minLength !== undefined && length(value.trim()) < field.minLength)
      return say(`phải có ít nhất ${field.minLength} ký tự`);
    if (field.maxLength !== undefined && length(value) > field.maxLength)
      return say(`không được dài quá ${field.maxLength} ký tự`);
    if (field.pattern !== undefined && !regex(field.pattern).test(value))
      return say(field['x-patternMessage'] ?? 'không đúng định dạng');
    if (field['x-notAfterToday'] && field.format === 'date' && value > today) return say('không được sau ngày hôm nay');
  }
  if (typeof value === 'number') {
    if (field.minimum !== undefined && value < field.minimum) return say(`không được nhỏ hơn ${field.minimum}`);
    if (field.maximum !== undefined && value > field.maximum) return say(`không được lớn hơn ${field.maximum}`);
    if (field['x-notAfterToday'] && value > Number(today.slice(0, 4))) return say('không được sau năm nay');
  }
  if (field.oneOf !== undefined && !field.oneOf.some((c) => c.const === value)) {
    const titles = field.oneOf.map((c) => c.title);
    return say(
      titles.length <= 6
        ? `phải chọn một trong các giá trị: ${titles.join(', ')}`
        : 'phải chọn một giá trị trong danh sách',
    );
  }
  return null;
}

function requiredMessage(field: EFormField): string {
  const choose = field.oneOf !== undefined || field.type === 'boolean';
  return `${field.title}: bắt buộc ${choose ? 'chọn' : 'nhập'}.`;
}

function validateGroup(
  group: EFormGroup,
  value: Record<string, unknown>,
  at: string,
  options: ValidateOptions,
  errors: FieldError[],
): void {
  const required = new Set(options.mode === 'full' ? (group.required ?? []) : []);
  for (const [key, field] of Object.entries(group.properties)) {
    const v = value[key];
    const field_at = `${at}/${pointerToken(key)}`;
    if (isBlank(v)) {
      if (required.has(key)) errors.push({ field: field_at, message: requiredMessage(field) });
      continue;
    }
    const problem = fieldProblem(field, v, options.today);
    if (problem !== null) errors.push({ field: field_at, message: problem });
  }
  for (const key of Object.keys(value)) {
    if (!Object.hasOwn(group.properties, key)) {
      errors.push({
        field: `${at}/${pointerToken(key)}`,
        message: `Phần «${group.title}» của tờ khai không có mục «${key}».`,
      });
    }
  }
}

/** Every problem of `data` against `schema`, in display order; [] when it is acceptable. */
export function validateFormData(schema: EFormSchema, data: unknown, options: ValidateOptions): FieldError[] {
  const root = options.pointer ?? DEFAULT_POINTER;
  if (!isPlainObject(data)) {
    return [{ field: root, message: 'Tờ khai phải là một đối tượng JSON gồm các phần của tờ khai.' }];
  }
  const errors: FieldError[] = [];
  const requiredGroups = new Set(options.mode === 'full' ? (schema.required ?? []) : []);
  for (const [key, group] of Object.entries(schema.properties)) {
    const at = `${root}/${pointerToken(key)}`;
    const v = data[key];
    if (v === undefined) {
      if (!requiredGroups.has(key)) continue;
      // A required page never opened: report its required fields, where the person will fix them.
      const before = errors.length;
      validateGroup(group, {}, at, options, errors);
      if (errors.length === before) errors.push({ field: at, message: `${group.title}: bắt buộc nhập.` });
      continue;
    }
    if (!isPlainObject(v)) {
      errors.push({ field: at, message: `${group.title}: phải là một nhóm thông tin (đối tượng JSON).` });
      continue;
    }
    validateGroup(group, v, at, options, errors);
  }
  for (const key of Object.keys(data)) {
    if (!Object.hasOwn(schema.properties, key)) {
      errors.push({ field: `${root}/${pointerToken(key)}`, message: `Tờ khai không có phần «${key}».` });
    }
  }
  return errors;
}
