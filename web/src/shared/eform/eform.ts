/**
 * The procedure's e-form (GET /api/v1/procedures/:code/eform): a JSON Schema whose top-level
 * properties are groups (one wizard page each) and whose group properties are fields. This file
 * reads the schema, checks answers against it the way the server will (so the citizen sees each
 * problem beside its field before sending), builds the `formData` the API expects, and maps the
 * server's 422 `errors[].field` pointers back to fields. Pure: no React, no fetch.
 */
import type { Messages } from '../i18n/vi.ts';

export type PrefillKey =
  | 'account.fullName'
  | 'account.phone'
  | 'account.email'
  | 'account.idNumber'
  | 'account.dateOfBirth'
  | 'account.address';

export interface EformFieldSchema {
  type?: 'string' | 'integer' | 'number' | 'boolean';
  title?: string;
  description?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  const?: unknown;
  enum?: unknown[];
  oneOf?: { const: unknown; title?: string }[];
  'x-prefill'?: PrefillKey;
  /** What a value that does not match `pattern` should be, in Vietnamese ("phải gồm đúng 12 chữ số"). */
  'x-patternMessage'?: string;
  /** A date not after today; on an integer, a year not after this year. */
  'x-notAfterToday'?: boolean;
}

export interface EformGroupSchema {
  type?: 'object';
  title?: string;
  description?: string;
  properties?: Record<string, EformFieldSchema>;
  required?: string[];
}

export interface EformSchema {
  type?: 'object';
  title?: string;
  properties?: Record<string, EformGroupSchema>;
  required?: string[];
}

export interface Eform {
  procedureCode: string;
  version: number | string;
  title: string;
  schema: EformSchema;
}

export interface FieldDef {
  group: string;
  name: string;
  /** JSON pointer under formData: /group/name. */
  path: string;
  label: string;
  help: string | null;
  kind: 'text' | 'date' | 'email' | 'tel' | 'integer' | 'number' | 'boolean' | 'choice';
  required: boolean;
  schema: EformFieldSchema;
  choices: { value: string; label: string; raw: unknown }[];
  prefill: PrefillKey | null;
}

export interface GroupDef {
  name: string;
  title: string;
  description: string | null;
  required: boolean;
  fields: FieldDef[];
}

/**
 * What the person types, per field: text as typed (numbers too, until they parse), booleans as
 * booleans. Kept apart from formData so a half-typed number is not lost or sent.
 */
export type Answers = Record<string, Record<string, string | boolean>>;

/** The groups in display order (property order is display order, per the contract). */
export function groupsOf(schema: EformSchema | null | undefined): GroupDef[] {
  if (!schema?.properties) return [];
  const topRequired = new Set(schema.required ?? []);
  return Object.entries(schema.properties)
    .filter(([, g]) => g && typeof g === 'object' && g.properties)
    .map(([name, g]) => {
      const required = new Set(g.required ?? []);
      return {
        name,
        title: g.title ?? name,
        description: g.description ?? null,
        required: topRequired.has(name),
        fields: Object.entries(g.properties ?? {}).map(([field, f]) => fieldDef(name, field, f, required.has(field))),
      };
    });
}

function fieldDef(group: string, name: string, f: EformFieldSchema, required: boolean): FieldDef {
  const options = f.oneOf ?? (f.enum ? f.enum.map((v) => ({ const: v, title: String(v) })) : null);
  let kind: FieldDef['kind'];
  if (options) kind = 'choice';
  else if (f.type === 'boolean') kind = 'boolean';
  else if (f.type === 'integer') kind = 'integer';
  else if (f.type === 'number') kind = 'number';
  else if (f.format === 'date') kind = 'date';
  else if (f.format === 'email') kind = 'email';
  else if (f.format === 'tel') kind = 'tel';
  else kind = 'text';
  return {
    group,
    name,
    path: `/${group}/${name}`,
    label: f.title ?? name,
    help: f.description ?? null,
    kind,
    required,
    schema: f,
    choices: (options ?? []).map((o) => ({ value: String(o.const), label: o.title ?? String(o.const), raw: o.const })),
    prefill: f['x-prefill'] ?? null,
  };
}

/** The account's details a field may be prefilled from (GET /api/v1/identity/accounts/:id). */
export interface AccountDetails {
  name?: string | null;
  phone?: string | null;
  email?: string | null;
  citizenId?: string | null;
  dateOfBirth?: string | null;
  address?: string | null;
}

export function prefillValue(key: PrefillKey, account: AccountDetails): string | null {
  switch (key) {
    case 'account.fullName':
      return account.name ?? null;
    case 'account.phone':
      return account.phone ?? null;
    case 'account.email':
      return account.email ?? null;
    case 'account.idNumber':
      return account.citizenId ?? null;
    case 'account.dateOfBirth':
      return account.dateOfBirth ?? null;
    case 'account.address':
      return account.address ?? null;
  }
}

/** The browser's autofill hint for a prefilled field (WCAG 1.3.5 Identify Input Purpose). */
export function autoCompleteOf(field: FieldDef): string | undefined {
  switch (field.prefill) {
    case 'account.fullName':
      return 'name';
    case 'account.phone':
      return 'tel';
    case 'account.email':
      return 'email';
    case 'account.dateOfBirth':
      return 'bday';
    case 'account.address':
      return 'street-address';
    default:
      return field.kind === 'tel' ? 'tel' : field.kind === 'email' ? 'email' : 'off';
  }
}

/** Answers from stored formData (a draft opened again, here or on another device). */
export function answersFrom(groups: GroupDef[], formData: Record<string, unknown> | null | undefined): Answers {
  const out: Answers = {};
  for (const g of groups) {
    const stored = (formData?.[g.name] ?? {}) as Record<string, unknown>;
    const a: Record<string, string | boolean> = {};
    for (const f of g.fields) {
      const v = stored[f.name];
      if (v === undefined || v === null) continue;
      a[f.name] = f.kind === 'boolean' ? v === true : String(v);
    }
    out[g.name] = a;
  }
  return out;
}

/** Fills empty prefillable fields from the account (never overwrites what is there). */
export function withPrefill(groups: GroupDef[], answers: Answers, account: AccountDetails): Answers {
  const out: Answers = { ...answers };
  for (const g of groups) {
    const a = { ...(out[g.name] ?? {}) };
    for (const f of g.fields) {
      if (!f.prefill || (a[f.name] !== undefined && a[f.name] !== '')) continue;
      const v = prefillValue(f.prefill, account);
      if (v) a[f.name] = v;
    }
    out[g.name] = a;
  }
  return out;
}

function isBlank(v: string | boolean | undefined): boolean {
  return v === undefined || v === false || (typeof v === 'string' && v.trim() === '');
}

function groupIsEmpty(g: GroupDef, a: Record<string, string | boolean> | undefined): boolean {
  return g.fields.every((f) => isBlank(a?.[f.name]));
}

/** A typed value for the API, or undefined to leave the field out (blank, or not yet a number). */
function typedValue(f: FieldDef, v: string | boolean | undefined): unknown {
  if (isBlank(v)) return undefined;
  if (f.kind === 'boolean') return v === true;
  const text = String(v).trim();
  if (f.kind === 'choice') return f.choices.find((c) => c.value === text)?.raw ?? text;
  if (f.kind === 'integer' || f.kind === 'number') {
    const n = Number(text.replace(',', '.'));
    if (!Number.isFinite(n) || (f.kind === 'integer' && !Number.isInteger(n))) return undefined;
    return n;
  }
  return text;
}

/**
 * formData shaped like the schema: blank fields left out, an optional group nobody touched left
 * out entirely (sending `{}` would make its required fields fail), text trimmed, numbers as numbers.
 */
export function formDataOf(
  groups: GroupDef[],
  answers: Answers,
  keep: (field: FieldDef, value: string | boolean | undefined) => boolean = () => true,
): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const g of groups) {
    const a = answers[g.name];
    if (!g.required && groupIsEmpty(g, a)) continue;
    const values: Record<string, unknown> = {};
    for (const f of g.fields) {
      if (!keep(f, a?.[f.name])) continue;
      const v = typedValue(f, a?.[f.name]);
      if (v !== undefined) values[f.name] = v;
    }
    out[g.name] = values;
  }
  return out;
}

/** "Họ và tên" → "họ và tên" inside a sentence; an acronym ("CCCD") keeps its case. */
function inSentence(label: string): string {
  const first = label.slice(0, 2);
  return first === first.toUpperCase() ? label : label.charAt(0).toLowerCase() + label.slice(1);
}

// The server's own checks (dossier/eforms/eform.validate.ts), so both agree on every value.
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const TEL = /^(\+84|0)\d{9,10}$/;

function validDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** Today in Vietnam, YYYY-MM-DD. */
function vietnamToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
}

/** The first problem of one field's answer, in words naming the field; null when fine. */
export function fieldError(
  t: Messages,
  f: FieldDef,
  v: string | boolean | undefined,
  groupInUse: boolean,
  today: string = vietnamToday(),
): string | null {
  const label = inSentence(f.label);
  if (isBlank(v)) {
    if (!(f.required && groupInUse)) return null;
    if (f.kind === 'choice') return t['eform.error.choose'](label);
    if (f.kind === 'boolean') return t['eform.error.tick'](f.label);
    return t['eform.error.required'](label);
  }
  const s = f.schema;
  if (f.kind === 'boolean') {
    if (s.const === true && v !== true) return t['eform.error.tick'](f.label);
    return null;
  }
  const text = String(v).trim();
  if (f.kind === 'choice') {
    return f.choices.some((c) => c.value === text) ? null : t['eform.error.choose'](label);
  }
  if (f.kind === 'integer' || f.kind === 'number') {
    const n = Number(text.replace(',', '.'));
    if (!Number.isFinite(n)) return t['eform.error.number'](f.label);
    if (f.kind === 'integer' && !Number.isInteger(n)) return t['eform.error.integer'](f.label);
    if (s.minimum !== undefined && n < s.minimum) return t['eform.error.minimum'](f.label, s.minimum);
    if (s.maximum !== undefined && n > s.maximum) return t['eform.error.maximum'](f.label, s.maximum);
    if (s['x-notAfterToday'] && n > Number(today.slice(0, 4))) return t['eform.error.yearFuture'](f.label);
    return null;
  }
  const length = [...text].length;
  if (s.minLength !== undefined && length < s.minLength) return t['eform.error.minLength'](f.label, s.minLength);
  if (s.maxLength !== undefined && length > s.maxLength) return t['eform.error.maxLength'](f.label, s.maxLength);
  if (f.kind === 'date' && !validDate(text)) return t['eform.error.date'](f.label);
  if (f.kind === 'email' && (text.length > 254 || !EMAIL.test(text))) return t['eform.error.email'](f.label);
  if (f.kind === 'tel' && !TEL.test(text.replace(/[\s.]/g, ''))) return t['eform.error.tel'](f.label);
  if (s.pattern) {
    let re: RegExp | null = null;
    try {
      re = new RegExp(s.pattern, 'u');
    } catch {
      re = null; // A pattern this browser cannot read: the server still checks it.
    }
    if (re && !re.test(text)) {
      return s['x-patternMessage']
        ? t['eform.error.patternSaid'](f.label, s['x-patternMessage'])
        : t['eform.error.pattern'](f.label, f.help);
    }
  }
  if (f.kind === 'date' && s['x-notAfterToday'] && text > today) return t['eform.error.dateFuture'](f.label);
  return null;
}

/** Problems of one group, by field name. */
export function validateGroup(t: Messages, g: GroupDef, answers: Answers): Record<string, string> {
  const a = answers[g.name];
  const inUse = g.required || !groupIsEmpty(g, a);
  const errors: Record<string, string> = {};
  for (const f of g.fields) {
    const e = fieldError(t, f, a?.[f.name], inUse);
    if (e) errors[f.name] = e;
  }
  return errors;
}

/**
 * Where a server error belongs: "/body/formData/child/fullName" or "/formData/child/fullName" →
 * { group: "child", field: "fullName" }; "/body/applicant/phone" → { applicant: "phone" }.
 */
export type ErrorTarget = { group: string; field: string | null } | { applicant: string } | null;

export function errorTarget(pointer: string): ErrorTarget {
  const p = pointer.replace(/^\/body/, '');
  let m = /^\/formData\/([^/]+)(?:\/([^/]+))?/.exec(p);
  if (m) return { group: decodePointer(m[1]!), field: m[2] ? decodePointer(m[2]) : null };
  m = /^\/applicant\/([^/]+)/.exec(p);
  if (m) return { applicant: decodePointer(m[1]!) };
  return null;
}

function decodePointer(s: string): string {
  return s.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The answer as shown on the review page. */
export function displayValue(f: FieldDef, v: string | boolean | undefined, t: Messages): string {
  if (isBlank(v)) return t['eform.notGiven'];
  if (f.kind === 'boolean') return v === true ? t['eform.yes'] : t['eform.no'];
  const text = String(v).trim();
  if (f.kind === 'choice') return f.choices.find((c) => c.value === text)?.label ?? text;
  if (f.kind === 'date' && validDate(text)) return `${text.slice(8, 10)}/${text.slice(5, 7)}/${text.slice(0, 4)}`;
  return text;
}
