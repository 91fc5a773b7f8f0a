/**
 * Working calendars of the province (lịch làm việc): stored definitions (working week, office
 * hours, cut-off, local days off and make-up days) combined with the national days off — the
 * Labour Code 2019 Art. 112 holidays computed from the rules (lunar ones by the lunar calendar)
 * and the Government's announced yearly schedule where it is confirmed. Due dates are computed
 * with platform/calendar; a built calendar is cached per (id, version) so a due date costs no I/O
 * beyond one version read.
 */
import { type Actor, canonicalJson } from '../../platform/audit/index.ts';
import {
  addDays,
  createVietnamWorkingCalendar,
  DEFAULT_OFFICE_HOURS,
  type HhMm,
  type IsoDate,
  parseDayOffScheduleCsv,
  type ScheduleRow,
  statutoryDaysOff,
  type TimeRange,
  type Weekday,
  type WorkingCalendar,
  weekdayOf,
} from '../../platform/calendar/index.ts';
import { vnDate } from '../../platform/clock/index.ts';
import { AppError, commonErrors, type FieldError } from '../../platform/errors/index.ts';
import type { ModuleContext } from '../../platform/kernel/index.ts';
import type { CalendarDayRow, CalendarRepository, CalendarRow } from './catalog.calendar.repository.ts';
import { assertCanManageCatalog } from './catalog.policy.ts';

/** Years a built calendar covers; the lunar calendar supports 1900–2100. */
const FIRST_YEAR = 2015;
const LAST_YEAR = 2045;
const YEARS = Array.from({ length: LAST_YEAR - FIRST_YEAR + 1 }, (_, i) => FIRST_YEAR + i);
/** Announced schedule rows with these statuses replace the rules (rows marked VERIFY do not). */
const ACCEPTED = new Set(['confirmed', 'partly_verified']);

export interface CalendarDefinition {
  id: string;
  name: string;
  provinceCode: string | null;
  workWeek: Weekday[];
  officeHours: TimeRange[];
  hoursByWeekday: Partial<Record<string, TimeRange[]>>;
  defaultCutoff: HhMm;
  includePending: boolean | string[];
  isDefault: boolean;
  version: number;
  days: { date: string; kind: 'off' | 'work'; reason: string }[];
}

export interface DayOffItem {
  date: string;
  weekday: number;
  reason: string;
  kind: 'holiday' | 'compensatory' | 'announced' | 'swapped' | 'local';
  source: string;
}

export interface DueDateInput {
  from: Date;
  workingDays?: number;
  workingHours?: number;
  cutoff?: HhMm;
  calendar?: string;
}

export interface DueDate {
  dueAt: string;
  receivedOn: string;
  calendar: string;
  rule: { workingDays?: number; workingHours?: number; cutoff: HhMm | null };
}

export interface NewCalendar {
  id: string;
  name: string;
  provinceCode: string | null;
  workWeek?: Weekday[];
  officeHours?: TimeRange[];
  hoursByWeekday?: Partial<Record<string, TimeRange[]>>;
  defaultCutoff?: HhMm;
  includePending?: boolean | string[];
  isDefault?: boolean;
}

export type CalendarPatch = Partial<Omit<NewCalendar, 'id' | 'isDefault'>>;

const calendarErrors = {
  unknown: (id: string | undefined) =>
    new AppError({
      code: 'CALENDAR_NOT_FOUND',
      status: 404,
      title: 'Không tìm thấy lịch làm việc',
      detail: id ? `Không có lịch làm việc «${id}».` : 'Chưa có lịch làm việc mặc định.',
    }),
  exists: (id: string) => commonErrors.conflict('CALENDAR_EXISTS', `Lịch làm việc «${id}» đã có.`),
  outOfRange: () =>
    commonErrors.validation(
      [{ field: '/query/from', message: `Chỉ tính được hạn trong các năm ${FIRST_YEAR}–${LAST_YEAR}.` }],
      'Thời điểm tiếp nhận nằm ngoài khoảng năm của lịch làm việc.',
    ),
};

function definitionOf(row: CalendarRow, days: CalendarDayRow[]): CalendarDefinition {
  return {
    id: row.id,
    name: row.name,
    provinceCode: row.province_code,
    workWeek: row.work_week as Weekday[],
    officeHours: row.office_hours,
    hoursByWeekday: row.hours_by_weekday,
    defaultCutoff: row.default_cutoff as HhMm,
    includePending: row.include_pending,
    isDefault: row.is_default,
    version: row.version,
    days: days.map((d) => ({ date: d.date, kind: d.kind, reason: d.reason })),
  };
}

/** Builds the pure WorkingCalendar; a bad definition becomes a Vietnamese validation error. */
function build(
  def: Pick<CalendarDefinition, 'workWeek' | 'officeHours' | 'hoursByWeekday' | 'includePending' | 'days'>,
  schedule: readonly ScheduleRow[],
): WorkingCalendar {
  try {
    return createVietnamWorkingCalendar({
      years: YEARS,
      schedule,
      // Compensatory days follow the civil servants' weekly rest (Sat, Sun) even where a centre
      // opens on Saturday mornings: Art. 111(3) is about the employees' rest days, set nationally.
      policy: { includePending: def.includePending },
      workWeek: def.workWeek,
      officeHours: def.officeHours,
      hoursByWeekday: def.hoursByWeekday as Partial<Record<Weekday, TimeRange[]>>,
      extraDaysOff: def.days.filter((d) => d.kind === 'off').map((d) => d.date),
      extraMakeUpWorkingDays: def.days.filter((d) => d.kind === 'work').map((d) => d.date),
    }).calendar;
  } catch (err) {
    if (err instanceof RangeError) {
      throw commonErrors.validation(
        [{ field: '/body', message: `Lịch làm việc không hợp lệ: ${translateRangeError(err.message)}` }],
        'Giờ làm việc phải là các khoảng HH:MM tăng dần, không chồng nhau; ngày làm bù không được trùng ngày nghỉ.',
      );
    }
    throw err;
  }
}

function translateRangeError(message: string): string {
  if (message.includes('overlapping')) return 'các khoảng giờ làm việc chồng lên nhau';
  if (message.includes('empty or reversed')) return 'có khoảng giờ kết thúc trước khi bắt đầu';
  if (message.includes('no interval')) return 'một ngày làm việc không có khoảng giờ nào';
  if (message.includes('both a day off')) return 'một ngày vừa là ngày nghỉ vừa là ngày làm bù';
  return message;
}

export function calendarService(ctx: ModuleContext, repo: CalendarRepository) {
  const cache = new Map<string, { version: number; calendar: WorkingCalendar; def: CalendarDefinition }>();

  async function load(id: string | undefined): Promise<{ calendar: WorkingCalendar; def: CalendarDefinition }> {
    const stamp = await repo.version(id);
    if (!stamp) throw calendarErrors.unknown(id);
    const hit = cache.get(stamp.id);
    if (hit && hit.version === stamp.version) return hit;
    const row = await repo.find(stamp.id);
    if (!row) throw calendarErrors.unknown(id);
    const def = definitionOf(row, await repo.days(row.id));
    const entry = { version: row.version, calendar: build(def, await repo.schedule()), def };
    cache.set(row.id, entry);
    return entry;
  }

  function checkYear(d: Date): void {
    const y = Number(vnDate(d).slice(0, 4));
    if (y < FIRST_YEAR || y > LAST_YEAR - 1) throw calendarErrors.outOfRange();
  }

  return {
    /** The built calendar (default one when `id` is omitted), for other modules' deadlines. */
    async workingCalendar(id?: string): Promise<WorkingCalendar> {
      return (await load(id)).calendar;
    },

    async listCalendars(): Promise<CalendarDefinition[]> {
      const rows = await repo.list();
      return Promise.all(rows.map(async (r) => definitionOf(r, await repo.days(r.id))));
    },

    async getCalendar(id: string): Promise<CalendarDefinition> {
      const row = await repo.find(id);
      if (!row) throw calendarErrors.unknown(id);
      return definitionOf(row, await repo.days(id));
    },

    async createCalendar(actor: Actor, input: NewCalendar, requestId?: string): Promise<CalendarDefinition> {
      assertCanManageCatalog(actor);
      const def = {
        workWeek: input.workWeek ?? ([1, 2, 3, 4, 5] as Weekday[]),
        officeHours: input.officeHours ?? [...DEFAULT_OFFICE_HOURS],
        hoursByWeekday: input.hoursByWeekday ?? {},
        includePending: input.includePending ?? false,
        days: [],
      };
      build(def, []);
      return ctx.change(actor, requestId, async (c) => {
        if (await repo.find(input.id, c.tx)) throw calendarErrors.exists(input.id);
        await repo.insert(c.tx, {
          id: input.id,
          name: input.name,
          province_code: input.provinceCode,
          work_week: def.workWeek,
          office_hours: def.officeHours,
          hours_by_weekday: def.hoursByWeekday as CalendarRow['hours_by_weekday'],
          default_cutoff: input.defaultCutoff ?? '15:00',
          include_pending: def.includePending,
          is_default: input.isDefault ?? false,
          updated_at: ctx.clock.now(),
        });
        await c.audit({ action: 'calendar.created', entityType: 'calendar', entityId: input.id, data: { ...input } });
        await c.publish('calendar.changed', { id: input.id });
        const row = (await repo.find(input.id, c.tx))!;
        return definitionOf(row, []);
      });
    },

    async updateCalendar(
      actor: Actor,
      id: string,
      patch: CalendarPatch,
      requestId?: string,
    ): Promise<CalendarDefinition> {
      assertCanManageCatalog(actor);
      return ctx.change(actor, requestId, async (c) => {
        const row = await repo.find(id, c.tx);
        if (!row) throw calendarErrors.unknown(id);
        const before = definitionOf(row, await repo.days(id, c.tx));
        const next = { ...before, ...patch } as CalendarDefinition;
        build(next, []);
        await repo.update(
          c.tx,
          id,
          {
            ...(patch.name !== undefined ? { name: patch.name } : {}),
            ...(patch.provinceCode !== undefined ? { province_code: patch.provinceCode } : {}),
            ...(patch.workWeek ? { work_week: patch.workWeek } : {}),
            ...(patch.officeHours ? { office_hours: patch.officeHours } : {}),
            ...(patch.hoursByWeekday
              ? { hours_by_weekday: patch.hoursByWeekday as CalendarRow['hours_by_weekday'] }
              : {}),
            ...(patch.defaultCutoff ? { default_cutoff: patch.defaultCutoff } : {}),
            ...(patch.includePending !== undefined ? { include_pending: patch.includePending } : {}),
          },
          ctx.clock.now(),
        );
        await c.audit({ action: 'calendar.updated', entityType: 'calendar', entityId: id, data: { patch } });
        await c.publish('calendar.changed', { id });
        return definitionOf((await repo.find(id, c.tx))!, await repo.days(id, c.tx));
      });
    },

    /** A local day off (e.g. 24/11 Ngày Văn hóa Việt Nam, a provincial decision) or make-up working day. */
    async setCalendarDay(
      actor: Actor,
      id: string,
      day: { date: string; kind: 'off' | 'work'; reason: string },
      requestId?: string,
    ): Promise<{ result: 'inserted' | 'updated'; calendar: CalendarDefinition }> {
      assertCanManageCatalog(actor);
      return ctx.change(actor, requestId, async (c) => {
        const row = await repo.find(id, c.tx);
        if (!row) throw calendarErrors.unknown(id);
        const days = (await repo.days(id, c.tx)).filter((d) => d.date !== day.date);
        build(definitionOf(row, [...days, { calendar_id: id, ...day }]), []);
        const result = await repo.upsertDay(c.tx, { calendar_id: id, ...day });
        await repo.update(c.tx, id, {}, ctx.clock.now());
        await c.audit({ action: 'calendar.day_set', entityType: 'calendar', entityId: id, data: { ...day } });
        await c.publish('calendar.changed', { id });
        return { result, calendar: definitionOf((await repo.find(id, c.tx))!, await repo.days(id, c.tx)) };
      });
    },

    async removeCalendarDay(actor: Actor, id: string, date: string, requestId?: string): Promise<void> {
      assertCanManageCatalog(actor);
      await ctx.change(actor, requestId, async (c) => {
        if (!(await repo.find(id, c.tx))) throw calendarErrors.unknown(id);
        if (!(await repo.deleteDay(c.tx, id, date))) {
          throw new AppError({
            code: 'CALENDAR_DAY_NOT_FOUND',
            status: 404,
            title: 'Không tìm thấy ngày',
            detail: `Lịch «${id}» không có ngày riêng ${date}.`,
          });
        }
        await repo.update(c.tx, id, {}, ctx.clock.now());
        await c.audit({ action: 'calendar.day_removed', entityType: 'calendar', entityId: id, data: { date } });
        await c.publish('calendar.changed', { id });
      });
    },

    /**
     * Replaces the national announced schedule with the rows of a CSV in the format of
     * reference-data/calendar/vn_official_dayoff_schedule_*.csv. Rows that need verification are
     * stored but, as in platform/calendar, only confirmed rows override the Labour Code rules.
     */
    async importDayOffSchedule(
      actor: Actor,
      csv: string,
      requestId?: string,
    ): Promise<{ read: number; accepted: number; needsVerification: number; changed: boolean; issues: string[] }> {
      assertCanManageCatalog(actor);
      const rows = parseDayOffScheduleCsv(csv);
      if (rows.length === 0) {
        throw commonErrors.validation([
          { field: '/file', message: 'Tệp không có dòng lịch nghỉ nào (cần cột year, dip, nghi_tu, nghi_den, …).' },
        ]);
      }
      const issues = rows.flatMap((r) => r.issues.map((i) => `dòng ${r.line}: ${i}`));
      const report = {
        read: rows.length,
        accepted: rows.filter((r) => ACCEPTED.has(r.status)).length,
        needsVerification: rows.filter((r) => r.needsVerification).length,
        issues,
      };
      return ctx.change(actor, requestId, async (c) => {
        // jsonb does not keep key order: compare canonical forms.
        const before = canonicalJson(await repo.schedule(c.tx));
        if (before === canonicalJson(JSON.parse(JSON.stringify(rows)))) return { ...report, changed: false };
        await repo.replaceSchedule(c.tx, rows);
        await repo.bumpAll(c.tx, ctx.clock.now());
        await c.audit({
          action: 'calendar.schedule_imported',
          entityType: 'dayoff_schedule',
          entityId: 'national',
          data: { read: report.read, accepted: report.accepted, years: [...new Set(rows.map((r) => r.year))] },
        });
        await c.publish('calendar.changed', { id: '*' });
        return { ...report, changed: true };
      });
    },

    /** Every day off of a year with its reason, and the make-up working days. */
    async holidays(
      year: number,
      id?: string,
    ): Promise<{ year: number; calendar: string; items: DayOffItem[]; makeUpWorkingDays: DayOffItem[] }> {
      if (year < FIRST_YEAR || year > LAST_YEAR) {
        throw commonErrors.validation([
          { field: '/query/year', message: `Năm phải trong khoảng ${FIRST_YEAR}–${LAST_YEAR}.` },
        ]);
      }
      const { calendar, def } = await load(id);
      const schedule = await repo.schedule();
      const reasons = new Map<string, Omit<DayOffItem, 'date' | 'weekday'>>();
      const covered = new Set<string>();
      const makeUp = new Map<string, Omit<DayOffItem, 'date' | 'weekday'>>();
      const statutory = statutoryDaysOff(year, { includePending: def.includePending });
      for (const row of schedule) {
        if (row.year !== year || !ACCEPTED.has(row.status) || !row.offFrom || !row.offTo || row.ruleIds.length === 0)
          continue;
        for (const r of row.ruleIds) covered.add(r);
        // Inside an announced break, the days the Labour Code itself gives off (Art. 112: 1/1, the
        // Tết days, 10/3 lunar, 30/4, 1/5, 2/9 and its adjacent day; Art. 111(3): the compensatory
        // day of a holiday on a weekly rest day) stay statutory holidays; the announcement adds the
        // rest of the break (weekends joined to it, swapped days). 1/1 is a holiday, not "announced".
        const own = new Map<string, 'holiday' | 'compensatory'>(
          statutory.filter((d) => row.ruleIds.includes(d.ruleId)).map((d) => [d.date, d.kind]),
        );
        for (const d of row.compensatoryDays) if (!own.has(d)) own.set(d, 'compensatory');
        for (let d: IsoDate = row.offFrom; d <= row.offTo; d = addDays(d, 1)) {
          const kind = own.get(d);
          reasons.set(
            d,
            kind
              ? {
                  reason: row.occasion,
                  kind,
                  source: `Bộ luật Lao động 2019, ${kind === 'compensatory' ? 'Điều 111 khoản 3' : 'Điều 112'}; ${row.source}`,
                }
              : { reason: row.occasion, kind: 'announced', source: row.source },
          );
        }
        for (const d of row.swappedDaysOff) {
          reasons.set(d, { reason: `${row.occasion} (nghỉ hoán đổi)`, kind: 'swapped', source: row.source });
        }
        for (const d of row.makeUpWorkingDays) {
          makeUp.set(d, { reason: `Làm bù cho kỳ nghỉ ${row.occasion}`, kind: 'swapped', source: row.source });
        }
      }
      for (const d of statutoryDaysOff(year, { includePending: def.includePending })) {
        if (covered.has(d.ruleId) || reasons.has(d.date)) continue;
        reasons.set(d.date, {
          reason: d.kind === 'compensatory' ? `Nghỉ bù ${d.name} (ngày ${d.compensatesFor})` : d.name,
          kind: d.kind,
          source: `Bộ luật Lao động 2019, ${d.kind === 'compensatory' ? 'Điều 111 khoản 3' : 'Điều 112'}`,
        });
      }
      for (const d of def.days) {
        if (!d.date.startsWith(`${year}-`)) continue;
        if (d.kind === 'off') reasons.set(d.date, { reason: d.reason, kind: 'local', source: `Lịch ${def.id}` });
        else {
          reasons.delete(d.date);
          makeUp.set(d.date, { reason: d.reason, kind: 'local', source: `Lịch ${def.id}` });
        }
      }
      const items = [...reasons.entries()]
        // Only what the built calendar really treats as days off (a weekend inside an announced
        // break is listed, as the announcement lists it).
        .filter(([date]) => !calendar.isWorkingDay(date) && !makeUp.has(date))
        .map(([date, r]) => ({ date, weekday: weekdayOf(date), ...r }))
        .sort((a, b) => a.date.localeCompare(b.date));
      const work = [...makeUp.entries()]
        .filter(([date]) => calendar.isWorkingDay(date))
        .map(([date, r]) => ({ date, weekday: weekdayOf(date), ...r }))
        .sort((a, b) => a.date.localeCompare(b.date));
      return { year, calendar: def.id, items, makeUpWorkingDays: work };
    },

    /**
     * Due instant (Nghị định 61/2018/NĐ-CP, Thông tư 01/2018/TT-VPCP): N working days from the day
     * after receipt, due at the close of office hours; 0 days ("trong ngày") due the same day when
     * received before the cut-off (default the calendar's, 15:00), else the next working day; N
     * working hours counted inside office hours.
     */
    async dueDate(input: DueDateInput): Promise<DueDate> {
      const errors: FieldError[] = [];
      if ((input.workingDays === undefined) === (input.workingHours === undefined)) {
        errors.push({ field: '/query/workingDays', message: 'Cần đúng một trong hai: workingDays hoặc workingHours.' });
      }
      if (errors.length) throw commonErrors.validation(errors);
      checkYear(input.from);
      const { calendar, def } = await load(input.calendar);
      if (input.workingHours !== undefined) {
        const due = calendar.addWorkingHours(input.from, input.workingHours);
        return {
          dueAt: due.toISOString(),
          receivedOn: vnDate(input.from),
          calendar: def.id,
          rule: { workingHours: input.workingHours, cutoff: null },
        };
      }
      const days = input.workingDays!;
      const cutoff = input.cutoff ?? (days === 0 ? def.defaultCutoff : undefined);
      const rule = cutoff ? { cutoff } : undefined;
      return {
        dueAt: calendar.addWorkingDays(input.from, days, rule).toISOString(),
        receivedOn: calendar.receiptDay(input.from, rule),
        calendar: def.id,
        rule: { workingDays: days, cutoff: cutoff ?? null },
      };
    },
  };
}

export type CalendarService = ReturnType<typeof calendarService>;
