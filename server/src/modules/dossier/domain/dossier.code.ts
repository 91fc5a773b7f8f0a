/**
 * Dossier codes and the public-lookup check.
 *
 * Thông tư 01/2018/TT-VPCP Art. 19: the dossier code is `<receiving agency code>-<YYMMDD>-<4-digit
 * sequence of that day>`, e.g. `000.00.11.H53-260317-0042`; agency codes are up to 35 characters
 * (Quyết định 20/2020/QĐ-TTg). Thông tư 03/2025/TT-VPCP may change the format, so the pattern is
 * configuration: tokens in braces, literal separators between them.
 *
 * Tokens: {agency}, {yyyy}, {yy}, {MM}, {dd}, {yyMMdd}, {yyyyMMdd}, {seqN} (N = 1…9 digits).
 * A valid pattern has exactly one {agency}, exactly one {seqN}, and its date tokens identify the
 * day (year, month and day): the sequence restarts every day, so without the day codes would
 * repeat. The date is the Vietnamese calendar day of receipt (UTC+7).
 *
 * The sequence itself is allocated by the database (issue 5: unique under any concurrency); these
 * functions only format and parse.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { type IsoDate, isIsoDate, vnDateOf } from '../../../platform/calendar/index.ts';

export const DEFAULT_DOSSIER_CODE_PATTERN = '{agency}-{yyMMdd}-{seq4}';

type Token =
  | { kind: 'literal'; text: string }
  | { kind: 'agency' }
  | { kind: 'date'; part: 'yyyy' | 'yy' | 'MM' | 'dd' | 'yyMMdd' | 'yyyyMMdd' }
  | { kind: 'seq'; digits: number };

export type CodePatternProblem = { readonly message: string };

const LITERAL = /^[-./_#A-Za-z0-9]*$/;

function tokenize(pattern: string): { tokens: Token[]; problems: CodePatternProblem[] } {
  const tokens: Token[] = [];
  const problems: CodePatternProblem[] = [];
  const re = /\{([^{}]*)\}/g;
  let last = 0;
  for (const m of pattern.matchAll(re)) {
    if (m.index > last) tokens.push({ kind: 'literal', text: pattern.slice(last, m.index) });
    const name = m[1]!;
    const seq = /^seq([1-9])$/.exec(name);
    if (name === 'agency') tokens.push({ kind: 'agency' });
    else if (seq) tokens.push({ kind: 'seq', digits: Number(seq[1]) });
    else if (['yyyy', 'yy', 'MM', 'dd', 'yyMMdd', 'yyyyMMdd'].includes(name))
      tokens.push({ kind: 'date', part: name as 'yyyy' });
    else problems.push({ message: `Thành phần «{${name}}» không được hỗ trợ.` });
    last = m.index + m[0].length;
  }
  if (last < pattern.length) tokens.push({ kind: 'literal', text: pattern.slice(last) });
  for (const t of tokens) {
    if (t.kind === 'literal' && (!LITERAL.test(t.text) || t.text.includes('{') || t.text.includes('}'))) {
      problems.push({ message: `Ký tự phân cách «${t.text}» không hợp lệ (chỉ dùng chữ, số và - . / _ #).` });
    }
  }
  return { tokens, problems };
}

/** Problems of a code pattern, in Vietnamese (empty = valid). */
export function validateDossierCodePattern(pattern: string): CodePatternProblem[] {
  const { tokens, problems } = tokenize(pattern);
  const count = (kind: Token['kind']) => tokens.filter((t) => t.kind === kind).length;
  if (count('agency') !== 1) problems.push({ message: 'Mẫu mã hồ sơ phải có đúng một thành phần {agency}.' });
  if (count('seq') !== 1) problems.push({ message: 'Mẫu mã hồ sơ phải có đúng một thành phần số thứ tự {seqN}.' });
  const parts = new Set(tokens.flatMap((t) => (t.kind === 'date' ? [t.part] : [])));
  const hasYear = parts.has('yy') || parts.has('yyyy') || parts.has('yyMMdd') || parts.has('yyyyMMdd');
  const hasMonthDay = (parts.has('MM') && parts.has('dd')) || parts.has('yyMMdd') || parts.has('yyyyMMdd');
  if (!hasYear || !hasMonthDay) {
    problems.push({
      message: 'Mẫu mã hồ sơ phải xác định được ngày (năm, tháng, ngày) vì số thứ tự đánh lại mỗi ngày.',
    });
  }
  for (let i = 1; i < tokens.length; i++) {
    if (tokens[i]!.kind !== 'literal' && tokens[i - 1]!.kind === 'agency') {
      problems.push({ message: 'Thành phần {agency} phải được ngăn cách với thành phần sau bằng ký tự phân cách.' });
    }
  }
  return problems;
}

export type DossierCodeParts = {
  readonly agencyCode: string;
  /** The day of receipt: an instant (its Vietnamese date is used) or 'YYYY-MM-DD'. */
  readonly date: Date | IsoDate;
  /** Sequence of the day, from 1. */
  readonly seq: number;
};

const AGENCY_CODE = /^[A-Za-z0-9][A-Za-z0-9._]{0,34}$/;

/**
 * Formats a dossier code. Throws RangeError on an invalid pattern, an agency code that is not a
 * 1–35 character identifier (letters, digits, dots, underscores: it must not contain the
 * separators), or a sequence outside 1…10^N − 1 (the 4-digit sequence of Art. 19 allows 9,999
 * dossiers per agency per day; a longer pattern is the remedy).
 */
export function formatDossierCode(pattern: string, parts: DossierCodeParts): string {
  const problems = validateDossierCodePattern(pattern);
  if (problems.length > 0) throw new RangeError(problems.map((p) => p.message).join(' '));
  if (!AGENCY_CODE.test(parts.agencyCode)) throw new RangeError(`Mã cơ quan không hợp lệ: «${parts.agencyCode}».`);
  const day = parts.date instanceof Date ? vnDateOf(parts.date) : parts.date;
  if (!isIsoDate(day)) throw new RangeError(`Ngày không hợp lệ: «${String(parts.date)}».`);
  const [yyyy, MM, dd] = day.split('-') as [string, string, string];
  const yy = yyyy.slice(2);
  let out = '';
  for (const t of tokenize(pattern).tokens) {
    switch (t.kind) {
      case 'literal':
        out += t.text;
        break;
      case 'agency':
        out += parts.agencyCode;
        break;
      case 'date':
        out += { yyyy, yy, MM, dd, yyMMdd: yy + MM + dd, yyyyMMdd: yyyy + MM + dd }[t.part];
        break;
      case 'seq': {
        const max = 10 ** t.digits - 1;
        if (!Number.isInteger(parts.seq) || parts.seq < 1 || parts.seq > max) {
          throw new RangeError(`Số thứ tự hồ sơ trong ngày phải từ 1 đến ${max}: ${parts.seq}.`);
        }
        out += String(parts.seq).padStart(t.digits, '0');
        break;
      }
    }
  }
  return out;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/**
 * Parses a code made with `pattern`; null if it does not match or names no real day. With a
 * two-digit year the century is 20yy.
 */
export function parseDossierCode(
  pattern: string,
  code: string,
): { agencyCode: string; date: IsoDate; seq: number } | null {
  if (validateDossierCodePattern(pattern).length > 0) return null;
  const { tokens } = tokenize(pattern);
  const groups: Token[] = [];
  let re = '^';
  for (const t of tokens) {
    if (t.kind === 'literal') re += escapeRe(t.text);
    else {
      groups.push(t);
      if (t.kind === 'agency') re += '([A-Za-z0-9][A-Za-z0-9._]{0,34})';
      else if (t.kind === 'seq') re += `(\\d{${t.digits}})`;
      else re += `(\\d{${t.part.length}})`;
    }
  }
  const m = new RegExp(`${re}$`).exec(code);
  if (!m) return null;
  let agencyCode = '';
  let year = '';
  let month = '';
  let day = '';
  let seq = 0;
  groups.forEach((t, i) => {
    const value = m[i + 1]!;
    if (t.kind === 'agency') agencyCode = value;
    else if (t.kind === 'seq') seq = Number(value);
    else if (t.kind === 'date') {
      if (t.part === 'yyyy') year = value;
      else if (t.part === 'yy') year = `20${value}`;
      else if (t.part === 'MM') month = value;
      else if (t.part === 'dd') day = value;
      else if (t.part === 'yyMMdd') [year, month, day] = [`20${value.slice(0, 2)}`, value.slice(2, 4), value.slice(4)];
      else [year, month, day] = [value.slice(0, 4), value.slice(4, 6), value.slice(6)];
    }
  });
  const date = `${year}-${month}-${day}`;
  if (!isIsoDate(date) || seq < 1) return null;
  return { agencyCode, date, seq };
}

// ---------------------------------------------------------------------------------------------
// Public lookup: the second factor

/**
 * The public lookup (issue 5: `GET /api/v1/public/dossiers/{code}?check=…`) shows status and
 * timeline to anyone who has the dossier code AND the last four digits of the applicant's phone
 * number or identity number. Design:
 *  - At receipt the service derives one check digest per known identifier with
 *    `deriveLookupChecks(code, { phone, idNumber })` and stores only the digests on the dossier,
 *    so the public route never reads personal data (Luật Bảo vệ dữ liệu cá nhân 91/2025: purpose
 *    bound, minimal).
 *  - `checkValueMatches(code, provided, storedDigests)` normalises the citizen's input (digits
 *    only, exactly four), derives its digest and compares in constant time with each stored one.
 *  - The digest is SHA-256 over a versioned, domain-separated string of the code and the digits.
 *    It is not a secret: four digits are 10,000 possibilities, so the protection is the route's
 *    rate limit (per IP and per code), not the hash; the hash only keeps the digits out of the
 *    dossier row and out of logs. A keyed HMAC would add nothing against a caller who can query
 *    the route, and would make the check depend on a secret that must be rotated.
 */
export const LOOKUP_CHECK_DIGITS = 4;

const digitsOf = (s: string) => s.replace(/\D/g, '');

/** The last four digits of an identifier (phone with or without +84, ID number), or null. */
export function lastFourDigits(identifier: string | null | undefined): string | null {
  if (identifier === null || identifier === undefined) return null;
  const digits = digitsOf(identifier);
  return digits.length >= LOOKUP_CHECK_DIGITS ? digits.slice(-LOOKUP_CHECK_DIGITS) : null;
}

export function deriveLookupCheck(code: string, fourDigits: string): string {
  return createHash('sha256').update(`tinhso.dossier-lookup.v1\n${code}\n${fourDigits}`).digest('hex');
}

/** Digests to store at receipt, one per identifier that has at least four digits. */
export function deriveLookupChecks(
  code: string,
  identifiers: { phone?: string | null; idNumber?: string | null },
): string[] {
  const checks = [identifiers.phone, identifiers.idNumber]
    .map(lastFourDigits)
    .filter((d): d is string => d !== null)
    .map((d) => deriveLookupCheck(code, d));
  return [...new Set(checks)];
}

/** True if `provided` (what the citizen typed) is the last four digits behind one of the digests. */
export function checkValueMatches(code: string, provided: string, storedDigests: readonly string[]): boolean {
  const trimmed = provided.trim();
  if (!/^\d{4}$/.test(trimmed)) return false;
  const candidate = Buffer.from(deriveLookupCheck(code, trimmed), 'hex');
  let match = false;
  for (const stored of storedDigests) {
    const buf = Buffer.from(stored, 'hex');
    // Compare every stored digest (no early exit) so the timing says nothing about which matched.
    if (buf.length === candidate.length && timingSafeEqual(buf, candidate)) match = true;
  }
  return match;
}
