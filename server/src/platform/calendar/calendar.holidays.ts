/**
 * Statutory holidays (ngày nghỉ lễ, tết) and the Government's yearly day-off schedule.
 *
 * Law, Bộ luật Lao động 2019 (Labour Code, in force 2021-01-01):
 *  - Art. 112(1): a) Tết Dương lịch 1 day (1/1); b) Tết Âm lịch 5 days; c) Ngày Chiến thắng
 *    1 day (30/4); d) Ngày Quốc tế lao động 1 day (1/5); đ) Quốc khánh 2 days (2/9 and one
 *    adjacent day before or after); e) Giỗ Tổ Hùng Vương 1 day (10/3 lunar).
 *  - Art. 112(3): each year the Prime Minister fixes the exact days of b) and đ), which is why
 *    those placements are a policy parameter here, not a rule.
 *  - Art. 111(3): when a weekly rest day coincides with a holiday of Art. 112(1) the worker takes
 *    the compensatory day off (nghỉ bù) on the next working day. (This is Art. 111(3), not
 *    Art. 112(3).) For civil servants the weekly rest days are Saturday and Sunday (40-hour
 *    week of Quyết định 188/1999/QĐ-TTg), which the Government's schedules confirm: e.g. Giỗ Tổ
 *    2026 on Sunday 26/4 gave Monday 27/4 off.
 * Swaps of working days (hoán đổi: a weekday off, a Saturday worked in exchange) are never
 * derived: they exist only in the announced schedule (data/calendar/
 * vn_official_dayoff_schedule_2024_2027.csv), parsed here with every row's verification status.
 */

import { readCsvObjects } from '../text/index.ts';
import {
  addDays,
  dayNumberOfIso,
  formatIsoDate,
  type IsoDate,
  isIsoDate,
  isoOfDayNumber,
  type Weekday,
  weekdayOf,
} from './calendar.date.ts';
import { lunarToSolar } from './calendar.lunar.ts';

// ---------------------------------------------------------------------------------------------
// Rules

export type HolidayRule = {
  /** Stable id, the `rule_id` of vn_public_holiday_rules_blld2019_art112.csv. */
  readonly id: string;
  readonly name: string;
  readonly calendar: 'solar' | 'lunar';
  readonly month: number;
  readonly day: number;
  /** Number of days off the rule grants. */
  readonly days: number;
  /**
   * 'fixed': `days` consecutive days from the date; 'around': the days surround the date as the
   * policy says (Tết: some days before lunar 1/1, the rest from 1/1 on); 'adjacent': the date plus
   * `days - 1` days right before or after it, as the policy says (Quốc khánh).
   */
  readonly placement: 'fixed' | 'around' | 'adjacent';
  /** 'pending': decided by the Party/Government but not yet in the Labour Code; off unless enabled. */
  readonly status: 'in_force' | 'pending';
  /** First year the rule applies (inclusive). */
  readonly fromYear?: number;
  readonly legalBasis: string;
};

/** Bộ luật Lao động 2019 Art. 112(1), plus the pending Ngày Văn hóa Việt Nam (24/11). */
export const VN_HOLIDAY_RULES: readonly HolidayRule[] = [
  {
    id: 'tet_duong_lich',
    name: 'Tết Dương lịch',
    calendar: 'solar',
    month: 1,
    day: 1,
    days: 1,
    placement: 'fixed',
    status: 'in_force',
    legalBasis: 'BLLĐ 2019 Art. 112(1)(a)',
  },
  {
    id: 'tet_am_lich',
    name: 'Tết Âm lịch',
    calendar: 'lunar',
    month: 1,
    day: 1,
    days: 5,
    placement: 'around',
    status: 'in_force',
    legalBasis: 'BLLĐ 2019 Art. 112(1)(b), days fixed yearly under Art. 112(3)',
  },
  {
    id: 'gio_to_hung_vuong',
    name: 'Giỗ Tổ Hùng Vương',
    calendar: 'lunar',
    month: 3,
    day: 10,
    days: 1,
    placement: 'fixed',
    status: 'in_force',
    fromYear: 2007,
    legalBasis: 'BLLĐ 2019 Art. 112(1)(e)',
  },
  {
    id: 'ngay_chien_thang',
    name: 'Ngày Chiến thắng',
    calendar: 'solar',
    month: 4,
    day: 30,
    days: 1,
    placement: 'fixed',
    status: 'in_force',
    legalBasis: 'BLLĐ 2019 Art. 112(1)(c)',
  },
  {
    id: 'quoc_te_lao_dong',
    name: 'Ngày Quốc tế lao động',
    calendar: 'solar',
    month: 5,
    day: 1,
    days: 1,
    placement: 'fixed',
    status: 'in_force',
    legalBasis: 'BLLĐ 2019 Art. 112(1)(d)',
  },
  {
    id: 'quoc_khanh',
    name: 'Quốc khánh',
    calendar: 'solar',
    month: 9,
    day: 2,
    days: 2,
    placement: 'adjacent',
    status: 'in_force',
    // The second day exists since BLLĐ 2019 took effect; earlier years had 2/9 only.
    fromYear: 2021,
    legalBasis: 'BLLĐ 2019 Art. 112(1)(đ), adjacent day fixed yearly under Art. 112(3)',
  },
  {
    id: 'ngay_van_hoa_viet_nam',
    name: 'Ngày Văn hóa Việt Nam',
    calendar: 'solar',
    month: 11,
    day: 24,
    days: 1,
    placement: 'fixed',
    status: 'pending',
    fromYear: 2026,
    legalBasis: 'NQ 80-NQ/TW (2026), NQ 30/NQ-CP (2026): amendment of BLLĐ Art. 112 pending',
  },
];

export type AdjacentDay = 'before' | 'after';

export type HolidayPolicy = {
  /**
   * Tết days before lunar 1/1 (the rest start on 1/1). Employers choose 1 + 4 or 2 + 3 (guidance
   * under Nghị định 145/2020/NĐ-CP); for civil servants the Government decides each year (Art. 112(3)).
   * 'auto' (default) takes the choice with fewer Tết days on weekly rest days, and 2 + 3 on a tie.
   * That reproduces every announced schedule seen: 2021, 2023, 2024 (ties → 2 + 3), 2022 and 2026
   * (1 + 4, all weekdays), 2025 (2 + 3 = Mon 27/1–Fri 31/1, matching the 25/1–2/2 break).
   */
  readonly tetDaysBefore?: number | 'auto';
  /**
   * Side of 2/9 that the adjacent Quốc khánh day is on. 'auto' (default) picks the side that makes
   * the longest break together with the weekend, preferring a weekday, then 'after'. It matches the
   * schedules of 2021–2025 (2024: Mon 2/9 + Tue 3/9; 2025: Mon 1/9 + Tue 2/9).
   */
  readonly nationalDayAdjacent?: AdjacentDay | 'auto';
  /** Per-year decisions of the Prime Minister, overriding the two settings above. */
  readonly byYear?: Readonly<Record<number, { tetDaysBefore?: number; nationalDayAdjacent?: AdjacentDay }>>;
  /** Weekly rest days; default Saturday and Sunday (civil servants). */
  readonly weeklyRestDays?: readonly Weekday[];
  /** Apply Art. 111(3) compensatory days; default true. */
  readonly compensate?: boolean;
  /** Also grant pending rules: true for all, or the ids to grant. Default none. */
  readonly includePending?: boolean | readonly string[];
};

export type DayOff = {
  readonly date: IsoDate;
  readonly ruleId: string;
  readonly name: string;
  /** 'holiday': a day of Art. 112(1); 'compensatory': nghỉ bù under Art. 111(3). */
  readonly kind: 'holiday' | 'compensatory';
  /** For a compensatory day: the holiday that fell on a weekly rest day. */
  readonly compensatesFor?: IsoDate;
  readonly pending: boolean;
};

const DEFAULT_WEEKLY_REST: readonly Weekday[] = [6, 0];

function ruleApplies(rule: HolidayRule, year: number, policy: HolidayPolicy): boolean {
  if (rule.fromYear !== undefined && year < rule.fromYear) {
    return false;
  }
  if (rule.status === 'pending') {
    const inc = policy.includePending ?? false;
    return inc === true || (Array.isArray(inc) && inc.includes(rule.id));
  }
  return true;
}

function baseDate(rule: HolidayRule, year: number): IsoDate {
  return rule.calendar === 'lunar'
    ? lunarToSolar({ year, month: rule.month, day: rule.day, leap: false })
    : formatIsoDate(year, rule.month, rule.day);
}

/** Length of the run of days off (holiday or weekly rest) containing `date`. */
function breakLength(date: IsoDate, off: Set<IsoDate>, rest: readonly Weekday[]): number {
  const isOff = (d: IsoDate) => off.has(d) || rest.includes(weekdayOf(d));
  let n = 1;
  for (let d = addDays(date, -1); isOff(d); d = addDays(d, -1)) n++;
  for (let d = addDays(date, 1); isOff(d); d = addDays(d, 1)) n++;
  return n;
}

function withCompensation(holidays: IsoDate[], rest: readonly Weekday[]): IsoDate[] {
  const off = new Set(holidays);
  const result = [...holidays];
  for (const h of [...holidays].sort()) {
    if (!rest.includes(weekdayOf(h))) continue;
    let d = addDays(h, 1);
    while (off.has(d) || rest.includes(weekdayOf(d))) d = addDays(d, 1);
    off.add(d);
    result.push(d);
  }
  return result;
}

function chooseAdjacent(date: IsoDate, extra: number, rest: readonly Weekday[]): AdjacentDay {
  const score = (side: AdjacentDay) => {
    const days = [date];
    for (let i = 1; i <= extra; i++) days.push(addDays(date, side === 'before' ? -i : i));
    const off = new Set(withCompensation(days, rest));
    const weekdayHits = days.filter((d) => !rest.includes(weekdayOf(d))).length;
    return { length: breakLength(date, off, rest), weekdayHits };
  };
  const b = score('before');
  const a = score('after');
  if (b.length !== a.length) return b.length > a.length ? 'before' : 'after';
  if (b.weekdayHits !== a.weekdayHits) return b.weekdayHits > a.weekdayHits ? 'before' : 'after';
  return 'after';
}

function chooseDaysBefore(base: IsoDate, days: number, rest: readonly Weekday[]): number {
  const candidates = [2, 1].filter((b) => b < days);
  let best = candidates[0] ?? 0;
  let bestHits = Number.POSITIVE_INFINITY;
  for (const before of candidates) {
    let hits = 0;
    for (let i = 0; i < days; i++) if (rest.includes(weekdayOf(addDays(base, i - before)))) hits++;
    if (hits < bestHits) {
      best = before;
      bestHits = hits;
    }
  }
  return best;
}

/** The holiday dates of one rule in a year (without compensation). */
export function holidayDatesOfRule(rule: HolidayRule, year: number, policy: HolidayPolicy = {}): IsoDate[] {
  const base = baseDate(rule, year);
  const rest = policy.weeklyRestDays ?? DEFAULT_WEEKLY_REST;
  const forYear = policy.byYear?.[year];
  // Before BLLĐ 2019 (fromYear of quoc_khanh) the adjacent day did not exist: handled by callers
  // via ruleApplies; here we only place days.
  switch (rule.placement) {
    case 'fixed':
      return Array.from({ length: rule.days }, (_, i) => addDays(base, i));
    case 'around': {
      const chosen = forYear?.tetDaysBefore ?? policy.tetDaysBefore ?? 'auto';
      const before = chosen === 'auto' ? chooseDaysBefore(base, rule.days, rest) : chosen;
      if (!Number.isInteger(before) || before < 0 || before > rule.days) {
        throw new RangeError(`tetDaysBefore must be an integer 0…${rule.days}: ${before}`);
      }
      return Array.from({ length: rule.days }, (_, i) => addDays(base, i - before));
    }
    case 'adjacent': {
      const extra = rule.days - 1;
      const chosen = forYear?.nationalDayAdjacent ?? policy.nationalDayAdjacent ?? 'auto';
      const side = chosen === 'auto' ? chooseAdjacent(base, extra, rest) : chosen;
      const days = [base];
      for (let i = 1; i <= extra; i++) days.push(addDays(base, side === 'before' ? -i : i));
      return days.sort();
    }
  }
}

/**
 * Days off of a year derived from the rules: every holiday of Art. 112(1) placed by the policy,
 * and the Art. 111(3) compensatory day for each holiday on a weekly rest day (the next day that is
 * neither a weekly rest day nor a holiday nor already a compensatory day). Sorted by date.
 */
export function statutoryDaysOff(
  year: number,
  policy: HolidayPolicy = {},
  rules: readonly HolidayRule[] = VN_HOLIDAY_RULES,
): DayOff[] {
  const rest = policy.weeklyRestDays ?? DEFAULT_WEEKLY_REST;
  const holidays: DayOff[] = [];
  for (const rule of rules) {
    const applies = ruleApplies(rule, year, policy);
    // Quốc khánh before 2021 (BLLĐ 2012 Art. 115): 2/9 only.
    if (!applies && rule.id === 'quoc_khanh' && rule.fromYear !== undefined && year < rule.fromYear) {
      holidays.push({ date: baseDate(rule, year), ruleId: rule.id, name: rule.name, kind: 'holiday', pending: false });
      continue;
    }
    if (!applies) continue;
    for (const date of holidayDatesOfRule(rule, year, policy)) {
      holidays.push({ date, ruleId: rule.id, name: rule.name, kind: 'holiday', pending: rule.status === 'pending' });
    }
  }
  holidays.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const result: DayOff[] = [...holidays];
  if (policy.compensate ?? true) {
    const taken = new Set(holidays.map((h) => h.date));
    for (const h of holidays) {
      if (!rest.includes(weekdayOf(h.date))) continue;
      let d = addDays(h.date, 1);
      while (taken.has(d) || rest.includes(weekdayOf(d))) d = addDays(d, 1);
      taken.add(d);
      result.push({ ...h, date: d, kind: 'compensatory', compensatesFor: h.date });
    }
  }
  return result.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

export type RulesCsvIssue = { readonly line: number; readonly message: string };

/**
 * Parses vn_public_holiday_rules_blld2019_art112.csv (rule_id, ten, calendar, month, day, so_ngay,
 * ghi_chu) into rules. Placement is inferred: one day → 'fixed'; several days on a lunar date →
 * 'around' (Tết); several days on a solar date → 'adjacent' (2/9). A note starting with
 * 'PENDING' marks a pending rule. Rows that do not parse are reported, not guessed.
 */
export function parseHolidayRulesCsv(text: string): { rules: HolidayRule[]; issues: RulesCsvIssue[] } {
  const rows = readCsvObjects(text, ['rule_id', 'ten', 'calendar', 'month', 'day', 'so_ngay']);
  const rules: HolidayRule[] = [];
  const issues: RulesCsvIssue[] = [];
  for (const { line, values } of rows) {
    const id = values['rule_id'] ?? '';
    const calendar = values['calendar'];
    const month = Number(values['month']);
    const day = Number(values['day']);
    const days = Number(values['so_ngay']);
    const note = values['ghi_chu'] ?? '';
    const problems: string[] = [];
    if (!/^[a-z0-9_]+$/.test(id)) problems.push(`bad rule_id ${JSON.stringify(id)}`);
    if (calendar !== 'solar' && calendar !== 'lunar') problems.push(`bad calendar ${JSON.stringify(calendar)}`);
    if (!Number.isInteger(month) || month < 1 || month > 12) problems.push(`bad month ${values['month']}`);
    if (!Number.isInteger(day) || day < 1 || day > 31) problems.push(`bad day ${values['day']}`);
    if (!Number.isInteger(days) || days < 1 || days > 10) problems.push(`bad so_ngay ${values['so_ngay']}`);
    if (problems.length > 0) {
      issues.push({ line, message: problems.join('; ') });
      continue;
    }
    const pending = /^\s*PENDING\b/i.test(note);
    rules.push({
      id,
      name: values['ten'] ?? id,
      calendar: calendar as 'solar' | 'lunar',
      month,
      day,
      days,
      placement: days === 1 ? 'fixed' : calendar === 'lunar' ? 'around' : 'adjacent',
      status: pending ? 'pending' : 'in_force',
      legalBasis: note || 'BLLĐ 2019 Art. 112',
    });
  }
  return { rules, issues };
}

// ---------------------------------------------------------------------------------------------
// Announced schedule

export const SCHEDULE_STATUSES = [
  'confirmed',
  'partly_verified',
  'unverified',
  'rule_derived',
  'policy_pending_law',
] as const;
export type ScheduleStatus = (typeof SCHEDULE_STATUSES)[number];

export type ScheduleSwap = { readonly dayOff: IsoDate; readonly workedOn: IsoDate };

export type ScheduleRow = {
  /** Line in the CSV file (1 = header). */
  readonly line: number;
  readonly year: number;
  /** `dip`, the occasion, e.g. 'Tết Âm lịch Giáp Thìn'. */
  readonly occasion: string;
  /** Holiday rules the occasion covers ([] if the occasion is not recognised). */
  readonly ruleIds: readonly string[];
  /** The row's status as written; 'unknown' if it is not one of SCHEDULE_STATUSES. */
  readonly status: ScheduleStatus | 'unknown';
  readonly statusRaw: string;
  /** First and last day of the announced break (nghỉ từ … đến …), null if not given (VERIFY). */
  readonly offFrom: IsoDate | null;
  readonly offTo: IsoDate | null;
  /** Official holiday dates stated in ngay_le_chinh_thuc (explicit dates and ranges only). */
  readonly holidays: readonly IsoDate[];
  /** Compensatory days stated ('-> nghỉ bù Mon 2026-04-27'). */
  readonly compensatoryDays: readonly IsoDate[];
  /** Lunar 1/1 stated ('mùng 1 = 2024-02-10'). */
  readonly lunarNewYear: IsoDate | null;
  /** Weekdays given off in exchange for a worked day ('Mon 2024-04-29 off'). */
  readonly swappedDaysOff: readonly IsoDate[];
  /** Make-up working days ('worked Sat 2024-05-04'). */
  readonly makeUpWorkingDays: readonly IsoDate[];
  /** Swaps reported in a VERIFY note, not confirmed: never applied unless asked for. */
  readonly unverifiedSwaps: readonly ScheduleSwap[];
  /** True when any field says VERIFY or holds text too vague to parse. */
  readonly needsVerification: boolean;
  /** What could not be parsed or does not add up (weekday names that do not match dates, …). */
  readonly issues: readonly string[];
  readonly source: string;
  readonly raw: Readonly<Record<string, string>>;
};

const OCCASION_RULES: ReadonlyArray<readonly [RegExp, readonly string[]]> = [
  [/^Tết Dương lịch/u, ['tet_duong_lich']],
  [/^Tết Âm lịch/u, ['tet_am_lich']],
  [/^Giỗ Tổ Hùng Vương/u, ['gio_to_hung_vuong']],
  [/^30\/4\s*-\s*1\/5/u, ['ngay_chien_thang', 'quoc_te_lao_dong']],
  [/^Quốc khánh/u, ['quoc_khanh']],
  [/^Ngày Văn hóa Việt Nam/u, ['ngay_van_hoa_viet_nam']],
];

const DOW_NAMES: Readonly<Record<string, Weekday>> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const DATE = String.raw`\d{4}-\d{2}-\d{2}`;
const DOW = '(Sun|Mon|Tue|Wed|Thu|Fri|Sat)';

/** Checks a date and its stated weekday; returns the date or null after recording an issue. */
function checkedDate(value: string, dow: string | undefined, issues: string[]): IsoDate | null {
  if (!isIsoDate(value)) {
    issues.push(`invalid date ${value}`);
    return null;
  }
  if (dow !== undefined && weekdayOf(value) !== DOW_NAMES[dow]) {
    issues.push(`${value} is not a ${dow}`);
  }
  return value;
}

function datesBetween(from: IsoDate, to: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  for (let n = dayNumberOfIso(from); n <= dayNumberOfIso(to); n++) out.push(isoOfDayNumber(n));
  return out;
}

type HolidayField = { holidays: IsoDate[]; compensatory: IsoDate[]; lunarNewYear: IsoDate | null; vague: boolean };

/**
 * Grammar of ngay_le_chinh_thuc, segments separated by ',' or ';':
 *   DATE [(Dow)] | DATE..DATE [(mùng 1 = DATE)] | mùng 1 = DATE [(Dow)],
 *   each optionally followed by '-> nghỉ bù Dow DATE'.
 * A segment outside the grammar ('5 days e.g. …', '+ 1 adjacent day') is recorded as an issue
 * and contributes nothing.
 */
function parseHolidayField(text: string, issues: string[]): HolidayField {
  const out: HolidayField = { holidays: [], compensatory: [], lunarNewYear: null, vague: false };
  if (text === '') return out;
  const comp = new RegExp(String.raw`^(.*?)\s*->\s*nghỉ bù\s+${DOW}\s+(${DATE})$`, 'u');
  const single = new RegExp(String.raw`^(${DATE})(?:\s*\(${DOW}\))?$`, 'u');
  const range = new RegExp(String.raw`^(${DATE})\.\.(${DATE})(?:\s*\(mùng 1 = (${DATE})\))?$`, 'u');
  const tet = new RegExp(String.raw`^mùng 1 = (${DATE})(?:\s*\(${DOW}\))?$`, 'u');
  for (const rawSegment of text.normalize('NFC').split(/[;,]/)) {
    let segment = rawSegment.trim();
    if (segment === '') continue;
    const c = comp.exec(segment);
    if (c) {
      const d = checkedDate(c[3]!, c[2], issues);
      if (d) out.compensatory.push(d);
      segment = c[1]!.trim();
    }
    const one = single.exec(segment);
    const span = one ? null : range.exec(segment);
    const tetDay = one || span ? null : tet.exec(segment);
    if (one) {
      const d = checkedDate(one[1]!, one[2], issues);
      if (d) out.holidays.push(d);
    } else if (span) {
      const from = checkedDate(span[1]!, undefined, issues);
      const to = checkedDate(span[2]!, undefined, issues);
      if (from && to && from <= to) out.holidays.push(...datesBetween(from, to));
      else issues.push(`bad range ${segment}`);
      if (span[3]) out.lunarNewYear = checkedDate(span[3], undefined, issues);
    } else if (tetDay) {
      out.lunarNewYear = checkedDate(tetDay[1]!, tetDay[2], issues);
    } else {
      issues.push(`ngay_le_chinh_thuc: cannot parse ${JSON.stringify(segment)}`);
      out.vague = true;
    }
  }
  return out;
}

type SwapField = { swappedOff: IsoDate[]; madeUp: IsoDate[]; unverified: ScheduleSwap[]; verify: boolean };

/**
 * Grammar of lam_bu_hoan_doi, segments separated by ',':
 *   'Dow DATE off' | 'worked Dow DATE' | 'VERIFY' | 'VERIFY (reported: Dow DATE swapped with Dow DATE)'
 *   | 'VERIFY (any note)'.
 */
function parseSwapField(text: string, issues: string[]): SwapField {
  const out: SwapField = { swappedOff: [], madeUp: [], unverified: [], verify: false };
  if (text === '') return out;
  const normalized = text.normalize('NFC').trim();
  const verify = /^VERIFY\b\s*(?:\((.*)\))?$/su.exec(normalized);
  if (verify) {
    out.verify = true;
    const note = verify[1]?.trim();
    if (note) {
      const reported = new RegExp(
        String.raw`^reported:\s*${DOW}\s+(${DATE})\s+swapped with\s+${DOW}\s+(${DATE})$`,
        'u',
      );
      const r = reported.exec(note);
      if (r) {
        const dayOff = checkedDate(r[2]!, r[1], issues);
        const workedOn = checkedDate(r[4]!, r[3], issues);
        if (dayOff && workedOn) out.unverified.push({ dayOff, workedOn });
      } else {
        issues.push(`lam_bu_hoan_doi: unverified note ${JSON.stringify(note)}`);
      }
    }
    return out;
  }
  const off = new RegExp(String.raw`^${DOW}\s+(${DATE})\s+off$`, 'u');
  const worked = new RegExp(String.raw`^worked\s+${DOW}\s+(${DATE})$`, 'u');
  for (const rawSegment of normalized.split(',')) {
    const segment = rawSegment.trim();
    const offMatch = off.exec(segment);
    const workedMatch = offMatch ? null : worked.exec(segment);
    if (offMatch) {
      const d = checkedDate(offMatch[2]!, offMatch[1], issues);
      if (d) out.swappedOff.push(d);
    } else if (workedMatch) {
      const d = checkedDate(workedMatch[2]!, workedMatch[1], issues);
      if (d) out.madeUp.push(d);
    } else {
      issues.push(`lam_bu_hoan_doi: cannot parse ${JSON.stringify(segment)}`);
      out.verify = true;
    }
  }
  return out;
}

function parseBound(value: string, column: string, issues: string[]): { date: IsoDate | null; verify: boolean } {
  if (value === 'VERIFY') return { date: null, verify: true };
  if (value === '') {
    issues.push(`${column} is empty`);
    return { date: null, verify: true };
  }
  if (!isIsoDate(value)) {
    issues.push(`${column}: not a date ${JSON.stringify(value)}`);
    return { date: null, verify: true };
  }
  return { date: value, verify: false };
}

/**
 * Parses vn_official_dayoff_schedule_2024_2027.csv (year, dip, nghi_tu, nghi_den,
 * ngay_le_chinh_thuc, lam_bu_hoan_doi, trang_thai, nguon). Every row is returned, with its
 * status as written and the list of what could not be parsed: nothing is guessed.
 */
export function parseDayOffScheduleCsv(text: string): ScheduleRow[] {
  const required = ['year', 'dip', 'nghi_tu', 'nghi_den', 'ngay_le_chinh_thuc', 'lam_bu_hoan_doi', 'trang_thai'];
  return readCsvObjects(text, required).map(({ line, values, fieldCount, headerCount }) => {
    const issues: string[] = [];
    if (fieldCount !== headerCount) issues.push(`${fieldCount} fields, header has ${headerCount}`);
    const year = Number(values['year']);
    if (!Number.isInteger(year) || year < 1900 || year > 2200) issues.push(`bad year ${values['year']}`);
    const occasion = (values['dip'] ?? '').normalize('NFC');
    const ruleIds = OCCASION_RULES.find(([re]) => re.test(occasion))?.[1] ?? [];
    if (ruleIds.length === 0) issues.push(`unknown occasion ${JSON.stringify(occasion)}`);
    const statusRaw = values['trang_thai'] ?? '';
    const status = (SCHEDULE_STATUSES as readonly string[]).includes(statusRaw)
      ? (statusRaw as ScheduleStatus)
      : 'unknown';
    if (status === 'unknown') issues.push(`unknown status ${JSON.stringify(statusRaw)}`);
    const from = parseBound(values['nghi_tu'] ?? '', 'nghi_tu', issues);
    const to = parseBound(values['nghi_den'] ?? '', 'nghi_den', issues);
    let offFrom = from.date;
    let offTo = to.date;
    if (offFrom && offTo && offFrom > offTo) {
      issues.push(`nghi_tu ${offFrom} is after nghi_den ${offTo}`);
      offFrom = null;
      offTo = null;
    }
    if (offFrom && Number.isInteger(year) && !offFrom.startsWith(String(year)) && !offTo?.startsWith(String(year))) {
      issues.push(`break ${offFrom}…${offTo} is not in ${year}`);
    }
    const holidayField = parseHolidayField(values['ngay_le_chinh_thuc'] ?? '', issues);
    const swaps = parseSwapField(values['lam_bu_hoan_doi'] ?? '', issues);
    if (offFrom && offTo) {
      for (const d of [...swaps.swappedOff, ...holidayField.holidays, ...holidayField.compensatory]) {
        if (d < offFrom || d > offTo) issues.push(`${d} is outside the break ${offFrom}…${offTo}`);
      }
    }
    const needsVerification =
      from.verify ||
      to.verify ||
      holidayField.vague ||
      swaps.verify ||
      status === 'unverified' ||
      status === 'partly_verified' ||
      status === 'unknown';
    return {
      line,
      year,
      occasion,
      ruleIds,
      status,
      statusRaw,
      offFrom,
      offTo,
      holidays: holidayField.holidays,
      compensatoryDays: holidayField.compensatory,
      lunarNewYear: holidayField.lunarNewYear,
      swappedDaysOff: swaps.swappedOff,
      makeUpWorkingDays: swaps.madeUp,
      unverifiedSwaps: swaps.unverified,
      needsVerification,
      issues,
      source: values['nguon'] ?? '',
      raw: values,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Combining rules and schedule

export type DaysOffOptions = {
  readonly years: readonly number[];
  readonly schedule?: readonly ScheduleRow[];
  /** Schedule rows with these statuses replace the rules for their occasion. Default confirmed, partly_verified. */
  readonly acceptStatuses?: readonly (ScheduleStatus | 'unknown')[];
  /** Apply swaps reported in VERIFY notes. Default false. */
  readonly applyUnverifiedSwaps?: boolean;
  readonly policy?: HolidayPolicy;
  readonly rules?: readonly HolidayRule[];
};

export type DaysOffPlan = {
  /** Every day off (holidays, compensatory days, swapped days, weekends inside announced breaks). */
  readonly daysOff: readonly IsoDate[];
  /** Weekly rest days that are worked (làm bù). */
  readonly makeUpWorkingDays: readonly IsoDate[];
  /** Where each year's occasions came from. */
  readonly sources: ReadonlyArray<{
    readonly year: number;
    readonly ruleId: string;
    readonly from: 'schedule' | 'rules';
    readonly scheduleLine?: number;
    readonly status?: string;
  }>;
};

/**
 * Days off for the given years: an announced schedule row with an accepted status (and a complete
 * break) wins for the rules it covers; every other rule is derived with `statutoryDaysOff`.
 */
export function planDaysOff(options: DaysOffOptions): DaysOffPlan {
  const accept = options.acceptStatuses ?? ['confirmed', 'partly_verified'];
  const policy = options.policy ?? {};
  const rules = options.rules ?? VN_HOLIDAY_RULES;
  const daysOff = new Set<IsoDate>();
  const makeUp = new Set<IsoDate>();
  const sources: DaysOffPlan['sources'][number][] = [];
  for (const year of options.years) {
    const covered = new Set<string>();
    for (const row of options.schedule ?? []) {
      if (row.year !== year || !accept.includes(row.status) || !row.offFrom || !row.offTo) continue;
      if (row.ruleIds.length === 0) continue;
      for (const d of datesBetween(row.offFrom, row.offTo)) daysOff.add(d);
      for (const d of row.swappedDaysOff) daysOff.add(d);
      for (const d of row.makeUpWorkingDays) makeUp.add(d);
      if (options.applyUnverifiedSwaps) {
        for (const s of row.unverifiedSwaps) {
          daysOff.add(s.dayOff);
          makeUp.add(s.workedOn);
        }
      }
      for (const id of row.ruleIds) {
        covered.add(id);
        sources.push({ year, ruleId: id, from: 'schedule', scheduleLine: row.line, status: row.status });
      }
    }
    const derived = statutoryDaysOff(year, policy, rules).filter((d) => !covered.has(d.ruleId));
    for (const d of derived) daysOff.add(d.date);
    for (const id of new Set(derived.map((d) => d.ruleId))) sources.push({ year, ruleId: id, from: 'rules' });
  }
  for (const d of makeUp) daysOff.delete(d);
  return { daysOff: [...daysOff].sort(), makeUpWorkingDays: [...makeUp].sort(), sources };
}

export type ScheduleFinding = {
  readonly year: number;
  readonly occasion: string;
  readonly line: number;
  readonly status: string;
  readonly kind:
    | 'announced_only' // a weekday off in the announced break that the rules do not give
    | 'derived_only' // a weekday the rules give off that the announced break does not
    | 'stated_holiday_mismatch' // an official holiday stated in the row that the rules place elsewhere
    | 'lunar_new_year_mismatch' // 'mùng 1 = …' differs from the computed lunar calendar
    | 'unverified_swap' // a swap reported in a VERIFY note
    | 'not_comparable'; // the row has no complete break to compare with
  readonly date?: IsoDate;
  /** For announced_only: the row lists it as a swapped day ('swap') or in a VERIFY note ('unverified_swap'). */
  readonly explainedBy?: 'swap' | 'unverified_swap';
  readonly detail: string;
};

/**
 * Compares each schedule row with the rules (as the policy places them): weekday days off in the
 * announced break versus derived holidays and compensatory days, stated holiday dates, and the
 * stated lunar new year. Returns the disagreements; swaps that explain one are marked.
 */
export function checkScheduleAgainstRules(
  rows: readonly ScheduleRow[],
  policy: HolidayPolicy = {},
  rules: readonly HolidayRule[] = VN_HOLIDAY_RULES,
): ScheduleFinding[] {
  const rest = policy.weeklyRestDays ?? DEFAULT_WEEKLY_REST;
  const all = { ...policy, includePending: true };
  const findings: ScheduleFinding[] = [];
  for (const row of rows) {
    const base = { year: row.year, occasion: row.occasion, line: row.line, status: row.statusRaw };
    const derived = statutoryDaysOff(row.year, all, rules).filter((d) => row.ruleIds.includes(d.ruleId));
    if (row.lunarNewYear) {
      const computed = lunarToSolar({ year: row.year, month: 1, day: 1, leap: false });
      if (computed !== row.lunarNewYear) {
        findings.push({
          ...base,
          kind: 'lunar_new_year_mismatch',
          date: row.lunarNewYear,
          detail: `row says mùng 1 = ${row.lunarNewYear}, computed ${computed}`,
        });
      }
    }
    // The rows' "official days" sometimes list the whole break (2024 Tết), so a stated day that the
    // rules give as a compensatory day is not a disagreement.
    const derivedDays = new Set(derived.map((d) => d.date));
    for (const d of row.holidays) {
      if (!derivedDays.has(d)) {
        findings.push({
          ...base,
          kind: 'stated_holiday_mismatch',
          date: d,
          detail: `${d} stated as an official holiday; the rules do not give it off`,
        });
      }
    }
    const derivedWeekdays = derived.map((d) => d.date).filter((d) => !rest.includes(weekdayOf(d)));
    for (const swap of row.unverifiedSwaps) {
      const byRules = derivedWeekdays.includes(swap.dayOff);
      findings.push({
        ...base,
        kind: 'unverified_swap',
        date: swap.dayOff,
        detail:
          `reported swap: ${swap.dayOff} off, ${swap.workedOn} worked (not applied unless asked); ` +
          (byRules
            ? `the rules already give ${swap.dayOff} off as a holiday`
            : `the rules do not give ${swap.dayOff} off`),
      });
    }
    if (!row.offFrom || !row.offTo) {
      findings.push({
        ...base,
        kind: 'not_comparable',
        detail: `no complete break in the row; rules give weekdays off ${[...new Set(derivedWeekdays)].sort().join(', ') || 'none'}`,
      });
      continue;
    }
    const announced = datesBetween(row.offFrom, row.offTo).filter((d) => !rest.includes(weekdayOf(d)));
    const derivedSet = new Set(derivedWeekdays);
    const announcedSet = new Set(announced);
    for (const d of announced) {
      if (derivedSet.has(d)) continue;
      const explainedBy = row.swappedDaysOff.includes(d)
        ? 'swap'
        : row.unverifiedSwaps.some((s) => s.dayOff === d)
          ? 'unverified_swap'
          : undefined;
      findings.push({
        ...base,
        kind: 'announced_only',
        date: d,
        ...(explainedBy ? { explainedBy } : {}),
        detail: `${d} is off in the announced break but not by the rules`,
      });
    }
    for (const d of [...derivedSet].sort()) {
      if (!announcedSet.has(d)) {
        findings.push({
          ...base,
          kind: 'derived_only',
          date: d,
          detail: `rules give ${d} off, outside the announced break`,
        });
      }
    }
  }
  return findings;
}
