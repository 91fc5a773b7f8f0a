/**
 * Checks that a JSON value is an e-form the portal can render and the validator can enforce: the
 * JSON Schema subset of eform.types.ts and nothing else. An unknown keyword is refused rather than
 * ignored — a misspelt `maxLenght` would otherwise silently let anything through — and so is a
 * rule that cannot be met (minLength above maxLength, a pattern that does not compile, a choice
 * whose value has the wrong type, a `required` naming a property that does not exist).
 */
import {
  EFORM_FIELD_TYPES,
  EFORM_FORMATS,
  EFORM_PREFILLS,
  type EFormField,
  type EFormSchema,
  JSON_SCHEMA_2020_12,
} from './eform.types.ts';

export interface EFormProblem {
  /** JSON pointer inside the schema. */
  path: string;
  message: string;
}

export type EFormCheck = { ok: true; schema: EFormSchema } | { ok: false; problems: EFormProblem[] };

/** Property names are plain identifiers: they appear unescaped in JSON pointers and in code. */
const NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

const TOP_KEYS = new Set(['$schema', 'type', 'title', 'description', 'properties', 'required']);
const GROUP_KEYS = new Set(['type', 'title', 'description', 'properties', 'required']);
const FIELD_KEYS = new Set([
  'type',
  'title',
  'description',
  'format',
  'minLength',
  'maxLength',
  'pattern',
  'x-patternMessage',
  'minimum',
  'maximum',
  'oneOf',
  'x-prefill',
  'x-notAfterToday',
]);
const STRING_ONLY = ['format', 'minLength', 'maxLength', 'pattern', 'x-patternMessage'] as const;
const NUMBER_ONLY = ['minimum', 'maximum'] as const;

type Loose = Record<string, unknown>;
const isObject = (v: unknown): v is Loose => v !== null && typeof v === 'object' && !Array.isArray(v);
const nonEmptyText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

function checkRequired(owner: Loose, path: string, problems: EFormProblem[]): void {
  const req = owner['required'];
  if (req === undefined) return;
  if (!Array.isArray(req)) {
    problems.push({ path: `${path}/required`, message: '«required» phải là danh sách tên mục.' });
    return;
  }
  const props = isObject(owner['properties']) ? owner['properties'] : {};
  const seen = new Set<string>();
  req.forEach((name, i) => {
    if (typeof name !== 'string' || !Object.hasOwn(props, name)) {
      problems.push({
        path: `${path}/required/${i}`,
        message: `«required» nêu mục không có: ${JSON.stringify(name)}.`,
      });
    } else if (seen.has(name)) {
      problems.push({ path: `${path}/required/${i}`, message: `«required» nêu trùng mục «${name}».` });
    }
    if (typeof name === 'string') seen.add(name);
  });
}

function checkField(f: unknown, path: string, problems: EFormProblem[]): void {
  const bad = (where: string, message: string) => problems.push({ path: `${path}${where}`, message });
  if (!isObject(f)) {
    bad('', 'Mỗi trường phải là một đối tượng JSON Schema.');
    return;
  }
  for (const k of Object.keys(f))
    if (!FIELD_KEYS.has(k)) bad(`/${k}`, `Từ khóa «${k}» không được hỗ trợ trong tờ khai.`);
  const type = f['type'];
  if (!(EFORM_FIELD_TYPES as readonly unknown[]).includes(type)) {
    bad('/type', `Kiểu của trường phải là một trong: ${EFORM_FIELD_TYPES.join(', ')}.`);
    return;
  }
  const field = f as unknown as EFormField;
  if (!nonEmptyText(f['title'])) bad('/title', 'Trường phải có nhãn (title) tiếng Việt như trên mẫu giấy.');
  if (f['description'] !== undefined && typeof f['description'] !== 'string')
    bad('/description', '«description» phải là chuỗi.');
  if (type !== 'string')
    for (const k of STRING_ONLY) if (f[k] !== undefined) bad(`/${k}`, `«${k}» chỉ dùng cho trường chuỗi.`);
  if (type !== 'integer' && type !== 'number')
    for (const k of NUMBER_ONLY) if (f[k] !== undefined) bad(`/${k}`, `«${k}» chỉ dùng cho trường số.`);
  if (f['format'] !== undefined && !(EFORM_FORMATS as readonly unknown[]).includes(f['format']))
    bad('/format', `«format» phải là một trong: ${EFORM_FORMATS.join(', ')}.`);
  for (const k of ['minLength', 'maxLength'] as const)
    if (f[k] !== undefined && !isCount(f[k])) bad(`/${k}`, `«${k}» phải là số nguyên không âm.`);
  if (f['maxLength'] === 0) bad('/maxLength', '«maxLength» bằng 0: trường không điền được gì.');
  if (isCount(f['minLength']) && isCount(f['maxLength']) && f['minLength'] > f['maxLength'])
    bad('/minLength', '«minLength» lớn hơn «maxLength»: không giá trị nào hợp lệ.');
  for (const k of NUMBER_ONLY)
    if (f[k] !== undefined && (typeof f[k] !== 'number' || !Number.isFinite(f[k]))) bad(`/${k}`, `«${k}» phải là số.`);
  if (typeof f['minimum'] === 'number' && typeof f['maximum'] === 'number' && f['minimum'] > f['maximum'])
    bad('/minimum', '«minimum» lớn hơn «maximum»: không giá trị nào hợp lệ.');
  if (f['pattern'] !== undefined) {
    if (typeof f['pattern'] !== 'string') bad('/pattern', '«pattern» phải là chuỗi.');
    else {
      try {
        new RegExp(f['pattern'], 'u');
      } catch {
        bad('/pattern', '«pattern» không phải biểu thức chính quy hợp lệ.');
      }
    }
  }
  if (f['x-patternMessage'] !== undefined && (!nonEmptyText(f['x-patternMessage']) || f['pattern'] === undefined))
    bad('/x-patternMessage', '«x-patternMessage» là chuỗi giải thích, chỉ dùng cùng «pattern».');
  if (f['x-prefill'] !== undefined && !(EFORM_PREFILLS as readonly unknown[]).includes(f['x-prefill']))
    bad('/x-prefill', `«x-prefill» phải là một trong: ${EFORM_PREFILLS.join(', ')}.`);
  if (f['x-notAfterToday'] !== undefined) {
    if (typeof f['x-notAfterToday'] !== 'boolean')
      bad('/x-notAfterToday', '«x-notAfterToday» phải là true hoặc false.');
    else if (!(type === 'integer' || (type === 'string' && f['format'] === 'date')))
      bad('/x-notAfterToday', '«x-notAfterToday» chỉ dùng cho ngày (format date) hoặc năm (integer).');
  }
  if (f['oneOf'] !== undefined) {
    const choices = f['oneOf'];
    if (!Array.isArray(choices) || choices.length === 0) {
      bad('/oneOf', '«oneOf» phải là danh sách lựa chọn { const, title } không rỗng.');
      return;
    }
    const seen = new Set<unknown>();
    choices.forEach((c, i) => {
      const at = `/oneOf/${i}`;
      if (!isObject(c) || Object.keys(c).some((k) => k !== 'const' && k !== 'title')) {
        bad(at, 'Mỗi lựa chọn chỉ gồm «const» và «title».');
        return;
      }
      if (!nonEmptyText(c['title'])) bad(`${at}/title`, 'Lựa chọn phải có nhãn (title).');
      const v = c['const'];
      const fits =
        (field.type === 'string' && typeof v === 'string') ||
        (field.type === 'boolean' && typeof v === 'boolean') ||
        (field.type === 'number' && typeof v === 'number' && Number.isFinite(v)) ||
        (field.type === 'integer' && typeof v === 'number' && Number.isInteger(v));
      if (!fits) bad(`${at}/const`, `Giá trị lựa chọn phải có kiểu ${field.type}.`);
      if (seen.has(v)) bad(`${at}/const`, `Giá trị lựa chọn bị trùng: ${JSON.stringify(v)}.`);
      seen.add(v);
    });
  }
}

/** The e-form, typed, or every problem found (paths are JSON pointers into the schema). */
export function checkEFormSchema(input: unknown): EFormCheck {
  const problems: EFormProblem[] = [];
  const bad = (path: string, message: string) => problems.push({ path, message });
  if (!isObject(input))
    return { ok: false, problems: [{ path: '', message: 'Tờ khai phải là một đối tượng JSON Schema.' }] };
  for (const k of Object.keys(input))
    if (!TOP_KEYS.has(k)) bad(`/${k}`, `Từ khóa «${k}» không được hỗ trợ ở cấp tờ khai.`);
  if (input['$schema'] !== undefined && input['$schema'] !== JSON_SCHEMA_2020_12)
    bad('/$schema', `«$schema» phải là ${JSON_SCHEMA_2020_12}.`);
  if (input['type'] !== 'object') bad('/type', 'Tờ khai phải có type "object".');
  for (const k of ['title', 'description'] as const)
    if (input[k] !== undefined && typeof input[k] !== 'string') bad(`/${k}`, `«${k}» phải là chuỗi.`);
  const groups = input['properties'];
  if (!isObject(groups) || Object.keys(groups).length === 0) {
    bad('/properties', 'Tờ khai phải có ít nhất một phần (properties).');
    return { ok: false, problems };
  }
  checkRequired(input, '', problems);
  for (const [gname, g] of Object.entries(groups)) {
    const gpath = `/properties/${gname}`;
    if (!NAME.test(gname))
      bad(gpath, `Tên phần «${gname}» phải là chữ Latin không dấu, chữ số hoặc «_», bắt đầu bằng chữ.`);
    if (!isObject(g)) {
      bad(gpath, 'Mỗi phần phải là một đối tượng JSON Schema.');
      continue;
    }
    for (const k of Object.keys(g))
      if (!GROUP_KEYS.has(k)) bad(`${gpath}/${k}`, `Từ khóa «${k}» không được hỗ trợ ở cấp phần.`);
    if (g['type'] !== 'object') bad(`${gpath}/type`, 'Mỗi phần phải có type "object".');
    if (!nonEmptyText(g['title'])) bad(`${gpath}/title`, 'Mỗi phần phải có tiêu đề (title).');
    if (g['description'] !== undefined && typeof g['description'] !== 'string')
      bad(`${gpath}/description`, '«description» phải là chuỗi.');
    const fields = g['properties'];
    if (!isObject(fields) || Object.keys(fields).length === 0) {
      bad(`${gpath}/properties`, 'Mỗi phần phải có ít nhất một trường.');
      continue;
    }
    checkRequired(g, gpath, problems);
    for (const [fname, f] of Object.entries(fields)) {
      const fpath = `${gpath}/properties/${fname}`;
      if (!NAME.test(fname))
        bad(fpath, `Tên trường «${fname}» phải là chữ Latin không dấu, chữ số hoặc «_», bắt đầu bằng chữ.`);
      checkField(f, fpath, problems);
    }
  }
  return problems.length === 0 ? { ok: true, schema: input as unknown as EFormSchema } : { ok: false, problems };
}
