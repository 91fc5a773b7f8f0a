/**
 * Civil-date helpers shared by the calendar files. A calendar day is an ISO string 'YYYY-MM-DD'
 * (proleptic Gregorian); an instant is a `Date`. Vietnam has used UTC+7 without daylight saving
 * since 1975, so the Vietnamese civil date of an instant is computed by shifting it by exactly
 * +7 h and reading the UTC fields: no dependency on the host's time zone or on Intl.
 */

/** A calendar day, 'YYYY-MM-DD'. */
export type IsoDate = string;

/** A wall-clock time 'HH:MM' (00:00–24:00). */
export type HhMm = string;

/** 0 = Sunday … 6 = Saturday, the numbering of `Date#getUTCDay`. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export type SolarDate = { readonly year: number; readonly month: number; readonly day: number };

export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;
/** Asia/Ho_Chi_Minh: UTC+7, no DST. */
export const VN_OFFSET_MS = 7 * 3_600_000;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const HH_MM = /^(\d{2}):(\d{2})$/;

/** Days since 1970-01-01 of a civil date (negative before). */
export function dayNumberOf(year: number, month: number, day: number): number {
  const d = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  d.setUTCFullYear(year, month - 1, day);
  return Math.floor(d.getTime() / DAY_MS);
}

export function solarDateOfDayNumber(n: number): SolarDate {
  const d = new Date(n * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function formatIsoDate(year: number, month: number, day: number): IsoDate {
  const y = String(year).padStart(4, '0');
  return `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Parses 'YYYY-MM-DD' strictly (2025-02-30 is rejected). */
export function parseIsoDate(value: string): SolarDate {
  const m = ISO_DATE.exec(value);
  if (!m) throw new RangeError(`Not a date 'YYYY-MM-DD': ${JSON.stringify(value)}`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const back = solarDateOfDayNumber(dayNumberOf(year, month, day));
  if (back.year !== year || back.month !== month || back.day !== day) {
    throw new RangeError(`No such calendar day: ${value}`);
  }
  return { year, month, day };
}

export function isIsoDate(value: string): boolean {
  try {
    parseIsoDate(value);
    return true;
  } catch {
    return false;
  }
}

export function dayNumberOfIso(value: IsoDate): number {
  const { year, month, day } = parseIsoDate(value);
  return dayNumberOf(year, month, day);
}

export function isoOfDayNumber(n: number): IsoDate {
  const { year, month, day } = solarDateOfDayNumber(n);
  return formatIsoDate(year, month, day);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return isoOfDayNumber(dayNumberOfIso(date) + days);
}

export function weekdayOfDayNumber(n: number): Weekday {
  // 1970-01-01 was a Thursday (4).
  return ((((n + 4) % 7) + 7) % 7) as Weekday;
}

export function weekdayOf(date: IsoDate): Weekday {
  return weekdayOfDayNumber(dayNumberOfIso(date));
}

/** Vietnamese day number (days since 1970-01-01 in UTC+7) of an instant. */
export function vnDayNumberOf(instant: Date): number {
  return Math.floor((instant.getTime() + VN_OFFSET_MS) / DAY_MS);
}

/** The civil date in Vietnam (UTC+7) of an instant. */
export function vnDateOf(instant: Date): IsoDate {
  assertValidDate(instant);
  return isoOfDayNumber(vnDayNumberOf(instant));
}

/** Milliseconds since Vietnamese midnight of an instant. */
export function vnMsOfDay(instant: Date): number {
  return instant.getTime() + VN_OFFSET_MS - vnDayNumberOf(instant) * DAY_MS;
}

/** The instant of a Vietnamese wall-clock time on a day number; `msOfDay` may be 24 h (= next midnight). */
export function vnInstantOfDayNumber(dayNumber: number, msOfDay: number): Date {
  return new Date(dayNumber * DAY_MS + msOfDay - VN_OFFSET_MS);
}

/** The instant of 'YYYY-MM-DD' at 'HH:MM' Vietnam time, e.g. vnInstant('2026-04-24', '16:00'). */
export function vnInstant(date: IsoDate, time: HhMm = '00:00'): Date {
  return vnInstantOfDayNumber(dayNumberOfIso(date), parseHhMm(time) * MINUTE_MS);
}

/** Minutes since midnight of 'HH:MM'; '24:00' is accepted as the end of the day. */
export function parseHhMm(value: HhMm): number {
  const m = HH_MM.exec(value);
  const h = m ? Number(m[1]) : Number.NaN;
  const min = m ? Number(m[2]) : Number.NaN;
  if (!m || min > 59 || h > 24 || (h === 24 && min !== 0)) {
    throw new RangeError(`Not a time 'HH:MM': ${JSON.stringify(value)}`);
  }
  return h * 60 + min;
}

export function formatHhMm(minutes: number): HhMm {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export function assertValidDate(instant: Date): void {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new RangeError('Invalid Date');
  }
}

/** A day given as an instant (its Vietnamese date) or as 'YYYY-MM-DD'. */
export type DayInput = Date | IsoDate;

export function dayNumberOfInput(value: DayInput): number {
  if (typeof value === 'string') return dayNumberOfIso(value);
  assertValidDate(value);
  return vnDayNumberOf(value);
}
