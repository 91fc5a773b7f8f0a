/** SQL of the catalogue's working calendars: calendar definitions, their own days, the national schedule. */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { ScheduleRow } from '../../platform/calendar/index.ts';

export interface CalendarRow {
  id: string;
  name: string;
  province_code: string | null;
  work_week: number[];
  office_hours: { start: string; end: string }[];
  hours_by_weekday: Record<string, { start: string; end: string }[]>;
  default_cutoff: string;
  include_pending: boolean | string[];
  is_default: boolean;
  version: number;
  updated_at: Date;
}

export interface CalendarDayRow {
  calendar_id: string;
  date: string;
  kind: 'off' | 'work';
  reason: string;
}

type Db = Kysely<any> | Transaction<any>;

function parseJson<T>(v: unknown): T {
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}

function toCalendar(r: any): CalendarRow {
  return {
    ...r,
    office_hours: parseJson(r.office_hours),
    hours_by_weekday: parseJson(r.hours_by_weekday),
    include_pending: parseJson(r.include_pending),
  };
}

export function calendarRepository(db: Kysely<any>) {
  return {
    async list(): Promise<CalendarRow[]> {
      const rows = await db
        .selectFrom('catalog.calendar')
        .selectAll()
        .orderBy('is_default', 'desc')
        .orderBy('id')
        .execute();
      return rows.map(toCalendar);
    },

    async find(id: string | undefined, tx: Db = db): Promise<CalendarRow | undefined> {
      let q = tx.selectFrom('catalog.calendar').selectAll();
      q = id === undefined ? q.where('is_default', '=', true) : q.where('id', '=', id);
      const row = await q.executeTakeFirst();
      return row ? toCalendar(row) : undefined;
    },

    /** Version stamps of a calendar and of the national schedule: the cache key of a built calendar. */
    async version(id: string | undefined): Promise<{ id: string; version: number } | undefined> {
      let q = db.selectFrom('catalog.calendar').select(['id', 'version']);
      q = id === undefined ? q.where('is_default', '=', true) : q.where('id', '=', id);
      return q.executeTakeFirst();
    },

    async insert(tx: Db, row: Omit<CalendarRow, 'version'>): Promise<void> {
      await tx
        .insertInto('catalog.calendar')
        .values({
          ...row,
          office_hours: JSON.stringify(row.office_hours),
          hours_by_weekday: JSON.stringify(row.hours_by_weekday),
          include_pending: JSON.stringify(row.include_pending),
          version: 1,
        })
        .execute();
    },

    async update(tx: Db, id: string, patch: Partial<Omit<CalendarRow, 'id' | 'version'>>, now: Date): Promise<void> {
      const values: Record<string, unknown> = { updated_at: now, version: sql`version + 1` };
      for (const [k, v] of Object.entries(patch)) {
        values[k] = k === 'office_hours' || k === 'hours_by_weekday' || k === 'include_pending' ? JSON.stringify(v) : v;
      }
      await tx.updateTable('catalog.calendar').set(values).where('id', '=', id).execute();
    },

    /** Any change of the national schedule invalidates every built calendar. */
    async bumpAll(tx: Db, now: Date): Promise<void> {
      await tx.updateTable('catalog.calendar').set({ version: sql`version + 1`, updated_at: now }).execute();
    },

    async days(id: string, tx: Db = db): Promise<CalendarDayRow[]> {
      return (await tx
        .selectFrom('catalog.calendar_day')
        .selectAll()
        .where('calendar_id', '=', id)
        .orderBy('date')
        .execute()) as CalendarDayRow[];
    },

    async upsertDay(tx: Db, row: CalendarDayRow): Promise<'inserted' | 'updated'> {
      const existing = await tx
        .selectFrom('catalog.calendar_day')
        .select('date')
        .where('calendar_id', '=', row.calendar_id)
        .where('date', '=', row.date)
        .executeTakeFirst();
      await tx
        .insertInto('catalog.calendar_day')
        .values(row)
        .onConflict((oc) => oc.columns(['calendar_id', 'date']).doUpdateSet({ kind: row.kind, reason: row.reason }))
        .execute();
      return existing ? 'updated' : 'inserted';
    },

    async deleteDay(tx: Db, id: string, date: string): Promise<boolean> {
      const r = await tx
        .deleteFrom('catalog.calendar_day')
        .where('calendar_id', '=', id)
        .where('date', '=', date)
        .executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },

    async schedule(tx: Db = db): Promise<ScheduleRow[]> {
      const rows = await tx
        .selectFrom('catalog.dayoff_schedule')
        .select('row')
        .orderBy('year')
        .orderBy('line')
        .execute();
      return rows.map((r) => parseJson<ScheduleRow>(r.row));
    },

    async replaceSchedule(tx: Db, rows: readonly ScheduleRow[]): Promise<void> {
      await tx.deleteFrom('catalog.dayoff_schedule').execute();
      if (rows.length === 0) return;
      await tx
        .insertInto('catalog.dayoff_schedule')
        .values(
          rows.map((r) => ({
            year: r.year,
            line: r.line,
            occasion: r.occasion,
            status: r.status,
            row: JSON.stringify(r),
          })),
        )
        .execute();
    },
  };
}

export type CalendarRepository = ReturnType<typeof calendarRepository>;
