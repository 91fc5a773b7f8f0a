/**
 * Request validation. Bodies are validated strictly: no type coercion ("5" is not a number) and
 * no silent removal of unknown fields (they are refused). Query strings and path parameters are
 * text by nature, so they are coerced. Errors are translated into Vietnamese, field by field.
 */
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FieldError } from '../errors/index.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function makeAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({
    coerceTypes: coerce ? 'array' : false,
    removeAdditional: false,
    useDefaults: true,
    allErrors: true,
    strict: false,
  });
  addFormats(ajv);
  return ajv;
}

const strictAjv = makeAjv(false);
const coercingAjv = makeAjv(true);

export function validatorCompiler({ schema, httpPart }: { schema: object; httpPart?: string }) {
  return (httpPart === 'body' ? strictAjv : coercingAjv).compile(schema);
}

const TYPE_NAMES: Record<string, string> = {
  string: 'chuỗi ký tự',
  number: 'số',
  integer: 'số nguyên',
  boolean: 'giá trị đúng/sai (true/false)',
  object: 'đối tượng JSON',
  array: 'danh sách',
  null: 'null',
};

const FORMAT_NAMES: Record<string, string> = {
  date: 'ngày (YYYY-MM-DD)',
  'date-time': 'thời điểm ISO 8601',
  email: 'địa chỉ thư điện tử',
  uuid: 'mã UUID',
  uri: 'địa chỉ URI',
};

const PART_NAMES: Record<string, string> = {
  body: 'body',
  querystring: 'query',
  params: 'params',
  headers: 'headers',
};

function fieldName(pointer: string): string {
  return pointer === '' ? 'nội dung' : `«${pointer.replace(/^\//, '').replaceAll('/', '.')}»`;
}

export function translateAjvError(e: ErrorObject, part: string): FieldError {
  const prefix = `/${PART_NAMES[part] ?? part}`;
  const p = e.params as Record<string, any>;
  switch (e.keyword) {
    case 'required':
      return {
        field: `${prefix}${e.instancePath}/${p.missingProperty}`,
        message: `Thiếu trường bắt buộc ${fieldName(`${e.instancePath}/${p.missingProperty}`)}.`,
      };
    case 'additionalProperties':
      return {
        field: `${prefix}${e.instancePath}/${p.additionalProperty}`,
        message: `Trường ${fieldName(`${e.instancePath}/${p.additionalProperty}`)} không được chấp nhận.`,
      };
    case 'type':
      return {
        field: `${prefix}${e.instancePath}`,
        message: `${fieldName(e.instancePath)} phải là ${String(p.type)
          .split(',')
          .map((t) => TYPE_NAMES[t] ?? t)
          .join(' hoặc ')}.`,
      };
    case 'minLength':
      return {
        field: `${prefix}${e.instancePath}`,
        message:
          p.limit === 1
            ? `${fieldName(e.instancePath)} không được để trống.`
            : `${fieldName(e.instancePath)} phải có ít nhất ${p.limit} ký tự.`,
      };
    case 'maxLength':
      return { field: `${prefix}${e.instancePath}`, message: `${fieldName(e.instancePath)} dài quá ${p.limit} ký tự.` };
    case 'minimum':
    case 'exclusiveMinimum':
      return {
        field: `${prefix}${e.instancePath}`,
        message: `${fieldName(e.instancePath)} phải ${e.keyword === 'minimum' ? '≥' : '>'} ${p.limit}.`,
      };
    case 'maximum':
    case 'exclusiveMaximum':
      return {
        field: `${prefix}${e.instancePath}`,
        message: `${fieldName(e.instancePath)} phải ${e.keyword === 'maximum' ? '≤' : '<'} ${p.limit}.`,
      };
    case 'pattern':
      return { field: `${prefix}${e.instancePath}`, message: `${fieldName(e.instancePath)} không đúng định dạng.` };
    case 'format':
      return {
        field: `${prefix}${e.instancePath}`,
        message: `${fieldName(e.instancePath)} phải là ${FORMAT_NAMES[p.format] ?? `định dạng ${p.format}`}.`,
      };
    case 'enum':
      return {
        field: `${prefix}${e.instancePath}`,
        message: `${fieldName(e.instancePath)} phải là một trong: ${(p.allowedValues as unknown[]).join(', ')}.`,
      };
    case 'const':
      return {
        field: `${prefix}${e.instancePath}`,
        message: `${fieldName(e.instancePath)} phải bằng ${JSON.stringify(p.allowedValue)}.`,
      };
    case 'minItems':
      return {
        field: `${prefix}${e.instancePath}`,
        message: `${fieldName(e.instancePath)} cần ít nhất ${p.limit} phần tử.`,
      };
    case 'maxItems':
      return {
        field: `${prefix}${e.instancePath}`,
        message: `${fieldName(e.instancePath)} có quá ${p.limit} phần tử.`,
      };
    default:
      return { field: `${prefix}${e.instancePath}`, message: `${fieldName(e.instancePath)} không hợp lệ.` };
  }
}

/** Drops the noise Ajv adds around anyOf/oneOf failures, keeping one message per field. */
export function translateAjvErrors(errors: ErrorObject[], part: string): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (e.keyword === 'if') continue;
    const fe = translateAjvError(e, part);
    const key = `${fe.field}|${fe.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(fe);
    }
  }
  return out;
}
