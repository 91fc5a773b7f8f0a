/**
 * Calendar math for deadlines: the Vietnamese lunar calendar, statutory holidays and the announced
 * day-off schedule, and working-time arithmetic in Asia/Ho_Chi_Minh. Pure functions, no I/O.
 */

export type { DayInput, HhMm, IsoDate, SolarDate, Weekday } from './calendar.date.ts';
export {
  addDays,
  formatIsoDate,
  isIsoDate,
  parseIsoDate,
  VN_OFFSET_MS,
  vnDateOf,
  vnInstant,
  weekdayOf,
} from './calendar.date.ts';
export type {
  AdjacentDay,
  DayOff,
  DaysOffOptions,
  DaysOffPlan,
  HolidayPolicy,
  HolidayRule,
  RulesCsvIssue,
  ScheduleFinding,
  ScheduleRow,
  ScheduleStatus,
  ScheduleSwap,
} from './calendar.holidays.ts';
export {
  checkScheduleAgainstRules,
  holidayDatesOfRule,
  parseDayOffScheduleCsv,
  parseHolidayRulesCsv,
  planDaysOff,
  SCHEDULE_STATUSES,
  statutoryDaysOff,
  VN_HOLIDAY_RULES,
} from './calendar.holidays.ts';
export type { LunarDate, LunarMonth, LunarOptions } from './calendar.lunar.ts';
export {
  isValidLunarDate,
  LUNAR_SUPPORTED_YEARS,
  leapMonthOf,
  lunarMonths,
  lunarNewYear,
  lunarToSolar,
  lunarYearName,
  newMoonInstant,
  solarLongitudeAt,
  solarTermInstant,
  solarToLunar,
} from './calendar.lunar.ts';
export type {
  DeadlineRule,
  Timeliness,
  TimeRange,
  VietnamWorkingCalendarOptions,
  WorkingCalendarConfig,
} from './calendar.working-time.ts';
export { createVietnamWorkingCalendar, DEFAULT_OFFICE_HOURS, WorkingCalendar } from './calendar.working-time.ts';
