/**
 * "The appointment date you would get if you submitted now" (issue 6).
 *
 * 1. The dossier module's own prediction, when it answers (GET /api/v1/procedures/:code/appointment):
 *    it knows the province's process definition, cutoff and calendar.
 * 2. Otherwise, from the procedure's published processing time: working days or hours go through
 *    the calendar API (days off, Tết, make-up Saturdays); calendar days, weeks, months are added
 *    in the Vietnam time zone.
 * 3. The national portal often writes only a number ("1") without a unit: read as working days,
 *    as the dossier engine's process definitions do (dossier/domain/demo-definitions.ts), and the
 *    page says it is an estimate — never silently.
 */
import { ApiError, api } from '../shared/api.ts';
import { vietnamDate } from '../shared/format.ts';
import type { DueDate, Duration, ProcedureRecord, SubmissionChannel } from './catalog.types.ts';

export type AppointmentRule =
  | { kind: 'working'; duration: Duration; cutoff: string | null; guessedFrom: string | null }
  | { kind: 'calendar'; duration: Duration }
  | { kind: 'none' };

export type Appointment =
  | { source: 'process'; dueAt: string }
  | { source: 'working'; dueAt: string; duration: Duration; cutoff: string | null; guessedFrom: string | null }
  | { source: 'calendar'; dueAt: string; duration: Duration }
  | { source: 'none' };

const CHANNEL_PREFERENCE = ['online', 'in_person', 'postal'] as const;

/** The channel whose time applies to an online applicant: online first, else the desk's. */
export function channelForAppointment(channels: SubmissionChannel[]): SubmissionChannel | undefined {
  for (const kind of CHANNEL_PREFERENCE) {
    const c = channels.find((ch) => ch.channel === kind);
    if (c) return c;
  }
  return channels[0];
}

/** Which rule gives the expected appointment for this record (pure). */
export function appointmentRule(record: ProcedureRecord): AppointmentRule {
  const channel = channelForAppointment(record.channels.value ?? []);
  if (!channel) return { kind: 'none' };
  const cutoff = channel.cutoffRules[0]?.after ?? null;
  const standard = channel.processingTimes.filter((t) => t.kind === 'standard');
  const parsed = standard.find((t) => t.value !== null)?.value;
  if (parsed) {
    if (parsed.unit === 'working_day' || parsed.unit === 'working_hour') {
      return { kind: 'working', duration: parsed, cutoff, guessedFrom: null };
    }
    return { kind: 'calendar', duration: parsed };
  }
  const bare = standard.map((t) => t.raw.trim()).find((raw) => /^\d{1,3}$/.test(raw));
  if (bare !== undefined) {
    return {
      kind: 'working',
      duration: { amount: Number(bare), unit: 'working_day' },
      cutoff,
      guessedFrom: bare,
    };
  }
  return { kind: 'none' };
}

/** Adds a calendar duration to a Vietnamese calendar day; returns the day (YYYY-MM-DD). */
export function addCalendarDuration(day: string, duration: Duration): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  switch (duration.unit) {
    case 'day':
    case 'working_day':
      date.setUTCDate(date.getUTCDate() + duration.amount);
      break;
    case 'week':
      date.setUTCDate(date.getUTCDate() + 7 * duration.amount);
      break;
    case 'month':
      date.setUTCMonth(date.getUTCMonth() + duration.amount);
      break;
    case 'year':
      date.setUTCFullYear(date.getUTCFullYear() + duration.amount);
      break;
    case 'hour':
    case 'working_hour':
      date.setUTCDate(date.getUTCDate() + Math.ceil(duration.amount / 24));
      break;
  }
  return date.toISOString().slice(0, 10);
}

interface ProcessAppointment {
  dueAt?: string;
  appointmentAt?: string;
}

export async function fetchAppointment(
  code: string,
  record: ProcedureRecord,
  now: Date,
  signal?: AbortSignal,
): Promise<Appointment> {
  try {
    const official = await api<ProcessAppointment>(`/api/v1/procedures/${encodeURIComponent(code)}/appointment`, {
      signal,
    });
    const dueAt = official?.dueAt ?? official?.appointmentAt;
    if (dueAt) return { source: 'process', dueAt };
  } catch (err) {
    // 404 (no process published for this procedure, or the dossier API not deployed): fall back.
    if (!(err instanceof ApiError) || err.offline || err.status >= 500) throw err;
  }
  const rule = appointmentRule(record);
  if (rule.kind === 'none') return { source: 'none' };
  if (rule.kind === 'calendar') {
    const day = addCalendarDuration(vietnamDate(now), rule.duration);
    return { source: 'calendar', dueAt: day, duration: rule.duration };
  }
  const { duration, cutoff } = rule;
  const due = await api<DueDate>('/api/v1/catalog/calendar/due-date', {
    query: {
      from: now.toISOString(),
      ...(duration.unit === 'working_hour' ? { workingHours: duration.amount } : { workingDays: duration.amount }),
      cutoff,
    },
    signal,
  });
  return { source: 'working', dueAt: due.dueAt, duration, cutoff, guessedFrom: rule.guessedFrom };
}
