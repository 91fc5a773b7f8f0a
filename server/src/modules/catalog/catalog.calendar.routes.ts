import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { adminActor, ProblemResponse } from '../../platform/http/index.ts';
import {
  CalendarDayBody,
  CalendarDayParams,
  CalendarDefinition,
  CalendarList,
  CalendarParams,
  CalendarPatchBody,
  DueDateQuery,
  DueDateResponse,
  HolidaysQuery,
  HolidaysResponse,
} from './catalog.calendar.schemas.ts';
import type { CalendarPatch, CalendarService } from './catalog.calendar.service.ts';

const Problem = ProblemResponse;
const pub = { access: 'public' } as const;
const admin = { access: 'admin' } as const;

export function calendarRoutes(app: FastifyInstance, service: CalendarService, adminToken: string | undefined): void {
  app.get(
    '/api/v1/catalog/calendars',
    { config: pub, schema: { tags: ['catalog'], summary: 'Các lịch làm việc', response: { 200: CalendarList } } },
    async () => ({ items: await service.listCalendars() }),
  );

  app.get(
    '/api/v1/catalog/calendars/:id',
    {
      config: pub,
      schema: {
        tags: ['catalog'],
        summary: 'Một lịch làm việc: tuần làm việc, giờ hành chính, ngày nghỉ và ngày làm bù riêng',
        params: CalendarParams,
        response: { 200: CalendarDefinition, 404: Problem },
      },
    },
    async (request) => service.getCalendar((request.params as { id: string }).id),
  );

  app.patch(
    '/api/v1/catalog/calendars/:id',
    {
      config: admin,
      schema: {
        tags: ['catalog'],
        summary: 'Sửa lịch làm việc (quản trị)',
        security: [{ adminToken: [] }],
        params: CalendarParams,
        body: CalendarPatchBody,
        response: { 200: CalendarDefinition, 400: Problem, 401: Problem, 404: Problem },
      },
    },
    async (request) => {
      const actor = adminActor(request, adminToken);
      const { id } = request.params as { id: string };
      return service.updateCalendar(actor, id, request.body as CalendarPatch, request.id);
    },
  );

  app.put(
    '/api/v1/catalog/calendars/:id/days/:date',
    {
      config: admin,
      schema: {
        tags: ['catalog'],
        summary: 'Thêm hoặc sửa một ngày nghỉ riêng / ngày làm bù của lịch (quản trị)',
        security: [{ adminToken: [] }],
        params: CalendarDayParams,
        body: CalendarDayBody,
        response: { 200: CalendarDefinition, 201: CalendarDefinition, 400: Problem, 401: Problem, 404: Problem },
      },
    },
    async (request, reply) => {
      const actor = adminActor(request, adminToken);
      const { id, date } = request.params as { id: string; date: string };
      const body = request.body as { kind: 'off' | 'work'; reason: string };
      const { result, calendar } = await service.setCalendarDay(actor, id, { date, ...body }, request.id);
      return reply.code(result === 'inserted' ? 201 : 200).send(calendar);
    },
  );

  app.delete(
    '/api/v1/catalog/calendars/:id/days/:date',
    {
      config: admin,
      schema: {
        tags: ['catalog'],
        summary: 'Bỏ một ngày riêng của lịch (quản trị)',
        security: [{ adminToken: [] }],
        params: CalendarDayParams,
        response: { 204: Type.Null(), 401: Problem, 404: Problem },
      },
    },
    async (request, reply) => {
      const actor = adminActor(request, adminToken);
      const { id, date } = request.params as { id: string; date: string };
      await service.removeCalendarDay(actor, id, date, request.id);
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/v1/catalog/calendar/holidays',
    {
      config: pub,
      schema: {
        tags: ['catalog'],
        summary: 'Mọi ngày nghỉ trong năm kèm lý do, và các ngày làm bù',
        querystring: HolidaysQuery,
        response: { 200: HolidaysResponse, 400: Problem, 404: Problem },
      },
    },
    async (request) => {
      const { year, calendar } = request.query as { year: number; calendar?: string };
      return service.holidays(year, calendar);
    },
  );

  app.get(
    '/api/v1/catalog/calendar/due-date',
    {
      config: pub,
      schema: {
        tags: ['catalog'],
        summary: 'Tính hạn giải quyết theo ngày làm việc hoặc giờ làm việc',
        querystring: DueDateQuery,
        response: { 200: DueDateResponse, 400: Problem, 404: Problem },
      },
    },
    async (request) => {
      const q = request.query as {
        from: string;
        workingDays?: number;
        workingHours?: number;
        cutoff?: `${number}:${number}`;
        calendar?: string;
      };
      return service.dueDate({
        from: new Date(q.from),
        ...(q.workingDays !== undefined ? { workingDays: q.workingDays } : {}),
        ...(q.workingHours !== undefined ? { workingHours: q.workingHours } : {}),
        ...(q.cutoff !== undefined ? { cutoff: q.cutoff } : {}),
        ...(q.calendar !== undefined ? { calendar: q.calendar } : {}),
      });
    },
  );
}
