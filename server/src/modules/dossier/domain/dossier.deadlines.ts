/**
 * Deadlines of a dossier from its process definition and the working calendar (platform/calendar).
 *
 * - The clock starts at the receipt of a complete dossier (Nghị định 118/2025/NĐ-CP; the counting
 *   convention and the cutoff rule are documented in calendar.working-time.ts): at the receipt
 *   instant, or at the start of the next working day when the dossier came after the cutoff, after
 *   hours or on a day off.
 * - The dossier is due `totalTime` later: the close of office hours of the N-th working day
 *   (working_days), or N working hours after the clock start (working_hours).
 * - Each step of the main path gets a due instant from its share of the whole working time
 *   (calendar.splitShares), so a late step is visible even when the dossier is on time. A step off
 *   the main path (a branch) gets its share of the working time from the moment it is entered.
 * - A supplement request stops the clock; on resumption every due instant that had not passed moves
 *   by the working time that was paused (calendar.resumeAfterPause).
 * - An extension (Form 04) gives a new appointment but the dossier still counts as late.
 */
import {
  type DeadlineRule,
  type IsoDate,
  type Timeliness,
  vnDateOf,
  vnInstant,
  type WorkingCalendar,
} from '../../../platform/calendar/index.ts';
import { mainPath, stepMap } from './process.graph.ts';
import type { ProcessDefinition } from './process.schemas.ts';

export type StepDue = { readonly stepId: string; readonly dueAt: Date };

function ruleOf(def: ProcessDefinition): DeadlineRule {
  return def.cutoff === undefined ? {} : { cutoff: def.cutoff };
}

/** The instant the processing clock starts for a dossier received at `receivedAt`. */
export function clockStartOf(def: ProcessDefinition, calendar: WorkingCalendar, receivedAt: Date): Date {
  const receiptDay = calendar.receiptDay(receivedAt, ruleOf(def));
  return receiptDay === vnDateOf(receivedAt) ? new Date(receivedAt.getTime()) : vnInstant(receiptDay, '00:00');
}

/** Due instant of a dossier received at `receivedAt` (the appointment on Form 01). */
export function dossierDueAt(def: ProcessDefinition, calendar: WorkingCalendar, receivedAt: Date): Date {
  if (def.totalTime.unit === 'working_days') {
    return calendar.addWorkingDays(receivedAt, def.totalTime.amount, ruleOf(def));
  }
  return calendar.addWorkingHours(clockStartOf(def, calendar, receivedAt), def.totalTime.amount);
}

/** The whole working time of the dossier, in minutes (from the clock start to the due instant). */
export function budgetMinutes(def: ProcessDefinition, calendar: WorkingCalendar, receivedAt: Date): number {
  return calendar.workingTimeBetween(clockStartOf(def, calendar, receivedAt), dossierDueAt(def, calendar, receivedAt));
}

/**
 * Planned due instants of the steps of the main path, in order; the last one is the dossier's due
 * instant. Empty if the definition has no main path (it would not pass validation).
 */
export function planStepDues(def: ProcessDefinition, calendar: WorkingCalendar, receivedAt: Date): StepDue[] {
  const path = mainPath(def);
  if (path === null) return [];
  const steps = stepMap(def);
  const shares = path.map((id) => steps.get(id)!.share);
  let dues: Date[];
  if (def.totalTime.unit === 'working_days') {
    dues = calendar.splitShares(receivedAt, def.totalTime.amount, shares, ruleOf(def));
  } else {
    const start = clockStartOf(def, calendar, receivedAt);
    const due = dossierDueAt(def, calendar, receivedAt);
    const budget = calendar.workingTimeBetween(start, due);
    const sum = shares.reduce((a, b) => a + b, 0);
    let cumulative = 0;
    dues = shares.map((share, i) => {
      cumulative += share;
      if (i === shares.length - 1) return new Date(due.getTime());
      return calendar.addWorkingMinutes(start, (budget * cumulative) / sum);
    });
  }
  return path.map((stepId, i) => ({ stepId, dueAt: dues[i]! }));
}

/**
 * Due instant of a step off the main path entered at `enteredAt`: its share of the dossier's
 * working time counted from the entry, but never after the dossier's due instant.
 */
export function offPathStepDueAt(
  def: ProcessDefinition,
  calendar: WorkingCalendar,
  stepId: string,
  enteredAt: Date,
  budget: number,
  dossierDue: Date,
): Date {
  const steps = stepMap(def);
  const path = mainPath(def) ?? [];
  const sum = path.reduce((a, id) => a + steps.get(id)!.share, 0);
  const share = steps.get(stepId)?.share ?? 0;
  const due = calendar.addWorkingMinutes(enteredAt, sum > 0 ? (budget * share) / sum : 0);
  return due.getTime() > dossierDue.getTime() ? new Date(Math.max(dossierDue.getTime(), enteredAt.getTime())) : due;
}

export type AppointmentPrediction = {
  /** The day the dossier would count as received (the cutoff and days off can move it). */
  readonly receiptDay: IsoDate;
  readonly clockStartsAt: Date;
  /** The appointment the citizen would get if the dossier were received complete now. */
  readonly dueAt: Date;
  readonly stepDues: StepDue[];
};

/**
 * The appointment a citizen can expect before submitting: the due instant if the dossier were
 * received complete at `now`. Online dossiers are received when the one-stop officer accepts them,
 * so this is a best case; the receipt (Form 01) states the binding date.
 */
export function predictAppointment(
  def: ProcessDefinition,
  calendar: WorkingCalendar,
  now: Date,
): AppointmentPrediction {
  return {
    receiptDay: calendar.receiptDay(now, ruleOf(def)),
    clockStartsAt: clockStartOf(def, calendar, now),
    dueAt: dossierDueAt(def, calendar, now),
    stepDues: planStepDues(def, calendar, now),
  };
}

/**
 * Timeliness of a completion: late after the due instant, or whenever the appointment was
 * extended (an apology letter, Form 04, does not make a late dossier on time); otherwise early if
 * finished on an earlier calendar day than the due day, else on time.
 */
export function classifyCompletion(
  calendar: WorkingCalendar,
  dueAt: Date,
  completedAt: Date,
  extended: boolean,
): Timeliness {
  if (extended) return 'late';
  return calendar.classify(dueAt, completedAt);
}
