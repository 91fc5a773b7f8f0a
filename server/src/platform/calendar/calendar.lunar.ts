/**
 * Vietnamese lunisolar calendar (âm lịch), computed from the astronomy rather than from tables.
 *
 * The rules of the calendar (as used by the Vietnamese almanac since 1968 and described in the
 * astronomical literature on the Chinese/Vietnamese calendar):
 *  1. A day is a civil day in the calendar's time zone, UTC+7 for Vietnam.
 *  2. A month starts on the day that contains the instant of a new moon (astronomical conjunction).
 *  3. The month that contains the winter solstice (apparent solar longitude 270°) is month 11.
 *  4. When 13 new moons fall between two successive months 11 (a "leap year"), the first month
 *     after month 11 that contains no major solar term (trung khí: solar longitude a multiple of
 *     30°) is the leap month; it takes the number of the month before it.
 *  5. Month 1 starts the lunar year; months 11 and 12 belong to the year that started before them.
 *
 * Astronomy (own implementation of published formulas):
 *  - New moons: J. Meeus, "Astronomical Algorithms" (2nd ed., 1998) ch. 49, with the periodic
 *    terms and the 14 planetary arguments; result in Terrestrial Time, converted to UT with ΔT.
 *  - Apparent solar longitude: VSOP87 series for the Earth (truncated as in Meeus appendix III),
 *    FK5 correction, nutation and aberration (Meeus ch. 22, 25). Solar terms are found by Newton
 *    iteration on that longitude; they agree with the full theory to within about a minute.
 *  - ΔT = TT − UT: polynomial fits of Espenak & Meeus (NASA, "Five Millennium Canon").
 * The tests compare every month start 1900–2100 with a table computed independently from the
 * full VSOP87/ELP2000 theories (calendar.lunar.reference.ts).
 *
 * Historical note: North Vietnam computed its almanac for UTC+7 from 1968 on (hence Tết Mậu Thân
 * on 1968-01-29 in the North but 1968-01-30 in the South, which kept UTC+8); earlier Vietnamese
 * almanacs followed UTC+8. This module uses UTC+7 for every year unless `timeZoneOffsetHours`
 * says otherwise, so some dates before 1968 differ from almanacs printed at the time.
 */
import {
  type DayInput,
  dayNumberOfInput,
  type IsoDate,
  isoOfDayNumber,
  solarDateOfDayNumber,
} from './calendar.date.ts';

export type LunarDate = {
  /** Lunar year, numbered as the Gregorian year in which its month 1 starts. */
  readonly year: number;
  readonly month: number;
  readonly day: number;
  /** True for the leap (nhuận) month that repeats `month`. */
  readonly leap: boolean;
};

export type LunarMonth = {
  readonly year: number;
  readonly month: number;
  readonly leap: boolean;
  /** Gregorian date of day 1. */
  readonly start: IsoDate;
  readonly days: 29 | 30;
};

export type LunarOptions = {
  /** Time zone of the calendar in hours east of UTC; 7 for Vietnam (the default), 8 for China. */
  readonly timeZoneOffsetHours?: number;
};

/** Years (Gregorian) the conversion accepts; results were verified for 1900–2100. */
export const LUNAR_SUPPORTED_YEARS = { from: 1800, to: 2199 } as const;

const DEG = Math.PI / 180;
const JD_UNIX_EPOCH = 2440587.5;
const SYNODIC_MONTH = 29.530588861;
const TROPICAL_YEAR = 365.242189;
/** JDE of the mean new moon k = 0 (2000-01-06), Meeus (49.1). */
const NEW_MOON_EPOCH = 2451550.09766;

function sinDeg(x: number): number {
  return Math.sin(x * DEG);
}

function normalizeDegrees(x: number): number {
  const r = x % 360;
  return r < 0 ? r + 360 : r;
}

/** ΔT in seconds for a decimal year (Espenak & Meeus polynomial fits). */
export function deltaTSeconds(year: number): number {
  if (year >= 2050) {
    const u = (year - 1820) / 100;
    return -20 + 32 * u * u - 0.5628 * (2150 - year);
  }
  if (year >= 2005) {
    const t = year - 2000;
    return 62.92 + 0.32217 * t + 0.005589 * t * t;
  }
  if (year >= 1986) {
    const t = year - 2000;
    return 63.86 + 0.3345 * t - 0.060374 * t ** 2 + 0.0017275 * t ** 3 + 0.000651814 * t ** 4 + 0.00002373599 * t ** 5;
  }
  if (year >= 1961) {
    const t = year - 1975;
    return 45.45 + 1.067 * t - t ** 2 / 260 - t ** 3 / 718;
  }
  if (year >= 1941) {
    const t = year - 1950;
    return 29.07 + 0.407 * t - t ** 2 / 233 + t ** 3 / 2547;
  }
  if (year >= 1920) {
    const t = year - 1920;
    return 21.2 + 0.84493 * t - 0.0761 * t ** 2 + 0.0020936 * t ** 3;
  }
  if (year >= 1900) {
    const t = year - 1900;
    return -2.79 + 1.494119 * t - 0.0598939 * t ** 2 + 0.0061966 * t ** 3 - 0.000197 * t ** 4;
  }
  if (year >= 1860) {
    const t = year - 1860;
    return 7.62 + 0.5737 * t - 0.251754 * t ** 2 + 0.01680668 * t ** 3 - 0.0004473624 * t ** 4 + t ** 5 / 233174;
  }
  if (year >= 1800) {
    const t = year - 1800;
    return (
      13.72 -
      0.332447 * t +
      0.0068612 * t ** 2 +
      0.0041116 * t ** 3 -
      0.00037436 * t ** 4 +
      0.0000121272 * t ** 5 -
      0.0000001699 * t ** 6 +
      0.000000000875 * t ** 7
    );
  }
  const u = (year - 1820) / 100;
  return -20 + 32 * u * u;
}

function decimalYearOfJd(jd: number): number {
  return 2000 + (jd - 2451545) / 365.25;
}

function jdeToJdUt(jde: number): number {
  return jde - deltaTSeconds(decimalYearOfJd(jde)) / 86400;
}

function jdUtToJde(jd: number): number {
  return jd + deltaTSeconds(decimalYearOfJd(jd)) / 86400;
}

// Meeus table 49.A, new moon: [coefficient, power of E, multiples of M, M', F, Ω].
const NEW_MOON_TERMS: ReadonlyArray<readonly [number, number, number, number, number, number]> = [
  [-0.4072, 0, 0, 1, 0, 0],
  [0.17241, 1, 1, 0, 0, 0],
  [0.01608, 0, 0, 2, 0, 0],
  [0.01039, 0, 0, 0, 2, 0],
  [0.00739, 1, -1, 1, 0, 0],
  [-0.00514, 1, 1, 1, 0, 0],
  [0.00208, 2, 2, 0, 0, 0],
  [-0.00111, 0, 0, 1, -2, 0],
  [-0.00057, 0, 0, 1, 2, 0],
  [0.00056, 1, 1, 2, 0, 0],
  [-0.00042, 0, 0, 3, 0, 0],
  [0.00042, 1, 1, 0, 2, 0],
  [0.00038, 1, 1, 0, -2, 0],
  [-0.00024, 1, -1, 2, 0, 0],
  [-0.00017, 0, 0, 0, 0, 1],
  [-0.00007, 0, 2, 1, 0, 0],
  [0.00004, 0, 0, 2, -2, 0],
  [0.00004, 0, 3, 0, 0, 0],
  [0.00003, 0, 1, 1, -2, 0],
  [0.00003, 0, 0, 2, 2, 0],
  [-0.00003, 0, 1, 1, 2, 0],
  [0.00003, 0, -1, 1, 2, 0],
  [-0.00002, 0, -1, 1, -2, 0],
  [-0.00002, 0, 1, 3, 0, 0],
  [0.00002, 0, 0, 4, 0, 0],
];

// Meeus table 49.B, planetary arguments: [coefficient, A0, rate per lunation].
const PLANETARY_TERMS: ReadonlyArray<readonly [number, number, number]> = [
  [0.000325, 299.77, 0.107408],
  [0.000165, 251.88, 0.016321],
  [0.000164, 251.83, 26.651886],
  [0.000126, 349.42, 36.412478],
  [0.00011, 84.66, 18.206239],
  [0.000062, 141.74, 53.303771],
  [0.00006, 207.14, 2.453732],
  [0.000056, 154.84, 7.30686],
  [0.000047, 34.52, 27.261239],
  [0.000042, 207.19, 0.121824],
  [0.00004, 291.34, 1.844379],
  [0.000037, 161.72, 24.198154],
  [0.000035, 239.56, 25.513099],
  [0.000023, 331.55, 3.592518],
];

/** Julian Day (UT) of the true new moon number k (k = 0: 2000-01-06; one per lunation). */
function newMoonJd(k: number): number {
  const t = k / 1236.85;
  const t2 = t * t;
  const t3 = t2 * t;
  const t4 = t3 * t;
  let jde = NEW_MOON_EPOCH + SYNODIC_MONTH * k + 0.00015437 * t2 - 0.00000015 * t3 + 0.00000000073 * t4;
  const e = 1 - 0.002516 * t - 0.0000074 * t2;
  const m = 2.5534 + 29.1053567 * k - 0.0000014 * t2 - 0.00000011 * t3;
  const mp = 201.5643 + 385.81693528 * k + 0.0107582 * t2 + 0.00001238 * t3 - 0.000000058 * t4;
  const f = 160.7108 + 390.67050284 * k - 0.0016118 * t2 - 0.00000227 * t3 + 0.000000011 * t4;
  const om = 124.7746 - 1.56375588 * k + 0.0020672 * t2 + 0.00000215 * t3;
  for (const [c, ePow, cm, cmp, cf, com] of NEW_MOON_TERMS) {
    jde += c * e ** ePow * sinDeg(cm * m + cmp * mp + cf * f + com * om);
  }
  for (const [c, a0, rate] of PLANETARY_TERMS) {
    const a = a0 + rate * k + (a0 === 299.77 ? -0.009173 * t2 : 0);
    jde += c * sinDeg(a);
  }
  return jdeToJdUt(jde);
}

// Earth's heliocentric longitude, VSOP87 (Bretagnon & Francou 1988) truncated as in Meeus
// appendix III: series L0…L5 of [A, B, C] terms A·cos(B + C·τ), τ in Julian millennia from J2000,
// A in 1e-8 rad.
const VSOP87_EARTH_L: ReadonlyArray<ReadonlyArray<readonly [number, number, number]>> = [
  [
    [175347046, 0, 0],
    [3341656, 4.6692568, 6283.07585],
    [34894, 4.6261, 12566.1517],
    [3497, 2.7441, 5753.3849],
    [3418, 2.8289, 3.5231],
    [3136, 3.6277, 77713.7715],
    [2676, 4.4181, 7860.4194],
    [2343, 6.1352, 3930.2097],
    [1324, 0.7425, 11506.7698],
    [1273, 2.0371, 529.691],
    [1199, 1.1096, 1577.3435],
    [990, 5.233, 5884.927],
    [902, 2.045, 26.298],
    [857, 3.508, 398.149],
    [780, 1.179, 5223.694],
    [753, 2.533, 5507.553],
    [505, 4.583, 18849.228],
    [492, 4.205, 775.523],
    [357, 2.92, 0.067],
    [317, 5.849, 11790.629],
    [284, 1.899, 796.298],
    [271, 0.315, 10977.079],
    [243, 0.345, 5486.778],
    [206, 4.806, 2544.314],
    [205, 1.869, 5573.143],
    [202, 2.458, 6069.777],
    [156, 0.833, 213.299],
    [132, 3.411, 2942.463],
    [126, 1.083, 20.775],
    [115, 0.645, 0.98],
    [103, 0.636, 4694.003],
    [102, 0.976, 15720.839],
    [102, 4.267, 7.114],
    [99, 6.21, 2146.17],
    [98, 0.68, 155.42],
    [86, 5.98, 161000.69],
    [85, 1.3, 6275.96],
    [85, 3.67, 71430.7],
    [80, 1.81, 17260.15],
    [79, 3.04, 12036.46],
    [75, 1.76, 5088.63],
    [74, 3.5, 3154.69],
    [74, 4.68, 801.82],
    [70, 0.83, 9437.76],
    [62, 3.98, 8827.39],
    [61, 1.82, 7084.9],
    [57, 2.78, 6286.6],
    [56, 4.39, 14143.5],
    [56, 3.47, 6279.55],
    [52, 0.19, 12139.55],
    [52, 1.33, 1748.02],
    [51, 0.28, 5856.48],
    [49, 0.49, 1194.45],
    [41, 5.37, 8429.24],
    [41, 2.4, 19651.05],
    [39, 6.17, 10447.39],
    [37, 6.04, 10213.29],
    [37, 2.57, 1059.38],
    [36, 1.71, 2352.87],
    [36, 1.78, 6812.77],
    [33, 0.59, 17789.85],
    [30, 0.44, 83996.85],
    [30, 2.74, 1349.87],
    [25, 3.16, 4690.48],
  ],
  [
    [628331966747, 0, 0],
    [206059, 2.678235, 6283.07585],
    [4303, 2.6351, 12566.1517],
    [425, 1.59, 3.523],
    [119, 5.796, 26.298],
    [109, 2.966, 1577.344],
    [93, 2.59, 18849.23],
    [72, 1.14, 529.69],
    [68, 1.87, 398.15],
    [67, 4.41, 5507.55],
    [59, 2.89, 5223.69],
    [56, 2.17, 155.42],
    [45, 0.4, 796.3],
    [36, 0.47, 775.52],
    [29, 2.65, 7.11],
    [21, 5.34, 0.98],
    [19, 1.85, 5486.78],
    [19, 4.97, 213.3],
    [17, 2.99, 6275.96],
    [16, 0.03, 2544.31],
    [16, 1.43, 2146.17],
    [15, 1.21, 10977.08],
    [12, 2.83, 1748.02],
    [12, 3.26, 5088.63],
    [12, 5.27, 1194.45],
    [12, 2.08, 4694],
    [11, 0.77, 553.57],
    [10, 1.3, 6286.6],
    [10, 4.24, 1349.87],
    [9, 2.7, 242.73],
    [9, 5.64, 951.72],
    [8, 5.3, 2352.87],
    [6, 2.65, 9437.76],
    [6, 4.67, 4690.48],
  ],
  [
    [52919, 0, 0],
    [8720, 1.0721, 6283.0758],
    [309, 0.867, 12566.152],
    [27, 0.05, 3.52],
    [16, 5.19, 26.3],
    [16, 3.68, 155.42],
    [10, 0.76, 18849.23],
    [9, 2.06, 77713.77],
    [7, 0.83, 775.52],
    [5, 4.66, 1577.34],
    [4, 1.03, 7.11],
    [4, 3.44, 5573.14],
    [3, 5.14, 796.3],
    [3, 6.05, 5507.55],
    [3, 1.19, 242.73],
    [3, 6.12, 529.69],
    [3, 0.31, 398.15],
    [3, 2.28, 553.57],
    [2, 4.38, 5223.69],
    [2, 3.75, 0.98],
  ],
  [
    [289, 5.844, 6283.076],
    [35, 0, 0],
    [17, 5.49, 12566.15],
    [3, 5.2, 155.42],
    [1, 4.72, 3.52],
    [1, 5.3, 18849.23],
    [1, 5.97, 242.73],
  ],
  [
    [114, Math.PI, 0], // printed as 3.142 in the table
    [8, 4.13, 6283.08],
    [1, 3.84, 12566.15],
  ],
  [[1, Math.PI, 0]],
];

// Earth–Sun distance R (AU), VSOP87 series R0, R1 (larger terms only: the aberration it feeds
// is 20.5"/R, so a 1e-4 AU error is 0.002").
const VSOP87_EARTH_R: ReadonlyArray<ReadonlyArray<readonly [number, number, number]>> = [
  [
    [100013989, 0, 0],
    [1670700, 3.0984635, 6283.07585],
    [13956, 3.05525, 12566.1517],
    [3084, 5.1985, 77713.7715],
    [1628, 1.1739, 5753.3849],
    [1576, 2.8469, 7860.4194],
  ],
  [
    [103019, 1.10749, 6283.07585],
    [1721, 1.0644, 12566.1517],
  ],
];

function vsopSeries(series: ReadonlyArray<ReadonlyArray<readonly [number, number, number]>>, tau: number): number {
  let sum = 0;
  let power = 1;
  for (const terms of series) {
    let s = 0;
    for (const [a, b, c] of terms) s += a * Math.cos(b + c * tau);
    sum += s * power;
    power *= tau;
  }
  return sum * 1e-8;
}

/**
 * Apparent geocentric longitude of the Sun in degrees [0, 360) at a Julian Ephemeris Day:
 * VSOP87 heliocentric longitude of the Earth + 180°, FK5 correction, nutation in longitude
 * (main terms of IAU 1980) and annual aberration (Meeus ch. 25 "higher accuracy", ch. 22).
 */
function sunApparentLongitude(jde: number): number {
  const tau = (jde - 2451545) / 365250;
  const t = tau * 10;
  const earthL = vsopSeries(VSOP87_EARTH_L, tau) / DEG;
  const r = vsopSeries(VSOP87_EARTH_R, tau);
  const omega = 125.04452 - 1934.136261 * t;
  const sunMeanL = 280.4665 + 36000.7698 * t;
  const moonMeanL = 218.3165 + 481267.8813 * t;
  const nutationArcsec =
    -17.2 * sinDeg(omega) - 1.32 * sinDeg(2 * sunMeanL) - 0.23 * sinDeg(2 * moonMeanL) + 0.21 * sinDeg(2 * omega);
  const fk5Arcsec = -0.09033;
  const aberrationArcsec = -20.4898 / r;
  return normalizeDegrees(earthL + 180 + (nutationArcsec + fk5Arcsec + aberrationArcsec) / 3600);
}

/**
 * Julian Day (UT) when the apparent solar longitude reaches `longitude`, in the tropical year
 * that starts at the March equinox of `year` (so 270° is in December of `year`, 300° in January
 * of `year + 1`).
 */
function solarTermJd(year: number, longitude: number): number {
  // Mean March equinox 2000: JDE 2451623.81.
  let jde = 2451623.81 + (year - 2000) * TROPICAL_YEAR + (normalizeDegrees(longitude) / 360) * TROPICAL_YEAR;
  for (let i = 0; i < 30; i++) {
    let diff = normalizeDegrees(longitude - sunApparentLongitude(jde));
    if (diff > 180) diff -= 360;
    const step = (diff / 360) * TROPICAL_YEAR;
    jde += step;
    if (Math.abs(step) < 1e-8) break;
  }
  return jdeToJdUt(jde);
}

/** Instant of the true new moon number k (k = 0 is the new moon of 2000-01-06 18:14 UT). */
export function newMoonInstant(k: number): Date {
  if (!Number.isInteger(k)) throw new RangeError(`Lunation number must be an integer: ${k}`);
  return new Date((newMoonJd(k) - JD_UNIX_EPOCH) * 86_400_000);
}

/**
 * Instant when the apparent solar longitude reaches `longitude` degrees (a multiple of 15 for
 * the 24 solar terms; 270 = winter solstice, Đông chí), in the tropical year starting at the
 * March equinox of `year`.
 */
export function solarTermInstant(year: number, longitude: number): Date {
  return new Date((solarTermJd(year, longitude) - JD_UNIX_EPOCH) * 86_400_000);
}

/** The lunation number k of the last new moon at or before an instant. */
export function lunationAt(instant: Date): number {
  const jd = instant.getTime() / 86_400_000 + JD_UNIX_EPOCH;
  let k = Math.floor((jd - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  while (newMoonJd(k + 1) <= jd) k++;
  while (newMoonJd(k) > jd) k--;
  return k;
}

/** Sun's apparent longitude at an instant, degrees [0, 360). */
export function solarLongitudeAt(instant: Date): number {
  return sunApparentLongitude(jdUtToJde(instant.getTime() / 86_400_000 + JD_UNIX_EPOCH));
}

// ---------------------------------------------------------------------------------------------
// Calendar construction. Days are handled as day numbers (days since 1970-01-01 of the civil date
// in the calendar's time zone).

type Span = {
  /** Lunation number of month 11 of Gregorian year `year - 1`. */
  readonly k0: number;
  /** Day numbers of the starts of the 12 or 13 months of the span, plus the next month 11. */
  readonly starts: readonly number[];
  /** Index in `starts` of the leap month, or -1. */
  readonly leapIndex: number;
  readonly year: number;
};

function tzOf(options: LunarOptions | undefined): number {
  const tz = options?.timeZoneOffsetHours ?? 7;
  if (!Number.isFinite(tz) || tz < -12 || tz > 14) throw new RangeError(`Bad time zone offset: ${tz}`);
  return tz;
}

function localDayOfJd(jd: number, tz: number): number {
  return Math.floor(jd - JD_UNIX_EPOCH + tz / 24);
}

const newMoonDayCache = new Map<string, number>();

function newMoonDay(k: number, tz: number): number {
  const key = `${tz}:${k}`;
  let day = newMoonDayCache.get(key);
  if (day === undefined) {
    day = localDayOfJd(newMoonJd(k), tz);
    newMoonDayCache.set(key, day);
  }
  return day;
}

const month11Cache = new Map<string, number>();

/** Lunation number of month 11 of Gregorian year `year`: the month containing the winter solstice. */
function month11Lunation(year: number, tz: number): number {
  const key = `${tz}:${year}`;
  const cached = month11Cache.get(key);
  if (cached !== undefined) return cached;
  const solsticeJd = solarTermJd(year, 270);
  const solsticeDay = localDayOfJd(solsticeJd, tz);
  let k = Math.floor((solsticeJd - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  while (newMoonDay(k + 1, tz) <= solsticeDay) k++;
  while (newMoonDay(k, tz) > solsticeDay) k--;
  month11Cache.set(key, k);
  return k;
}

const spanCache = new Map<string, Span>();

function assertYear(year: number): void {
  if (!Number.isInteger(year) || year < LUNAR_SUPPORTED_YEARS.from || year > LUNAR_SUPPORTED_YEARS.to) {
    throw new RangeError(
      `Year ${year} is outside the supported range ${LUNAR_SUPPORTED_YEARS.from}–${LUNAR_SUPPORTED_YEARS.to}`,
    );
  }
}

/** The months from month 11 of Gregorian year `year - 1` up to (excluding) month 11 of `year`. */
function spanOf(year: number, tz: number): Span {
  const key = `${tz}:${year}`;
  const cached = spanCache.get(key);
  if (cached) return cached;
  const k0 = month11Lunation(year - 1, tz);
  const k1 = month11Lunation(year, tz);
  const starts: number[] = [];
  for (let k = k0; k <= k1; k++) starts.push(newMoonDay(k, tz));
  let leapIndex = -1;
  if (k1 - k0 === 13) {
    // Major terms after the solstice of year-1: 300°, 330° (tropical year year-1), 0°…240° (year).
    const termDays: number[] = [300, 330].map((lon) => localDayOfJd(solarTermJd(year - 1, lon), tz));
    for (let lon = 0; lon <= 240; lon += 30) termDays.push(localDayOfJd(solarTermJd(year, lon), tz));
    for (let i = 1; i < 13; i++) {
      const from = starts[i]!;
      const to = starts[i + 1]!;
      if (!termDays.some((d) => d >= from && d < to)) {
        leapIndex = i;
        break;
      }
    }
    if (leapIndex < 0) throw new Error(`No month without a major solar term in lunar span ${year}`);
  } else if (k1 - k0 !== 12) {
    throw new Error(`Unexpected ${k1 - k0} lunations between months 11 of ${year - 1} and ${year}`);
  }
  const span: Span = { k0, starts, leapIndex, year };
  spanCache.set(key, span);
  return span;
}

/** Month number, leap flag and lunar year of the month at index i of a span. */
function monthAt(span: Span, i: number): { year: number; month: number; leap: boolean } {
  const shifted = span.leapIndex >= 0 && i >= span.leapIndex ? i - 1 : i;
  const n = 11 + shifted;
  const leap = i === span.leapIndex;
  return n > 12 ? { year: span.year, month: n - 12, leap } : { year: span.year - 1, month: n, leap };
}

function lunarOfDayNumber(dayNumber: number, tz: number): LunarDate {
  const { year } = solarDateOfDayNumber(dayNumber);
  assertYear(year);
  let span = spanOf(year + 1, tz);
  if (dayNumber < span.starts[0]!) span = spanOf(year, tz);
  for (let i = 0; i < span.starts.length - 1; i++) {
    if (dayNumber < span.starts[i + 1]!) {
      const m = monthAt(span, i);
      return { year: m.year, month: m.month, day: dayNumber - span.starts[i]! + 1, leap: m.leap };
    }
  }
  throw new Error(`Day ${dayNumber} not found in its lunar span`);
}

/** The lunar date of a Gregorian day ('YYYY-MM-DD', or an instant: its date in the calendar's zone). */
export function solarToLunar(date: DayInput, options?: LunarOptions): LunarDate {
  const tz = tzOf(options);
  const dayNumber =
    typeof date === 'string' ? dayNumberOfInput(date) : Math.floor((date.getTime() + tz * 3_600_000) / 86_400_000);
  if (Number.isNaN(dayNumber)) throw new RangeError('Invalid Date');
  return lunarOfDayNumber(dayNumber, tz);
}

/** Index in its span and the span of a lunar month, or null if the month does not exist. */
function locateMonth(year: number, month: number, leap: boolean, tz: number): { span: Span; index: number } | null {
  if (!Number.isInteger(month) || month < 1 || month > 12) return null;
  const span = month >= 11 ? spanOf(year + 1, tz) : spanOf(year, tz);
  let index = month >= 11 ? month - 11 : month + 1;
  if (span.leapIndex >= 0) {
    if (leap) {
      if (span.leapIndex !== index + 1) return null;
      index += 1;
    } else if (index >= span.leapIndex) {
      index += 1;
    }
  } else if (leap) {
    return null;
  }
  return { span, index };
}

/** The Gregorian date of a lunar date. Throws RangeError if it does not exist (e.g. day 30 of a short month). */
export function lunarToSolar(date: LunarDate, options?: LunarOptions): IsoDate {
  const tz = tzOf(options);
  assertYear(date.year);
  const found = locateMonth(date.year, date.month, date.leap, tz);
  if (!found) {
    throw new RangeError(`No ${date.leap ? 'leap ' : ''}month ${date.month} in lunar year ${date.year}`);
  }
  const start = found.span.starts[found.index]!;
  const length = found.span.starts[found.index + 1]! - start;
  if (!Number.isInteger(date.day) || date.day < 1 || date.day > length) {
    throw new RangeError(`Lunar month ${date.month}${date.leap ? ' (leap)' : ''}/${date.year} has ${length} days`);
  }
  return isoOfDayNumber(start + date.day - 1);
}

/** True if the lunar date exists. */
export function isValidLunarDate(date: LunarDate, options?: LunarOptions): boolean {
  try {
    lunarToSolar(date, options);
    return true;
  } catch {
    return false;
  }
}

/** The months of a lunar year in order (12, or 13 with the leap month). */
export function lunarMonths(lunarYear: number, options?: LunarOptions): LunarMonth[] {
  const tz = tzOf(options);
  assertYear(lunarYear);
  const result: LunarMonth[] = [];
  // Months 1–10 (and any leap among them) are in span(lunarYear); 11, 12 in span(lunarYear + 1).
  for (const span of [spanOf(lunarYear, tz), spanOf(lunarYear + 1, tz)]) {
    for (let i = 0; i < span.starts.length - 1; i++) {
      const m = monthAt(span, i);
      if (m.year !== lunarYear) continue;
      const start = span.starts[i]!;
      const days = span.starts[i + 1]! - start;
      if (days !== 29 && days !== 30) throw new Error(`Lunar month of ${days} days at ${isoOfDayNumber(start)}`);
      result.push({ year: m.year, month: m.month, leap: m.leap, start: isoOfDayNumber(start), days });
    }
  }
  return result;
}

/** The leap month of a lunar year, or null. */
export function leapMonthOf(lunarYear: number, options?: LunarOptions): number | null {
  return lunarMonths(lunarYear, options).find((m) => m.leap)?.month ?? null;
}

/** Gregorian date of Tết Nguyên đán (lunar 1/1) of a year. */
export function lunarNewYear(year: number, options?: LunarOptions): IsoDate {
  return lunarToSolar({ year, month: 1, day: 1, leap: false }, options);
}

const STEMS = ['Giáp', 'Ất', 'Bính', 'Đinh', 'Mậu', 'Kỷ', 'Canh', 'Tân', 'Nhâm', 'Quý'] as const;
const BRANCHES = ['Tý', 'Sửu', 'Dần', 'Mão', 'Thìn', 'Tỵ', 'Ngọ', 'Mùi', 'Thân', 'Dậu', 'Tuất', 'Hợi'] as const;

/** Sexagenary (can chi) name of a lunar year, e.g. 2024 → 'Giáp Thìn', 2026 → 'Bính Ngọ'. */
export function lunarYearName(lunarYear: number): string {
  // Year 4 CE was Giáp Tý, the first of the cycle.
  const stem = STEMS[(((lunarYear - 4) % 10) + 10) % 10]!;
  const branch = BRANCHES[(((lunarYear - 4) % 12) + 12) % 12]!;
  return `${stem} ${branch}`;
}
