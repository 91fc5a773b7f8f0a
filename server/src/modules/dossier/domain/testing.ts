/**
 * Test support for the dossier domain (imported by *.test.ts only; not exported by index.ts): the
 * real Vietnamese working calendar of 2024–2027, wall-clock instants, actors and a driver that takes
 * a dossier along the main path of any definition.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  createVietnamWorkingCalendar,
  parseDayOffScheduleCsv,
  vnInstant,
  type WorkingCalendar,
} from '../../../platform/calendar/index.ts';
import { type Actor, type ApplyResult, applyAction, type DossierAction, type DossierState } from './dossier.machine.ts';
import { mainPath, stepMap } from './process.graph.ts';
import type { ActionSpec, ProcessDefinition, RequirementKind } from './process.schemas.ts';

let cached: WorkingCalendar | undefined;

/** The national calendar built from reference-data/calendar/vn_official_dayoff_schedule_2024_2027.csv. */
export function vnCalendar(): WorkingCalendar {
  if (cached === undefined) {
    const file = fileURLToPath(
      new URL('../../../../../reference-data/calendar/vn_official_dayoff_schedule_2024_2027.csv', import.meta.url),
    );
    const schedule = parseDayOffScheduleCsv(readFileSync(file, 'utf8'));
    cached = createVietnamWorkingCalendar({ years: [2024, 2025, 2026, 2027], schedule }).calendar;
  }
  return cached;
}

/** Vietnam wall-clock instant: at('2026-04-24 16:00'). */
export function at(s: string): Date {
  const [d, t] = s.split(' ');
  return vnInstant(d!, t);
}

/** ISO string of a Vietnam wall-clock instant. */
export const isoAt = (s: string) => at(s).toISOString();

export const applicant: Actor = {
  id: 'citizen-1',
  roles: [],
  isAssignee: false,
  isCoHandler: false,
  isLeaderOfAgency: false,
  isApplicant: true,
};

/** A leader with every role: may act on any step (used to drive dossiers in tests). */
export const superOfficer: Actor = {
  id: 'leader-1',
  roles: ['one_stop_officer', 'specialist', 'leader', 'clerk'],
  isAssignee: false,
  isCoHandler: false,
  isLeaderOfAgency: true,
  isMemberOfAgency: true,
};

/** Inputs that satisfy every requirement of an action spec. */
export function inputsFor(
  spec: Pick<ActionSpec, 'requires'>,
  now: Date,
  appointment: string | null,
): Partial<DossierAction> {
  const out: Record<string, unknown> = {};
  const fill: Record<RequirementKind, () => void> = {
    comment: () => {
      out['comment'] = 'Ý kiến xử lý';
    },
    reason: () => {
      out['reason'] = 'Lý do';
    },
    result_file: () => {
      out['resultFileIds'] = ['file-1'];
    },
    next_handler: () => {
      out['nextHandlerId'] = 'officer-2';
    },
    target_agency: () => {
      out['targetAgencyCode'] = 'OTHER.AGENCY';
    },
    new_due_date: () => {
      const base = Math.max(now.getTime(), appointment === null ? 0 : new Date(appointment).getTime());
      out['newDueAt'] = new Date(base + 3 * 86_400_000).toISOString();
    },
  };
  for (const r of spec.requires) fill[r]();
  return out as Partial<DossierAction>;
}

export function expectOk(result: ApplyResult): Extract<ApplyResult, { ok: true }> {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result;
}

/**
 * Takes a submitted dossier along the main path, one action every `stepMinutes` of wall time,
 * attaching the result where the next action needs it; returns the final state and every result.
 */
export function driveMainPath(
  def: ProcessDefinition,
  calendar: WorkingCalendar,
  submitted: DossierState,
  start: Date,
  stepMinutes: number,
): { state: DossierState; results: Extract<ApplyResult, { ok: true }>[] } {
  const steps = stepMap(def);
  const path = mainPath(def)!;
  let state = submitted;
  let now = start;
  const results: Extract<ApplyResult, { ok: true }>[] = [];
  const facts = { feePaid: true, requiredComponentsPresent: true, identityLevel: 2 as const };
  const act = (spec: ActionSpec) => {
    const action = {
      kind: spec.kind,
      to: spec.to,
      code: 'TEST-260101-0001',
      ...inputsFor(spec, now, state.appointmentAt),
    };
    const r = expectOk(applyAction(state, action, { definition: def, calendar, now, actor: superOfficer, facts }));
    results.push(r);
    state = r.state;
    now = new Date(now.getTime() + stepMinutes * 60_000);
  };
  for (const id of path) {
    const step = steps.get(id)!;
    const ret = step.actions.find((a) => a.kind === 'return_result');
    const next =
      ret ??
      step.actions.find(
        (a) =>
          ['accept', 'forward', 'transfer', 'return_transfer', 'approve'].includes(a.kind) &&
          a.to !== undefined &&
          a.to === path[path.indexOf(id) + 1],
      );
    if (next === undefined) throw new Error(`no way on from ${id}`);
    const attach = step.actions.find((a) => a.kind === 'attach_result');
    if (attach && !state.resultAttached && state.receivedAt !== null) act(attach);
    act(next);
  }
  return { state, results };
}
