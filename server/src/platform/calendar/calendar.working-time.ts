/**
 * Working calendar and deadline arithmetic, in Asia/Ho_Chi_Minh time (UTC+7, no DST). Instants
 * are `Date`s; every computation shifts them by +7 h explicitly (calendar.date.ts), so the host's
 * time zone never matters.
 *
 * Counting convention for processing times in working days (addWorkingDays):
 *  - Nghị định 61/2018/NĐ-CP (amended by 107/2021) and its successor Nghị định 118/2025/NĐ-CP on
 *    the one-stop mechanism set processing times in working days counted from the receipt of a
 *    complete dossier, and the receipt form (Giấy tiếp nhận hồ sơ và hẹn trả kết quả) states the
 *    return date. They do not fix the instant within a day, so the day counting follows the Civil
 *    Code 2015: Art. 147(2), the day of the event (receipt) is not counted, the period starts the
 *    next day; Art. 148, a period that would end on a weekly rest day or holiday ends on the next
 *    working day (here only working days are counted at all).
 *  - The receipt day is the day the dossier is received if that is a working day and it is received
 *    before the close of office hours and not after the procedure's cutoff (e.g. "hồ sơ nhận sau
 *    15 giờ được tính vào ngày làm việc tiếp theo"); otherwise it is the next working day. A dossier
 *    received on a non-working day, or after hours (the practice for online submissions under
 *    Nghị định 45/2020/NĐ-CP), therefore counts from the next working day.
 *  - DUE INSTANT: the end of office hours (the close of the last office-hours interval, e.g. 17:00)
 *    of the Nth working day after the receipt day. Civil Code Art. 148 would end a period at 24:00,
 *    but results are handed over during office hours, so the appointment is the close of business.
 *    N = 0 ("trả trong ngày") is due at the close of the receipt day.
 *  Example: received Friday 2026-04-24 16:00, cutoff 15:00, 3 working days: receipt day is the next
 *  working day, Tue 2026-04-28 (Sat 25, Sun 26 = Giỗ Tổ on a Sunday, Mon 27 = its compensatory day);
 *  counting starts Wed 29: day 1 Wed 29/4, (Thu 30/4, Fri 1/5 holidays, weekend), day 2 Mon 4/5,
 *  day 3 Tue 5/5 → due Tue 2026-05-05 17:00 +07.
 *
 * Working hours (addWorkingHours, workingTimeBetween) count only time inside office hours of
 * working days: nights, lunch breaks, weekends and days off are skipped. Both are used to stop the
 * clock while the citizen supplements a dossier (remaining = workingTimeBetween(pause, due); on
 * resumption the new due instant is addWorkingMinutes(resume, remaining)).
 */
import {
  assertValidDate,
  DAY_MS,
  type DayInput,
  dayNumberOfInput,
  formatHhMm,
  type HhMm,
  type IsoDate,
  isoOfDayNumber,
  MINUTE_MS,
  parseHhMm,
  vnDayNumberOf,
  vnInstantOfDayNumber,
  vnMsOfDay,
  type Weekday,
  weekdayOfDayNumber,
} from './calendar.date.ts';
import { type DaysOffOptions, type DaysOffPlan, planDaysOff } from './calendar.holidays.ts';

export type TimeRange = { readonly start: HhMm; readonly end: HhMm };

export type WorkingCalendarConfig = {
  /** Working weekdays, 0 = Sunday … 6 = Saturday. Default Monday–Friday. */
  readonly workWeek?: readonly Weekday[];
  /** Office hours of a working day. Default 07:00–11:30 and 13:00–17:00. */
  readonly officeHours?: readonly TimeRange[];
  /** Office hours of particular weekdays, e.g. `{ 6: [{ start: '07:00', end: '11:30' }] }` for Saturday mornings. */
  readonly hoursByWeekday?: Readonly<Partial<Record<Weekday, readonly TimeRange[]>>>;
  /** Days off (holidays, compensatory and swapped days), 'YYYY-MM-DD'. */
  readonly daysOff?: Iterable<IsoDate>;
  /** Make-up working days (a Saturday worked in exchange for a day off); they get `officeHours`. */
  readonly makeUpWorkingDays?: Iterable<IsoDate>;
};

export type DeadlineRule = {
  /** Received after this time ('HH:MM', Vietnam time), the dossier counts from the next working day. */
  readonly cutoff?: HhMm;
};

export type Timeliness = 'early' | 'on_time' | 'late';

/** 07:00–11:30, 13:00–17:00: a common provincial timetable (set by each People's Committee). */
export const DEFAULT_OFFICE_HOURS: readonly TimeRange[] = [
  { start: '07:00', end: '11:30' },
  { start: '13:00', end: '17:00' },
];

type Interval = { readonly start: number; readonly end: number };

/** Working days are searched at most this far ahead before the calendar is declared empty. */
const SEARCH_LIMIT_DAYS = 3660;

function toIntervals(ranges: readonly TimeRange[], what: string): Interval[] {
  const intervals = ranges.map((r) => ({ start: parseHhMm(r.start) * MINUTE_MS, end: parseHhMm(r.end) * MINUTE_MS }));
  intervals.sort((a, b) => a.start - b.start);
  let previousEnd = -1;
  for (const iv of intervals) {
    if (iv.end <= iv.start) throw new RangeError(`${what}: empty or reversed interval`);
    if (iv.start < previousEnd) throw new RangeError(`${what}: overlapping intervals`);
    previousEnd = iv.end;
  }
  return intervals;
}

function assertDays(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${what} must be a whole number ≥ 0: ${value}`);
}

export class WorkingCalendar {
  readonly #workWeek: ReadonlySet<Weekday>;
  readonly #hours: readonly Interval[];
  readonly #weekdayHours: ReadonlyMap<Weekday, readonly Interval[]>;
  readonly #daysOff: ReadonlySet<number>;
  readonly #makeUp: ReadonlySet<number>;

  constructor(config: WorkingCalendarConfig = {}) {
    this.#workWeek = new Set(config.workWeek ?? [1, 2, 3, 4, 5]);
    for (const d of this.#workWeek) {
      if (!Number.isInteger(d) || d < 0 || d > 6) throw new RangeError(`workWeek: bad weekday ${d}`);
    }
    this.#hours = toIntervals(config.officeHours ?? DEFAULT_OFFICE_HOURS, 'officeHours');
    if (this.#hours.length === 0) throw new RangeError('officeHours: no interval');
    const weekdayHours = new Map<Weekday, readonly Interval[]>();
    for (const [key, ranges] of Object.entries(config.hoursByWeekday ?? {})) {
      const weekday = Number(key) as Weekday;
      if (!ranges || ranges.length === 0) throw new RangeError(`hoursByWeekday[${key}]: no interval`);
      weekdayHours.set(weekday, toIntervals(ranges, `hoursByWeekday[${key}]`));
    }
    this.#weekdayHours = weekdayHours;
    this.#daysOff = new Set([...(config.daysOff ?? [])].map((d) => dayNumberOfInput(d)));
    this.#makeUp = new Set([...(config.makeUpWorkingDays ?? [])].map((d) => dayNumberOfInput(d)));
    for (const d of this.#makeUp) {
      if (this.#daysOff.has(d))
        throw new RangeError(`${isoOfDayNumber(d)} is both a day off and a make-up working day`);
    }
  }

  #isWorking(day: number): boolean {
    if (this.#makeUp.has(day)) return true;
    if (this.#daysOff.has(day)) return false;
    return this.#workWeek.has(weekdayOfDayNumber(day));
  }

  #intervalsOn(day: number): readonly Interval[] {
    if (!this.#isWorking(day)) return [];
    if (this.#makeUp.has(day)) return this.#hours;
    return this.#weekdayHours.get(weekdayOfDayNumber(day)) ?? this.#hours;
  }

  #nextWorking(day: number): number {
    for (let d = day + 1; d <= day + SEARCH_LIMIT_DAYS; d++) if (this.#isWorking(d)) return d;
    throw new RangeError(`No working day within ${SEARCH_LIMIT_DAYS} days after ${isoOfDayNumber(day)}`);
  }

  /** True if the day (an instant's Vietnamese date, or 'YYYY-MM-DD') is a working day. */
  isWorkingDay(day: DayInput): boolean {
    return this.#isWorking(dayNumberOfInput(day));
  }

  /** Office hours of a day; empty on a non-working day. */
  officeHoursOn(day: DayInput): TimeRange[] {
    return this.#intervalsOn(dayNumberOfInput(day)).map((iv) => ({
      start: formatHhMm(iv.start / MINUTE_MS),
      end: formatHhMm(iv.end / MINUTE_MS),
    }));
  }

  /** The first working day strictly after the given day. */
  nextWorkingDay(day: DayInput): IsoDate {
    return isoOfDayNumber(this.#nextWorking(dayNumberOfInput(day)));
  }

  /** The given day if it is a working day, else the next one. */
  workingDayOnOrAfter(day: DayInput): IsoDate {
    const n = dayNumberOfInput(day);
    return isoOfDayNumber(this.#isWorking(n) ? n : this.#nextWorking(n));
  }

  #receiptDay(start: Date, rule?: DeadlineRule): number {
    assertValidDate(start);
    const day = vnDayNumberOf(start);
    const t = vnMsOfDay(start);
    const hours = this.#intervalsOn(day);
    const close = hours.at(-1)?.end;
    if (close === undefined || t >= close) return this.#nextWorking(day);
    if (rule?.cutoff !== undefined && t > parseHhMm(rule.cutoff) * MINUTE_MS) return this.#nextWorking(day);
    return day;
  }

  /**
   * The day a dossier received at `start` is deemed received: that day if it is a working day and
   * the dossier came before the close of office hours and not after the cutoff; else the next
   * working day.
   */
  receiptDay(start: Date, rule?: DeadlineRule): IsoDate {
    return isoOfDayNumber(this.#receiptDay(start, rule));
  }

  /**
   * Due instant of a dossier received at `start` with a processing time of `days` working days:
   * the close of office hours of the `days`-th working day after the receipt day (see the file
   * comment for the legal basis). `days` = 0 is due at the close of the receipt day.
   */
  addWorkingDays(start: Date, days: number, rule?: DeadlineRule): Date {
    assertDays(days, 'days');
    let day = this.#receiptDay(start, rule);
    for (let i = 0; i < days; i++) day = this.#nextWorking(day);
    return vnInstantOfDayNumber(day, this.#intervalsOn(day).at(-1)!.end);
  }

  /**
   * Extends a due instant by `days` working days (Form 04 extension, or a step's due date moved
   * on): the close of the `days`-th working day after the due date's own day. Unlike
   * addWorkingDays it does not treat the due instant as a new receipt, so extending the due date
   * of N days by M equals the due date of N + M days.
   */
  extendByWorkingDays(due: Date, days: number): Date {
    assertDays(days, 'days');
    assertValidDate(due);
    let day = vnDayNumberOf(due);
    if (!this.#isWorking(day)) day = this.#nextWorking(day);
    for (let i = 0; i < days; i++) day = this.#nextWorking(day);
    return vnInstantOfDayNumber(day, this.#intervalsOn(day).at(-1)!.end);
  }

  /**
   * The due instant after the clock was stopped at `pausedAt` (a supplement request, Nghị định
   * 61/2018/NĐ-CP Art. 15 as amended: the time to supplement is not counted) and restarted at
   * `resumedAt`: the working time that was left at the pause runs again from the resumption.
   * A pause after the due instant changes nothing (the dossier is already late); a pause never
   * shortens the time.
   */
  resumeAfterPause(due: Date, pausedAt: Date, resumedAt: Date): Date {
    assertValidDate(due);
    if (resumedAt.getTime() < pausedAt.getTime()) throw new RangeError('resumedAt is before pausedAt');
    if (pausedAt.getTime() >= due.getTime()) return new Date(due.getTime());
    const remaining = this.#workingMsBetween(pausedAt, due);
    // resumedAt ≥ pausedAt, so the result is never before `due` (the property test proves it).
    return this.#addWorkingMs(resumedAt, remaining);
  }

  #addWorkingMs(start: Date, ms: number): Date {
    assertValidDate(start);
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`Working time must be ≥ 0: ${ms}`);
    if (ms === 0) return new Date(start.getTime());
    let day = vnDayNumberOf(start);
    let t = vnMsOfDay(start);
    let remaining = ms;
    const limit = day + SEARCH_LIMIT_DAYS + Math.ceil(ms / MINUTE_MS);
    for (; day <= limit; day++, t = 0) {
      for (const iv of this.#intervalsOn(day)) {
        if (t >= iv.end) continue;
        const from = Math.max(t, iv.start);
        const available = iv.end - from;
        if (remaining <= available) return vnInstantOfDayNumber(day, from + remaining);
        remaining -= available;
      }
    }
    throw new RangeError('No working time in the calendar');
  }

  /**
   * The instant `hours` working hours after `start` (start outside office hours: the clock runs
   * from the next opening). Lunch breaks, nights and days off are skipped; a result that lands
   * exactly on the end of an interval stays there (11:30 rather than 13:00).
   */
  addWorkingHours(start: Date, hours: number): Date {
    return this.#addWorkingMs(start, Math.round(hours * 3_600_000));
  }

  addWorkingMinutes(start: Date, minutes: number): Date {
    return this.#addWorkingMs(start, Math.round(minutes * MINUTE_MS));
  }

  #workingMsBetween(a: Date, b: Date): number {
    assertValidDate(a);
    assertValidDate(b);
    if (b.getTime() < a.getTime()) return -this.#workingMsBetween(b, a);
    const firstDay = vnDayNumberOf(a);
    const lastDay = vnDayNumberOf(b);
    const aLocal = a.getTime() + 7 * 3_600_000;
    const bLocal = b.getTime() + 7 * 3_600_000;
    let total = 0;
    for (let day = firstDay; day <= lastDay; day++) {
      const base = day * DAY_MS;
      for (const iv of this.#intervalsOn(day)) {
        const from = Math.max(base + iv.start, aLocal);
        const to = Math.min(base + iv.end, bLocal);
        if (to > from) total += to - from;
      }
    }
    return total;
  }

  /** Working minutes from `a` to `b` (negative if `b` is before `a`); may be fractional. */
  workingTimeBetween(a: Date, b: Date): number {
    return this.#workingMsBetween(a, b) / MINUTE_MS;
  }

  /**
   * Due instants of the steps of a procedure: the whole processing time (from the receipt to
   * addWorkingDays(start, totalDays, rule)) is divided in proportion to `shares` (any non-negative
   * weights, e.g. [0.5, 1.5, 0.5, 0.5] days or [10, 60, 20, 10] %), and step i is due when the
   * shares up to and including i have elapsed in working time. The last step is due exactly at the
   * dossier's due instant. The clock starts at `start`, or at the start of the receipt day when the
   * cutoff or a non-working day moved it.
   */
  splitShares(start: Date, totalDays: number, shares: readonly number[], rule?: DeadlineRule): Date[] {
    if (shares.length === 0) throw new RangeError('shares: at least one step');
    if (shares.some((s) => !Number.isFinite(s) || s < 0)) throw new RangeError('shares must be finite and ≥ 0');
    const sum = shares.reduce((a, b) => a + b, 0);
    if (sum <= 0) throw new RangeError('shares must not all be 0');
    const due = this.addWorkingDays(start, totalDays, rule);
    const receipt = this.#receiptDay(start, rule);
    const clockStart = receipt === vnDayNumberOf(start) ? start : vnInstantOfDayNumber(receipt, 0);
    const budget = this.#workingMsBetween(clockStart, due);
    let cumulative = 0;
    return shares.map((share, i) => {
      cumulative += share;
      if (i === shares.length - 1) return new Date(due.getTime());
      return this.#addWorkingMs(clockStart, Math.round((budget * cumulative) / sum));
    });
  }

  /**
   * Early / on time / late of a completion against its due instant: late after the due instant;
   * early if completed on a Vietnamese calendar day before the due day; otherwise on time.
   */
  classify(due: Date, completedAt: Date): Timeliness {
    assertValidDate(due);
    assertValidDate(completedAt);
    if (completedAt.getTime() > due.getTime()) return 'late';
    return vnDayNumberOf(completedAt) < vnDayNumberOf(due) ? 'early' : 'on_time';
  }
}

export type VietnamWorkingCalendarOptions = Omit<WorkingCalendarConfig, 'daysOff' | 'makeUpWorkingDays'> &
  DaysOffOptions & {
    /** Extra local days off (provincial decisions), added to the national ones. */
    readonly extraDaysOff?: Iterable<IsoDate>;
    readonly extraMakeUpWorkingDays?: Iterable<IsoDate>;
  };

/**
 * A working calendar with the national days off of the given years: the announced schedule where
 * its rows are accepted, the Labour Code rules elsewhere (planDaysOff), plus local extras.
 */
export function createVietnamWorkingCalendar(options: VietnamWorkingCalendarOptions): {
  calendar: WorkingCalendar;
  plan: DaysOffPlan;
} {
  const plan = planDaysOff(options);
  const makeUp = new Set([...plan.makeUpWorkingDays, ...(options.extraMakeUpWorkingDays ?? [])]);
  const daysOff = new Set([...plan.daysOff, ...(options.extraDaysOff ?? [])]);
  for (const d of makeUp) daysOff.delete(d);
  const calendar = new WorkingCalendar({ ...options, daysOff, makeUpWorkingDays: makeUp });
  return { calendar, plan };
}
