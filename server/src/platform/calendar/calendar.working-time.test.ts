import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { vnDateOf, vnInstant } from './calendar.date.ts';
import { parseDayOffScheduleCsv } from './calendar.holidays.ts';
import { createVietnamWorkingCalendar, WorkingCalendar } from './calendar.working-time.ts';

const dataDir = fileURLToPath(new URL('../../../../reference-data/calendar/', import.meta.url));
const schedule = parseDayOffScheduleCsv(readFileSync(`${dataDir}vn_official_dayoff_schedule_2024_2027.csv`, 'utf8'));
const { calendar } = createVietnamWorkingCalendar({ years: [2024, 2025, 2026, 2027], schedule });

/** Vietnam wall-clock instant, e.g. at('2026-04-24 16:00'). */
const at = (s: string) => {
  const [date, time] = s.split(' ');
  return vnInstant(date!, time);
};

describe('working days', () => {
  it('knows the 2026 days off, compensatory and make-up days', () => {
    expect(calendar.isWorkingDay('2026-04-24')).toBe(true);
    expect(calendar.isWorkingDay('2026-04-26')).toBe(false); // Giỗ Tổ, a Sunday
    expect(calendar.isWorkingDay('2026-04-27')).toBe(false); // its nghỉ bù
    expect(calendar.isWorkingDay('2026-04-30')).toBe(false);
    expect(calendar.isWorkingDay('2026-05-01')).toBe(false);
    expect(calendar.isWorkingDay('2026-01-02')).toBe(false); // swapped
    expect(calendar.isWorkingDay('2026-01-10')).toBe(true); // worked Saturday
    expect(calendar.isWorkingDay('2026-02-20')).toBe(false);
    expect(calendar.isWorkingDay('2026-02-23')).toBe(true);
    expect(calendar.nextWorkingDay('2026-04-24')).toBe('2026-04-28');
    expect(calendar.nextWorkingDay(at('2026-04-29 10:00'))).toBe('2026-05-04');
    expect(calendar.workingDayOnOrAfter('2026-04-25')).toBe('2026-04-28');
    expect(calendar.officeHoursOn('2026-01-10')).toEqual([
      { start: '07:00', end: '11:30' },
      { start: '13:00', end: '17:00' },
    ]);
    expect(calendar.officeHoursOn('2026-01-11')).toEqual([]);
  });

  it('reads an instant as its Vietnamese date (UTC+7)', () => {
    // 2026-04-23T17:30Z is Friday 2026-04-24 00:30 in Vietnam.
    expect(vnDateOf(new Date('2026-04-23T17:30:00Z'))).toBe('2026-04-24');
    expect(calendar.isWorkingDay(new Date('2026-04-25T16:59:00Z'))).toBe(false); // Sat 23:59
    expect(calendar.isWorkingDay(new Date('2026-04-27T17:00:00Z'))).toBe(true); // Tue 00:00
  });
});

describe('addWorkingDays (due instant = close of office hours of the Nth working day after receipt)', () => {
  it('Friday 2026-04-24 16:00, cutoff 15:00, 3 days, across Giỗ Tổ (Sun + Mon off), 30/4 and 1/5', () => {
    const due = calendar.addWorkingDays(at('2026-04-24 16:00'), 3, { cutoff: '15:00' });
    expect(calendar.receiptDay(at('2026-04-24 16:00'), { cutoff: '15:00' })).toBe('2026-04-28');
    expect(due.toISOString()).toBe(at('2026-05-05 17:00').toISOString());
    expect(due.toISOString()).toBe('2026-05-05T10:00:00.000Z');
  });

  it('the same dossier before the cutoff counts from Friday', () => {
    expect(calendar.addWorkingDays(at('2026-04-24 14:00'), 3, { cutoff: '15:00' })).toEqual(at('2026-05-04 17:00'));
    expect(calendar.addWorkingDays(at('2026-04-24 15:00'), 3, { cutoff: '15:00' })).toEqual(at('2026-05-04 17:00'));
    expect(calendar.addWorkingDays(at('2026-04-24 15:01'), 3, { cutoff: '15:00' })).toEqual(at('2026-05-05 17:00'));
  });

  it('received on a non-working day or after hours counts from the next working day', () => {
    expect(calendar.addWorkingDays(at('2026-04-25 09:00'), 1)).toEqual(at('2026-04-29 17:00'));
    expect(calendar.addWorkingDays(at('2026-04-24 17:30'), 1)).toEqual(at('2026-04-29 17:00'));
    expect(calendar.addWorkingDays(at('2026-04-24 06:30'), 1)).toEqual(at('2026-04-28 17:00'));
  });

  it('0 days is due at the close of the receipt day', () => {
    expect(calendar.addWorkingDays(at('2026-04-23 10:00'), 0)).toEqual(at('2026-04-23 17:00'));
  });

  it('honours make-up Saturdays, swapped days and Tết', () => {
    expect(calendar.addWorkingDays(at('2026-01-09 10:00'), 1)).toEqual(at('2026-01-10 17:00'));
    expect(calendar.addWorkingDays(at('2025-12-31 10:00'), 1)).toEqual(at('2026-01-05 17:00'));
    expect(calendar.addWorkingDays(at('2026-02-13 10:00'), 2)).toEqual(at('2026-02-24 17:00'));
  });

  it('rejects fractional or negative days', () => {
    expect(() => calendar.addWorkingDays(at('2026-04-23 10:00'), 1.5)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays(at('2026-04-23 10:00'), -1)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays(new Date(Number.NaN), 1)).toThrow(RangeError);
  });
});

describe('working hours', () => {
  it('skips lunch, nights, weekends and holidays', () => {
    expect(calendar.addWorkingHours(at('2026-04-20 10:00'), 2)).toEqual(at('2026-04-20 13:30'));
    expect(calendar.addWorkingHours(at('2026-04-20 10:00'), 1.5)).toEqual(at('2026-04-20 11:30'));
    expect(calendar.addWorkingHours(at('2026-04-24 16:00'), 4)).toEqual(at('2026-04-28 10:00'));
    expect(calendar.addWorkingHours(at('2026-04-20 20:00'), 1)).toEqual(at('2026-04-21 08:00'));
    expect(calendar.addWorkingHours(at('2026-04-20 12:00'), 0.5)).toEqual(at('2026-04-20 13:30'));
    expect(calendar.addWorkingMinutes(at('2026-04-20 10:00'), 0)).toEqual(at('2026-04-20 10:00'));
  });

  it('workingTimeBetween counts minutes inside office hours only', () => {
    expect(calendar.workingTimeBetween(at('2026-04-20 07:00'), at('2026-04-20 17:00'))).toBe(510);
    expect(calendar.workingTimeBetween(at('2026-04-24 07:00'), at('2026-04-28 07:00'))).toBe(510);
    expect(calendar.workingTimeBetween(at('2026-04-20 11:00'), at('2026-04-20 13:30'))).toBe(60);
    expect(calendar.workingTimeBetween(at('2026-04-20 17:00'), at('2026-04-20 07:00'))).toBe(-510);
    expect(calendar.workingTimeBetween(at('2026-04-25 08:00'), at('2026-04-27 16:00'))).toBe(0);
  });

  it('stops the clock for a supplement request and resumes it', () => {
    const due = calendar.addWorkingDays(at('2026-06-01 09:00'), 5);
    expect(due).toEqual(at('2026-06-08 17:00'));
    const remaining = calendar.workingTimeBetween(at('2026-06-03 10:00'), due);
    expect(remaining).toBe(1860);
    expect(calendar.addWorkingMinutes(at('2026-06-09 08:00'), remaining)).toEqual(at('2026-06-12 15:00'));
  });

  it('classifies early / on time / late', () => {
    const due = at('2026-05-05 17:00');
    expect(calendar.classify(due, at('2026-05-04 16:00'))).toBe('early');
    expect(calendar.classify(due, at('2026-05-05 16:59'))).toBe('on_time');
    expect(calendar.classify(due, at('2026-05-05 17:00'))).toBe('on_time');
    expect(calendar.classify(due, at('2026-05-05 17:01'))).toBe('late');
  });
});

describe('splitShares', () => {
  const plus30s = (d: Date) => new Date(d.getTime() + 30_000);

  it('gives each step its share of the working time', () => {
    const steps = calendar.splitShares(at('2026-06-01 09:00'), 4, [1, 2, 1]);
    expect(steps.map((d) => d.toISOString())).toEqual(
      [plus30s(at('2026-06-02 10:37')), plus30s(at('2026-06-04 15:22')), at('2026-06-05 17:00')].map((d) =>
        d.toISOString(),
      ),
    );
  });

  it('starts the clock on the receipt day when the cutoff moved it', () => {
    const steps = calendar.splitShares(at('2026-04-24 16:00'), 3, [50, 50], { cutoff: '15:00' });
    // Budget: Wed 29/4, Mon 4/5, Tue 5/5 and Tue 28/4 itself (the receipt day) = 4 × 510 min.
    expect(steps[1]).toEqual(at('2026-05-05 17:00'));
    expect(steps[0]).toEqual(at('2026-04-29 17:00'));
  });

  it('rejects bad shares', () => {
    expect(() => calendar.splitShares(at('2026-06-01 09:00'), 4, [])).toThrow(RangeError);
    expect(() => calendar.splitShares(at('2026-06-01 09:00'), 4, [0, 0])).toThrow(RangeError);
    expect(() => calendar.splitShares(at('2026-06-01 09:00'), 4, [1, -1])).toThrow(RangeError);
  });
});

describe('configuration', () => {
  it('a centre that also works Saturday mornings', () => {
    const centre = createVietnamWorkingCalendar({
      years: [2026],
      schedule,
      workWeek: [1, 2, 3, 4, 5, 6],
      hoursByWeekday: { 6: [{ start: '07:00', end: '11:30' }] },
    }).calendar;
    expect(centre.isWorkingDay('2026-06-06')).toBe(true);
    expect(centre.isWorkingDay('2026-04-25')).toBe(false); // inside the Giỗ Tổ break
    expect(centre.addWorkingDays(at('2026-06-05 16:00'), 1)).toEqual(at('2026-06-06 11:30'));
    expect(centre.addWorkingHours(at('2026-06-05 16:00'), 2)).toEqual(at('2026-06-06 08:00'));
    expect(centre.addWorkingDays(at('2026-06-06 12:00'), 1)).toEqual(at('2026-06-09 17:00'));
  });

  it('office hours are configurable and validated', () => {
    const c = new WorkingCalendar({
      officeHours: [
        { start: '07:30', end: '11:30' },
        { start: '13:30', end: '17:00' },
      ],
    });
    expect(c.workingTimeBetween(at('2026-06-01 00:00'), at('2026-06-02 00:00'))).toBe(450);
    expect(() => new WorkingCalendar({ officeHours: [{ start: '11:00', end: '10:00' }] })).toThrow(RangeError);
    expect(
      () =>
        new WorkingCalendar({
          officeHours: [
            { start: '07:00', end: '12:00' },
            { start: '11:00', end: '17:00' },
          ],
        }),
    ).toThrow(RangeError);
    expect(() => new WorkingCalendar({ officeHours: [{ start: '7:00', end: '17:00' }] })).toThrow(RangeError);
    expect(() => new WorkingCalendar({ daysOff: ['2026-01-10'], makeUpWorkingDays: ['2026-01-10'] })).toThrow(
      RangeError,
    );
    expect(() => new WorkingCalendar({ workWeek: [] }).nextWorkingDay('2026-01-01')).toThrow(RangeError);
  });

  it('local extra days off', () => {
    const c = createVietnamWorkingCalendar({ years: [2026], schedule, extraDaysOff: ['2026-06-01'] }).calendar;
    expect(c.isWorkingDay('2026-06-01')).toBe(false);
  });
});

describe('properties', () => {
  const from = at('2025-01-01 00:00').getTime() / 60_000;
  const to = at('2027-10-31 00:00').getTime() / 60_000;
  const anyInstant = fc.integer({ min: from, max: to }).map((m) => new Date(m * 60_000));
  const officeInstant = fc
    .tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 509 }))
    .map(([dayOffset, minute]) => {
      const day = calendar.workingDayOnOrAfter(new Date((from + dayOffset * 1440) * 60_000));
      return at(`${day} 07:00`).getTime() + (minute < 270 ? minute : minute + 90) * 60_000;
    })
    .map((ms) => new Date(ms));
  const cutoff = fc.option(fc.constantFrom('15:00', '16:00', '11:00'), { nil: undefined });

  it('addWorkingDays is strictly increasing in days and lands on a working day at closing time', () => {
    fc.assert(
      fc.property(anyInstant, fc.integer({ min: 0, max: 40 }), cutoff, (start, n, c) => {
        const rule = c ? { cutoff: c } : undefined;
        const a = calendar.addWorkingDays(start, n, rule);
        const b = calendar.addWorkingDays(start, n + 1, rule);
        return (
          a < b &&
          a > start &&
          calendar.isWorkingDay(a) &&
          calendar.officeHoursOn(a).at(-1)!.end === vnInstantTime(a) &&
          calendar.addWorkingDays(start, n) <= a
        );
      }),
      { numRuns: 500 },
    );
  });

  it('workingTimeBetween(start, addWorkingHours(start, h)) === h × 60, from office hours or anywhere', () => {
    fc.assert(
      fc.property(fc.oneof(officeInstant, anyInstant), fc.integer({ min: 0, max: 6000 }), (start, minutes) => {
        const end = calendar.addWorkingHours(start, minutes / 60);
        return calendar.workingTimeBetween(start, end) === minutes && end >= start;
      }),
      { numRuns: 1000 },
    );
  });

  it('workingTimeBetween is additive and antisymmetric', () => {
    fc.assert(
      fc.property(anyInstant, anyInstant, anyInstant, (x, y, z) => {
        const [a, b, c] = [x, y, z].sort((p, q) => p.getTime() - q.getTime()) as [Date, Date, Date];
        const ab = calendar.workingTimeBetween(a, b);
        return (
          ab + calendar.workingTimeBetween(b, c) === calendar.workingTimeBetween(a, c) &&
          calendar.workingTimeBetween(b, a) === -ab
        );
      }),
      { numRuns: 300 },
    );
  });

  it('adding N working days then M equals adding N + M', () => {
    fc.assert(
      fc.property(
        anyInstant,
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 40 }),
        cutoff,
        (s, n, m, c) => {
          const rule = c ? { cutoff: c } : undefined;
          const stepwise = calendar.extendByWorkingDays(calendar.addWorkingDays(s, n, rule), m);
          return stepwise.getTime() === calendar.addWorkingDays(s, n + m, rule).getTime();
        },
      ),
      { numRuns: 500 },
    );
  });

  it('a pause never shortens the time and adds exactly the working time it covered', () => {
    fc.assert(
      fc.property(
        anyInstant,
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 20_000 }),
        fc.integer({ min: 0, max: 60 * 24 * 40 }),
        (start, days, pauseOffset, pauseLength) => {
          const due = calendar.addWorkingDays(start, days);
          const pausedAt = new Date(start.getTime() + pauseOffset * 60_000);
          const resumedAt = new Date(pausedAt.getTime() + pauseLength * 60_000);
          const moved = calendar.resumeAfterPause(due, pausedAt, resumedAt);
          if (moved < due) return false;
          if (pausedAt >= due) return moved.getTime() === due.getTime();
          // The working time from the resumption to the new due date is what was left at the pause.
          return calendar.workingTimeBetween(resumedAt, moved) === calendar.workingTimeBetween(pausedAt, due);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('splitShares is non-decreasing and ends at the due instant', () => {
    fc.assert(
      fc.property(
        anyInstant,
        fc.integer({ min: 0, max: 30 }),
        fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1, maxLength: 6 }),
        (start, days, weights) => {
          fc.pre(weights.some((w) => w > 0));
          const steps = calendar.splitShares(start, days, weights);
          const due = calendar.addWorkingDays(start, days);
          return (
            steps.at(-1)!.getTime() === due.getTime() &&
            steps.every((s, i) => i === 0 || s >= steps[i - 1]!) &&
            steps.every((s) => s >= start || calendar.workingTimeBetween(s, start) === 0)
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});

function vnInstantTime(d: Date): string {
  const local = new Date(d.getTime() + 7 * 3_600_000);
  return `${String(local.getUTCHours()).padStart(2, '0')}:${String(local.getUTCMinutes()).padStart(2, '0')}`;
}
