import { Type } from 'typebox';

const HhMm = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'Giờ:phút, ví dụ 07:30' });
const TimeRange = Type.Object({ start: HhMm, end: HhMm }, { additionalProperties: false });
const Weekday = Type.Integer({ minimum: 0, maximum: 6, description: '0 = Chủ nhật … 6 = Thứ bảy' });
const CalendarId = Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 64 });
const HoursByWeekday = Type.Record(
  Type.String({ pattern: '^[0-6]$' }),
  Type.Array(TimeRange, { minItems: 1, maxItems: 4 }),
  {
    description: 'Giờ làm việc riêng của từng thứ, ví dụ {"6": [{"start":"07:00","end":"11:30"}]} cho sáng thứ bảy',
  },
);
const IncludePending = Type.Union([Type.Boolean(), Type.Array(Type.String({ maxLength: 64 }), { maxItems: 20 })], {
  description: 'Áp dụng các ngày nghỉ đã quyết định nhưng chưa vào luật (ví dụ ngay_van_hoa_viet_nam: 24/11)',
});

export const CalendarDay = Type.Object({
  date: Type.String({ format: 'date' }),
  kind: Type.Union([Type.Literal('off'), Type.Literal('work')], {
    description: 'off: ngày nghỉ riêng; work: ngày làm bù',
  }),
  reason: Type.String(),
});

export const CalendarDefinition = Type.Object({
  id: Type.String(),
  name: Type.String(),
  provinceCode: Type.Union([Type.String(), Type.Null()]),
  workWeek: Type.Array(Weekday),
  officeHours: Type.Array(TimeRange),
  hoursByWeekday: Type.Record(Type.String(), Type.Array(TimeRange)),
  defaultCutoff: HhMm,
  includePending: IncludePending,
  isDefault: Type.Boolean(),
  version: Type.Integer(),
  days: Type.Array(CalendarDay),
});

export const CalendarList = Type.Object({ items: Type.Array(CalendarDefinition) });
export const CalendarParams = Type.Object({ id: CalendarId }, { additionalProperties: false });
export const CalendarDayParams = Type.Object(
  { id: CalendarId, date: Type.String({ format: 'date' }) },
  { additionalProperties: false },
);

export const CalendarPatchBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    workWeek: Type.Optional(Type.Array(Weekday, { minItems: 1, maxItems: 7, uniqueItems: true })),
    officeHours: Type.Optional(Type.Array(TimeRange, { minItems: 1, maxItems: 4 })),
    hoursByWeekday: Type.Optional(HoursByWeekday),
    defaultCutoff: Type.Optional(HhMm),
    includePending: Type.Optional(IncludePending),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const CalendarDayBody = Type.Object(
  {
    kind: Type.Union([Type.Literal('off'), Type.Literal('work')]),
    reason: Type.String({ minLength: 1, maxLength: 300 }),
  },
  { additionalProperties: false },
);

export const HolidaysQuery = Type.Object(
  {
    year: Type.Integer({ minimum: 1900, maximum: 2100 }),
    calendar: Type.Optional(CalendarId),
  },
  { additionalProperties: false },
);

const DayOffItem = Type.Object({
  date: Type.String({ format: 'date' }),
  weekday: Type.Integer(),
  reason: Type.String(),
  kind: Type.String({ description: 'holiday | compensatory | announced | swapped | local' }),
  source: Type.String(),
});

export const HolidaysResponse = Type.Object({
  year: Type.Integer(),
  calendar: Type.String(),
  items: Type.Array(DayOffItem),
  makeUpWorkingDays: Type.Array(DayOffItem),
});

export const DueDateQuery = Type.Object(
  {
    from: Type.String({ format: 'date-time', description: 'Thời điểm tiếp nhận, ISO 8601 có múi giờ' }),
    workingDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 3650 })),
    workingHours: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 10_000 })),
    cutoff: Type.Optional(HhMm),
    calendar: Type.Optional(CalendarId),
  },
  { additionalProperties: false },
);

export const DueDateResponse = Type.Object({
  dueAt: Type.String({ format: 'date-time' }),
  receivedOn: Type.String({ format: 'date', description: 'Ngày được coi là ngày tiếp nhận' }),
  calendar: Type.String(),
  rule: Type.Object({
    workingDays: Type.Optional(Type.Integer()),
    workingHours: Type.Optional(Type.Number()),
    cutoff: Type.Union([HhMm, Type.Null()]),
  }),
});
