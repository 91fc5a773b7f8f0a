/**
 * Readers for the small values inside procedure text: Vietnamese numbers, money, durations, "after 15:00" rules,
 * legal act numbers and the online service level. Each returns null (or nothing) rather than a guess.
 */
import type { CutoffRule, Duration, DurationUnit, ImplementingLevel, OnlineServiceLevel } from './procedure.types.ts';

// Zero-width and bidi marks survive copy-paste from the portal (e.g. "đăng k\u200eý") and break matching.
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060\ufeff]/g;

/** NFC, no invisible marks, every run of whitespace (NBSP, tabs, line breaks) as one space, trimmed. */
export function normaliseInline(text: string): string {
  return text.normalize('NFC').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}

/** Like `normaliseInline` but keeps line breaks (lists in steps and notes are line-based); drops empty lines. */
export function normaliseBlock(text: string): string {
  return text
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .split(/\r?\n/)
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}

/** Text that means "nothing here" on the portal. */
export function isNoInformation(text: string): boolean {
  const t = normaliseInline(text).toLowerCase();
  return t === '' || t === 'không có thông tin' || t === 'không có thông tin.';
}

/**
 * An integer written with or without thousands separators: "8.000", "1.000.000" (Vietnamese), "150,000" (the
 * portal's own rendering), "08". One separator kind per number, no leading zero before a separator and groups of
 * exactly three digits, so "1.5", "0.000" or "1.000,5" are refused instead of being read one way or the other.
 */
export function parseVietnameseInteger(text: string): number | null {
  const t = text.trim();
  let digits: string;
  if (/^\d+$/.test(t)) digits = t;
  else if (/^[1-9]\d{0,2}(?:\.\d{3})+$/.test(t)) digits = t.replaceAll('.', '');
  else if (/^[1-9]\d{0,2}(?:,\d{3})+$/.test(t)) digits = t.replaceAll(',', '');
  else return null;
  const n = Number(digits);
  return Number.isSafeInteger(n) ? n : null;
}

/** `8000` → `8.000` (Vietnamese grouping by default). */
export function formatVietnameseInteger(n: number, separator: '.' | ',' = '.'): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`Không định dạng được số ${n}`);
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

const MULTIPLIERS: Record<string, number> = { nghìn: 1_000, ngàn: 1_000, triệu: 1_000_000, tỷ: 1_000_000_000 };

/** "1,5 triệu" → 1 500 000; only a decimal comma, and only when the result is a whole number of đồng. */
function applyMultiplier(numberText: string, multiplier: string): number | null {
  const factor = MULTIPLIERS[multiplier.toLowerCase()];
  if (factor === undefined) return null;
  const m = /^(\d+)(?:,(\d{1,3}))?$/.exec(numberText);
  if (!m) return null;
  const whole = Number(m[1]);
  const fraction = m[2] ?? '';
  const value = whole * factor + (fraction === '' ? 0 : (Number(fraction) * factor) / 10 ** fraction.length);
  return Number.isSafeInteger(value) ? value : null;
}

const VND_UNIT = '(?:việt nam đồng|đồng|vnđ|vnd|đ)';
const MONEY_NUMBER = '(\\d{1,3}(?:[.,]\\d{3})+|\\d+(?:,\\d{1,3})?)';
const MONEY_MULTIPLIER = '(?:\\s*(nghìn|ngàn|triệu|tỷ))?';

/** Reads the number part of a money amount: grouped integer, or decimal with a multiplier word. */
function readAmount(numberText: string, multiplier: string | undefined): number | null {
  if (multiplier) return applyMultiplier(numberText, multiplier);
  return parseVietnameseInteger(numberText);
}

export interface MoneyAmount {
  amount: number;
  /** `VND` or an ISO code as written (USD…). */
  currency: string;
  /** Unit of charge after a slash ("đồng/trang" → `trang`). */
  per: string | null;
}

/**
 * A whole cell or phrase that is one amount: "8.000 đồng", "50.000đ", "1.000.000 VNĐ", "150,000 Việt Nam Đồng",
 * "10 USD", "200.000 đồng/bản", "1,5 triệu đồng". Anything else → null.
 */
export function parseMoneyAmount(text: string): MoneyAmount | null {
  const t = normaliseInline(text);
  const vnd = new RegExp(`^${MONEY_NUMBER}${MONEY_MULTIPLIER}\\s*${VND_UNIT}(?:\\s*/\\s*(.+))?$`, 'iu').exec(t);
  if (vnd) {
    const amount = readAmount(vnd[1]!, vnd[2]);
    if (amount === null) return null;
    return { amount, currency: 'VND', per: vnd[3] ? vnd[3].trim() : null };
  }
  const foreign = /^(\d{1,3}(?:[.,]\d{3})+|\d+)\s*(USD|EUR|JPY|GBP|AUD|CAD|CHF|CNY|KRW)(?:\s*\/\s*(.+))?$/u.exec(t);
  if (foreign) {
    const amount = parseVietnameseInteger(foreign[1]!);
    if (amount === null) return null;
    return { amount, currency: foreign[2]!, per: foreign[3] ? foreign[3].trim() : null };
  }
  return null;
}

export interface MoneyMention extends MoneyAmount {
  raw: string;
  index: number;
}

/** Every VND amount written in prose ("thu 10.000 đồng/người/lần đăng ký;"). */
export function findVndAmounts(text: string): MoneyMention[] {
  const re = new RegExp(
    `(?<![\\p{L}\\p{N}.,])${MONEY_NUMBER}${MONEY_MULTIPLIER}\\s*${VND_UNIT}(?![\\p{L}\\p{N}])(?:[ \\t]*/[ \\t]*([^;,.()\\n]+?)(?=[;,.()\\n]|\\s+(?:từ|tối|và|hoặc|trừ|đối)\\s|$))?`,
    'giu',
  );
  const out: MoneyMention[] = [];
  for (const m of text.matchAll(re)) {
    const amount = readAmount(m[1]!, m[2]);
    if (amount === null) continue;
    out.push({ amount, currency: 'VND', per: m[3] ? m[3].trim() : null, raw: m[0].trim(), index: m.index });
  }
  return out;
}

const NUMBER_WORDS: Record<string, number> = {
  một: 1,
  hai: 2,
  ba: 3,
  bốn: 4,
  năm: 5,
  sáu: 6,
  bảy: 7,
  tám: 8,
  chín: 9,
  mười: 10,
};

function readCount(text: string): number | null {
  const lower = text.toLowerCase();
  if (lower in NUMBER_WORDS) return NUMBER_WORDS[lower]!;
  return parseVietnameseInteger(text);
}

function unitOf(unitText: string): DurationUnit | null {
  const u = unitText.toLowerCase().replace(/\s+/g, ' ');
  if (u === 'ngày làm việc') return 'working_day';
  if (u === 'ngày') return 'day';
  if (u === 'giờ làm việc') return 'working_hour';
  if (u === 'giờ') return 'hour';
  if (u === 'tuần') return 'week';
  if (u === 'tháng') return 'month';
  if (u === 'năm') return 'year';
  return null;
}

const COUNT = `(\\d+|${Object.keys(NUMBER_WORDS).join('|')})`;
const UNIT = '(ngày làm việc|giờ làm việc|ngày|giờ|tuần|tháng|năm)';
// "trong ngày làm việc tiếp theo" is the consequence of a cut-off rule, not a same-day limit.
const SAME_DAY =
  '(?<![\\p{L}])(?:ngay\\s+)?trong\\s+ngày(\\s+làm\\s+việc)?(?!\\s*\\d)(?!\\s+(?:làm\\s+việc\\s+)?(?:tiếp\\s+theo|kế\\s+tiếp|hôm\\s+sau|lễ|nghỉ))';

/**
 * A whole cell that is one duration: "5 ngày làm việc", "03 ngày", "02 giờ làm việc", "Trong ngày",
 * "Không quá 07 ngày làm việc", "Ngay trong ngày làm việc". A bare number, a range ("03 - 05 ngày") or several
 * durations → null, because the unit or the value would have to be guessed.
 */
export function parseDuration(text: string): Duration | null {
  const t = normaliseInline(text)
    .replace(/[.;]$/, '')
    .replace(/^(?:(?:không quá|tối đa|trong thời hạn|trong vòng|trong)\s+)+(?=\S)/iu, (prefix) =>
      // keep "trong" when it is the "trong ngày" form
      /^(?:ngay\s+)?trong\s+$/iu.test(prefix) ? prefix : '',
    );
  const counted = new RegExp(`^${COUNT}\\s*${UNIT}(?:\\s+kể từ\\s+.+)?$`, 'iu').exec(t);
  if (counted) {
    const amount = readCount(counted[1]!);
    const unit = unitOf(counted[2]!);
    if (amount === null || unit === null) return null;
    return { amount, unit };
  }
  const sameDay = new RegExp(`^${SAME_DAY}(?:\\s+(?:tiếp nhận|nhận)(?:\\s+được)?\\s+hồ sơ.*)?$`, 'iu').exec(t);
  if (sameDay) return { amount: 0, unit: sameDay[1] ? 'working_day' : 'day' };
  return null;
}

export interface DurationMention {
  duration: Duration;
  raw: string;
  index: number;
}

/** Every duration stated in prose ("không quá 03 ngày làm việc", "trong ngày làm việc nhận được hồ sơ"). */
export function findDurations(text: string): DurationMention[] {
  const out: DurationMention[] = [];
  const counted = new RegExp(`(?<![\\p{L}\\p{N}/.,])${COUNT}\\s+${UNIT}(?![\\p{L}])`, 'giu');
  for (const m of text.matchAll(counted)) {
    const amount = readCount(m[1]!);
    const unit = unitOf(m[2]!);
    // "năm" is both "five" and "year": "năm năm" is not worth the risk.
    if (amount === null || unit === null || (m[1]!.toLowerCase() === 'năm' && unit === 'year')) continue;
    // "sau 15 giờ", "từ 8 giờ đến 17 giờ" are clock times, not durations.
    if (
      (unit === 'hour' || unit === 'working_hour') &&
      /(?:sau|trước|lúc|vào|từ|đến)\s+$/iu.test(text.slice(0, m.index))
    )
      continue;
    out.push({ duration: { amount, unit }, raw: m[0], index: m.index });
  }
  for (const m of text.matchAll(new RegExp(SAME_DAY, 'giu'))) {
    out.push({ duration: { amount: 0, unit: m[1] ? 'working_day' : 'day' }, raw: m[0], index: m.index });
  }
  return out.sort((a, b) => a.index - b.index);
}

export function sameDuration(a: Duration, b: Duration): boolean {
  return a.amount === b.amount && a.unit === b.unit;
}

/** "5 ngày làm việc" — for reasons shown to administrators. */
export function describeDuration(d: Duration): string {
  const units: Record<DurationUnit, string> = {
    working_day: 'ngày làm việc',
    day: 'ngày',
    working_hour: 'giờ làm việc',
    hour: 'giờ',
    week: 'tuần',
    month: 'tháng',
    year: 'năm',
  };
  return d.amount === 0 ? 'trong ngày' : `${d.amount} ${units[d.unit]}`;
}

/** The clause around `index`: bounded by ";", ". ", line breaks, at most `before`/`after` characters. */
function clauseAround(text: string, start: number, end: number): string {
  const left = text.slice(0, start);
  const right = text.slice(end);
  const leftCut = Math.max(left.lastIndexOf(';'), left.lastIndexOf('. '), left.lastIndexOf('\n'));
  const rightMatch = /;|\.(?:\s|$)|\n/.exec(right);
  const rightCut = rightMatch ? rightMatch.index : right.length;
  return text.slice(leftCut + 1, end + rightCut).trim();
}

/**
 * "nếu tiếp nhận hồ sơ sau 15 giờ thì … trả kết quả trong ngày làm việc tiếp theo" → after 15:00, next working
 * day. The clause must speak of receiving/submitting and of the next working day; otherwise nothing is returned.
 */
export function findCutoffRules(text: string, source: CutoffRule['source']): CutoffRule[] {
  const out: CutoffRule[] = [];
  const re = /(?<![\p{L}])sau\s+(\d{1,2})\s*(?:giờ|h|:)\s*(?:(\d{2})(?:\s*phút)?)?/giu;
  for (const m of text.matchAll(re)) {
    const hour = Number(m[1]);
    const minute = m[2] === undefined ? 0 : Number(m[2]);
    if (hour > 23 || minute > 59) continue;
    const clause = clauseAround(text, m.index, m.index + m[0].length);
    const before = clause.slice(0, clause.indexOf(m[0]));
    if (!/nhận|nộp/iu.test(before)) continue;
    if (!/ngày\s+làm\s+việc\s+(?:tiếp\s+theo|kế\s+tiếp)/iu.test(clause)) continue;
    const after = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
    if (out.some((r) => r.after === after && r.raw === clause)) continue;
    out.push({ after, effect: 'next_working_day', source, raw: clause });
  }
  return out;
}

export interface LegalActNumberMatch {
  /** `123/2015/NĐ-CP`. */
  number: string;
  year: number;
  index: number;
  end: number;
}

// Number part "66.7", "08.a", "09b"; type "TT", "NĐ", "TTLT", "QH13" (legislature is always two digits, which
// separates "QH13" from a following "60/2014/…" in flattened tables); issuers "-BCA-C06". Digits after an issuer
// part are kept only if they do not start the next number ("TT-BTC226/2016/…").
const ACT_NUMBER_RE =
  /(\d+(?:\.\d+|\.?[a-z])?)\/((?:19|20)\d{2})\/((?:UBTVQH|QH)\d{2}|[A-ZĐ]+)((?:-[A-ZĐ]+(?:\d+(?![\d.]*[a-z]?\/))?)*)/gu;

// Words that start a legal act title or a table row (also in capitals: "SỬA ĐỔI…"); used only to give back a
// capital letter glued to an issuer.
const NEXT_TITLE_START =
  /^(?:Thông|Nghị|Luật|Quyết|Quy|Hướng|Sửa|Về|Văn|Bộ|Pháp|Chỉ|Công|Lệnh|Hiến|Cơ|Ban|Danh|Mẫu|Điều|Tên|Mã|Kết|Yêu|Thủ|Phí|Biểu)/iu;

/**
 * Legal act numbers in text. A number glued to a preceding year ("Luật Cư trú 202068/2020/QH14") is cut after
 * that year only when the year is the act's own year; other runs over four digits are returned as found so the
 * caller can flag them.
 */
export function findLegalActNumbers(text: string): LegalActNumberMatch[] {
  const out: LegalActNumberMatch[] = [];
  for (const m of text.matchAll(ACT_NUMBER_RE)) {
    let head = m[1]!;
    let index = m.index;
    let end = m.index + m[0].length;
    let tail = `${m[3]}${m[4]}`;
    const year = m[2]!;
    // "…/TT-BTCThông tư …": the capital starting the next title was read as part of the issuer.
    if (m[4] && /[A-ZĐ]$/u.test(tail) && NEXT_TITLE_START.test(text.slice(end - 1))) {
      tail = tail.slice(0, -1);
      end -= 1;
    }
    const digitRun = /^\d+/.exec(head)![0];
    if (digitRun.length > 4 && digitRun.startsWith(year)) {
      head = head.slice(year.length);
      index += year.length;
    }
    out.push({ number: `${head}/${year}/${tail}`, year: Number(year), index, end });
  }
  return out;
}

/** "ngày 15/11/2015" or "ngày 30 tháng 6 năm 2025" at the start of `text` → ISO date; invalid dates → null. */
export function readLeadingDate(text: string): string | null {
  const m =
    /^\s*,?\s*ngày\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})/iu.exec(text) ??
    /^\s*,?\s*ngày\s*(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})/iu.exec(text);
  if (!m) return null;
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${m[3]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export interface OnlineServiceReading {
  value: OnlineServiceLevel | null;
  /** Every phrase found; more than one different reading → `value` null. */
  phrases: string[];
}

/**
 * The online service classification as written. Only phrases tied to "dịch vụ công" / "trực tuyến" count:
 * "tài khoản định danh điện tử mức độ 02" is an identity level, not a service level.
 */
export function parseOnlineServiceLevel(text: string): OnlineServiceReading {
  const t = normaliseInline(text);
  const found: { phrase: string; level: OnlineServiceLevel }[] = [];
  const service = '(?:dịch vụ công|DVC(?:TT)?|trực tuyến)(?:\\s+trực tuyến)?';
  for (const m of t.matchAll(new RegExp(`${service}\\s+(toàn trình|một phần)`, 'giu'))) {
    const scope = m[1]!.toLowerCase() === 'toàn trình' ? 'full' : 'partial';
    found.push({ phrase: m[0], level: { scheme: 'current', scope } });
  }
  for (const m of t.matchAll(new RegExp(`${service}\\s+mức(?:\\s+độ)?\\s+0?([234])(?!\\d)`, 'giu'))) {
    found.push({ phrase: m[0], level: { scheme: 'legacy', level: Number(m[1]) as 2 | 3 | 4 } });
  }
  const distinct = new Set(found.map((f) => JSON.stringify(f.level)));
  return {
    value: distinct.size === 1 ? found[0]!.level : null,
    phrases: found.map((f) => f.phrase),
  };
}

/** Splits on `separator` outside parentheses: "Tổ chức (không bao gồm doanh nghiệp, HTX), Công dân Việt Nam". */
export function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    if (ch === separator && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

const LEVELS: Record<string, ImplementingLevel> = {
  'cấp bộ': 'ministry',
  'cấp trung ương': 'ministry',
  'cấp tỉnh': 'province',
  'cấp huyện': 'district',
  'cấp xã': 'commune',
  'cơ quan khác': 'other',
};

/** "Cấp bộ, Cấp tỉnh, Cấp xã, Cơ quan khác" → levels; any unknown part is returned in `unknown`. */
export function parseImplementingLevels(text: string): { levels: ImplementingLevel[]; unknown: string[] } {
  const levels: ImplementingLevel[] = [];
  const unknown: string[] = [];
  for (const part of splitTopLevel(normaliseInline(text), ',')) {
    const level = LEVELS[part.toLowerCase()];
    if (level === undefined) unknown.push(part);
    else if (!levels.includes(level)) levels.push(level);
  }
  return { levels, unknown };
}

/** Index of the `)` closing the `(` at `open`, or -1. */
export function matchingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}
