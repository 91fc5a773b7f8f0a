import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Agencies (cơ quan, đơn vị), effective-dated like units: one row per (code, valid_from), both
  // bounds inclusive, valid_to null = still in force. The electronic identifier (QCVN 102:2016,
  // Quyết định 20/2020/QĐ-TTg) is reused over time only through new rows, never by editing one.
  // The tree is parent_code on the same date; unit_code is the administrative unit served.
  await sql`
    create table catalog.agency (
      id uuid primary key,
      code text not null,
      name text not null,
      short_name text,
      kind text not null,
      parent_code text,
      unit_code text,
      valid_from date not null,
      valid_to date,
      email text,
      phone text,
      address text,
      origin text not null,
      search_key text not null,
      updated_at timestamptz not null,
      unique (code, valid_from),
      check (valid_to is null or valid_to >= valid_from),
      check (parent_code is null or parent_code <> code)
    )`.execute(db);
  await sql`create index agency_parent on catalog.agency (parent_code, valid_from)`.execute(db);
  await sql`create index agency_unit on catalog.agency (unit_code)`.execute(db);
  await sql`create index agency_search on catalog.agency using gin (search_key gin_trgm_ops)`.execute(db);

  // Working calendars, one or more per province (a centre that also opens on Saturday mornings has
  // its own). The national days off are not stored per calendar: they are computed from the Labour
  // Code rules and the announced schedule (catalog.dayoff_schedule); a calendar adds its own days.
  await sql`
    create table catalog.calendar (
      id text primary key,
      name text not null,
      province_code text,
      work_week integer[] not null,
      office_hours jsonb not null,
      hours_by_weekday jsonb not null,
      default_cutoff text not null,
      include_pending jsonb not null,
      is_default boolean not null default false,
      version integer not null default 1,
      updated_at timestamptz not null
    )`.execute(db);
  await sql`create unique index calendar_one_default on catalog.calendar (is_default) where is_default`.execute(db);
  await sql`
    create table catalog.calendar_day (
      calendar_id text not null references catalog.calendar (id),
      date date not null,
      kind text not null check (kind in ('off', 'work')),
      reason text not null,
      primary key (calendar_id, date)
    )`.execute(db);
  // The government's yearly day-off and make-up schedule, as parsed rows (platform/calendar ScheduleRow).
  await sql`
    create table catalog.dayoff_schedule (
      year integer not null,
      line integer not null,
      occasion text not null,
      status text not null,
      row jsonb not null,
      primary key (year, line)
    )`.execute(db);

  // Revision counters of read-mostly data that nodes cache in memory (procedure search): bumped in
  // the transaction that changes the data, read (at most once a second) before serving from cache.
  await sql`create table catalog.revision (name text primary key, revision integer not null)`.execute(db);
}
