/**
 * Properties of the state machine over random valid process definitions and random sequences of
 * actions (fast-check): no sequence reaches an invalid state; allowed actions with valid inputs are
 * never refused and invalid ones change nothing; paused time is never lost; no required step is
 * skipped on the way to "returned"; every move follows a declared edge; history is append-only.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Actor,
  applyAction,
  assignRight,
  availableActions,
  createDossier,
  DOSSIER_EVENTS,
  type DossierAction,
  type DossierState,
  dossierInvariantViolations,
  type HistoryEntry,
} from './dossier.machine.ts';
import { toMermaid, toSvg } from './process.diagram.ts';
import { requiredSteps } from './process.graph.ts';
import { exportProcessDefinition, importProcessDefinition } from './process.json.ts';
import type { ActionKind, ActionSpec, Guard, ProcessDefinition, Step, StepRole } from './process.schemas.ts';
import { MANDATORY_REQUIREMENTS } from './process.schemas.ts';
import { validateProcessDefinition } from './process.validate.ts';
import { applicant, inputsFor, superOfficer, vnCalendar } from './testing.ts';

const calendar = vnCalendar();
const ROLES: StepRole[] = ['one_stop_officer', 'specialist', 'leader', 'clerk'];
const EXTRA_KINDS = [
  'send_back',
  'request_supplement',
  'refuse',
  'stop',
  'extend',
  'withdraw',
  'skip',
  'attach_result',
] as const;

const spec = (kind: ActionKind, to?: string, guards: Guard[] = []): ActionSpec => {
  const s: ActionSpec = {
    kind,
    guards,
    requires: [...(MANDATORY_REQUIREMENTS[kind] ?? [])],
    label: `Thao tác ${kind}`,
  };
  if (to !== undefined) s.to = to;
  return s;
};

const arbDefinition = fc
  .record({
    homeCount: fc.integer({ min: 1, max: 5 }),
    transfer: fc.option(fc.record({ at: fc.nat(), length: fc.integer({ min: 1, max: 2 }), optional: fc.boolean() })),
    shares: fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 8, maxLength: 8 }),
    roles: fc.array(fc.constantFrom(...ROLES), { minLength: 8, maxLength: 8 }),
    statuses: fc.array(fc.constantFrom('in_progress' as const, 'awaiting_approval' as const, 'approved' as const), {
      minLength: 8,
      maxLength: 8,
    }),
    fixedAgency: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
    lastReady: fc.boolean(),
    /** A processing step that can ask for a supplement (so pauses after receipt are common). */
    supplementAt: fc.nat(),
    resultGuard: fc.boolean(),
    acceptGuards: fc.subarray<Guard>([
      { kind: 'fee_paid' },
      { kind: 'components_present', required: 'all_required' },
      { kind: 'identity_level', min: 2 },
    ]),
    extras: fc.array(fc.record({ at: fc.nat(), kind: fc.constantFrom(...EXTRA_KINDS), target: fc.nat() }), {
      maxLength: 14,
    }),
    total: fc.oneof(
      fc.record({ unit: fc.constant('working_days' as const), amount: fc.integer({ min: 0, max: 15 }) }),
      fc.record({ unit: fc.constant('working_hours' as const), amount: fc.integer({ min: 1, max: 80 }) }),
    ),
    cutoff: fc.option(fc.constantFrom('11:00', '15:00', '16:30')),
  })
  .map((g): ProcessDefinition => {
    const n = g.homeCount;
    const home: Step[] = [];
    for (let i = 0; i <= n; i++) {
      home.push({
        id: `s${i}`,
        name: `Bước ${i}`,
        role: i === 0 ? 'one_stop_officer' : g.roles[i % 8]!,
        agency: i > 0 && g.fixedAgency[i % 8] ? { kind: 'fixed', code: 'FIX.1' } : { kind: 'receiving' },
        share: g.shares[i % 8]! / 4,
        dossierStatus: i === 0 ? 'received' : i === n && g.lastReady ? 'result_ready' : g.statuses[i % 8]!,
        actions: [],
      });
    }
    home[0]!.actions.push(spec('accept', 's1', g.acceptGuards));
    const external: Step[] = [];
    const k = g.transfer !== null && n >= 2 ? 1 + (g.transfer.at % (n - 1)) : null;
    for (let i = 1; i < n; i++) {
      if (i === k && g.transfer !== null) {
        home[i]!.actions.push({ ...spec('transfer', 't0'), requires: ['target_agency'] });
        for (let j = 0; j < g.transfer.length; j++) {
          const last = j === g.transfer.length - 1;
          external.push({
            id: `t${j}`,
            name: `Liên thông ${j}`,
            role: g.roles[(i + j) % 8]!,
            agency: { kind: 'transfer_target' },
            share: g.shares[(i + j + 3) % 8]! / 4,
            dossierStatus: 'transferred',
            actions: [last ? spec('return_transfer', `s${i + 1}`) : spec('forward', `t${j + 1}`)],
          });
        }
        if (g.transfer.optional) home[i]!.actions.push(spec('forward', `s${i + 1}`));
      } else {
        home[i]!.actions.push(spec('forward', `s${i + 1}`));
      }
    }
    home[n]!.actions.push(spec('return_result', undefined, g.resultGuard ? [{ kind: 'result_attached' }] : []));
    if (g.resultGuard) home[n]!.actions.push(spec('attach_result'));
    home[1 + (g.supplementAt % n)]!.actions.push(spec('request_supplement'));
    const all = [...home, ...external];
    for (const x of g.extras) {
      const s = all[x.at % all.length]!;
      const isExternal = s.agency.kind === 'transfer_target';
      const group = isExternal ? external : home;
      const index = group.indexOf(s);
      let action: ActionSpec | null = null;
      if (x.kind === 'send_back') {
        if (index >= 1) action = spec('send_back', group[x.target % index]!.id);
      } else if (x.kind === 'skip') {
        if (!isExternal && index + 2 <= n)
          action = spec('forward', group[index + 2 + (x.target % (n - index - 1))]!.id);
      } else if (x.kind === 'withdraw') {
        if (!isExternal) action = spec('withdraw');
      } else action = spec(x.kind);
      if (action !== null && !s.actions.some((a) => a.kind === action.kind && a.to === action.to))
        s.actions.push(action);
    }
    const def: ProcessDefinition = {
      id: 'random',
      procedureCode: '1.000000',
      name: 'Quy trình ngẫu nhiên',
      agencyCode: 'AG.1',
      version: 1,
      effectiveFrom: '2024-01-01',
      effectiveTo: null,
      status: 'published',
      totalTime: g.total,
      steps: all,
      startStep: 's0',
    };
    if (g.cutoff !== null) def.cutoff = g.cutoff;
    return def;
  });

const arbCommand = fc.record({
  pick: fc.nat(),
  /** Most commands prefer actions that move the dossier on, so sequences get deep. */
  progress: fc.integer({ min: 0, max: 9 }).map((x) => x < 7),
  minutes: fc.oneof(
    { arbitrary: fc.integer({ min: 0, max: 120 }), weight: 4 },
    { arbitrary: fc.integer({ min: 0, max: 6000 }), weight: 1 },
  ),
  stranger: fc.integer({ min: 0, max: 9 }).map((x) => x === 0),
  supplyInputs: fc.integer({ min: 0, max: 9 }).map((x) => x !== 0),
  feePaid: fc.integer({ min: 0, max: 5 }).map((x) => x !== 0),
  components: fc.integer({ min: 0, max: 5 }).map((x) => x !== 0),
  identityLevel: fc.constantFrom(0 as const, 1 as const, 2 as const, 2 as const, 2 as const),
});

const stranger: Actor = {
  id: 'stranger',
  roles: ['one_stop_officer', 'specialist', 'leader', 'clerk'],
  isAssignee: false,
  isCoHandler: false,
  isLeaderOfAgency: false,
  isMemberOfAgency: false,
  isApplicant: false,
};

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Lower = further along (ends last); used to bias random walks toward deep states. */
const RANK = (kind: DossierAction['kind']): number =>
  ({ refuse: 9, stop: 9, withdraw: 9, send_back: 4, extend: 2, request_supplement: 1 })[kind as string] ?? 0;

type Option = { kind: DossierAction['kind']; to?: string; spec?: ActionSpec; byApplicant: boolean };

function optionsOf(state: DossierState, def: ProcessDefinition): Option[] {
  const options: Option[] = [];
  if (state.status === 'draft') options.push({ kind: 'submit', byApplicant: true });
  if (state.status === 'pending_supplement') options.push({ kind: 'provide_supplement', byApplicant: true });
  for (const a of availableActions(state, def, superOfficer))
    options.push({ kind: a.kind, to: a.to, spec: a, byApplicant: false });
  for (const a of availableActions(state, def, applicant))
    options.push({ kind: a.kind, to: a.to, spec: a, byApplicant: true });
  return options;
}

describe('state machine properties', () => {
  it('random definitions from the generator are valid, round-trip through JSON and draw', () => {
    fc.assert(
      fc.property(arbDefinition, (def) => {
        const r = validateProcessDefinition(def);
        expect(r.ok ? [] : r.problems).toEqual([]);
        const text = exportProcessDefinition(def);
        const back = importProcessDefinition(text);
        expect(back.ok && exportProcessDefinition(back.definition)).toBe(text);
        expect(back.ok && back.definition).toEqual(def);
        const mermaid = toMermaid(def);
        const svg = toSvg(def);
        for (const s of def.steps) {
          expect(mermaid).toContain(`s_${s.id}[`);
          expect(svg).toContain(s.name);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('no sequence of actions reaches an invalid state, loses paused time or skips a required step', () => {
    fc.assert(
      fc.property(
        arbDefinition,
        fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2027-06-30T00:00:00Z'), noInvalidDate: true }),
        fc.array(arbCommand, { minLength: 5, maxLength: 60, size: 'max' }),
        (def, start, commands) => {
          const created = createDossier({
            id: 'd',
            definition: def,
            receivingAgencyCode: 'AG.1',
            applicantId: 'c',
            now: start,
          });
          expect(created.ok).toBe(true);
          if (!created.ok) return;
          let state = deepFreeze(created.state);
          let now = start;
          const history: HistoryEntry[] = [];
          let firstDue: string | null = null;
          let codeSeq = 0;
          for (const c of commands) {
            const options = optionsOf(state, def);
            if (options.length === 0) break;
            const ranked = c.progress ? [...options].sort((a, b) => RANK(a.kind) - RANK(b.kind)) : options;
            const biased = c.pick % 10 < 6 ? 0 : c.pick % 10 < 9 ? 1 : 2;
            const option = ranked[(c.progress ? biased : c.pick) % ranked.length]!;
            now = new Date(now.getTime() + c.minutes * 60_000);
            const actor = c.stranger ? stranger : option.byApplicant ? applicant : superOfficer;
            const inputs =
              c.supplyInputs && option.spec !== undefined ? inputsFor(option.spec, now, state.appointmentAt) : {};
            const action: DossierAction = {
              kind: option.kind,
              to: option.to,
              code: `AG.1-260101-${String(++codeSeq).padStart(4, '0')}`,
              ...inputs,
            };
            const facts = {
              feePaid: c.feePaid,
              requiredComponentsPresent: c.components,
              identityLevel: c.identityLevel,
            };
            const before = state;
            const result = applyAction(state, action, { definition: def, calendar, now, actor, facts });

            const guards = option.spec?.guards ?? [];
            const guardsHold = guards.every((g) =>
              g.kind === 'fee_paid'
                ? c.feePaid
                : g.kind === 'components_present'
                  ? c.components
                  : g.kind === 'identity_level'
                    ? c.identityLevel >= g.min
                    : state.resultAttached,
            );
            const inputsOk = c.supplyInputs || (option.spec?.requires.length ?? 0) === 0;
            if (c.stranger) {
              // Someone unrelated to the dossier can never change it.
              expect(result.ok ? 'OK' : result.error.code).toBe('FORBIDDEN');
            } else if (guardsHold && inputsOk) {
              // An available action with valid inputs and satisfied guards is never refused.
              expect(result.ok ? 'OK' : `${result.error.code}: ${result.error.message}`).toBe('OK');
            }
            if (!result.ok) {
              expect(result.error.message.length).toBeGreaterThan(5);
              expect(state).toBe(before);
              continue;
            }
            const next = result.state;
            expect(dossierInvariantViolations(next, def)).toEqual([]);
            // History is append-only: exactly one row, numbered after the previous ones, in time order.
            expect(result.history).toHaveLength(1);
            expect(result.history[0]!.seq).toBe(history.length + 1);
            expect(next.historyLength).toBe(history.length + 1);
            if (history.length > 0) expect(result.history[0]!.at >= history.at(-1)!.at).toBe(true);
            history.push(...result.history);
            // Every move follows an edge the definition declares.
            const h = result.history[0]!;
            if (h.fromStepId !== h.toStepId) {
              const from = def.steps.find((s) => s.id === h.fromStepId)!;
              expect(from.actions.some((a) => a.kind === h.action && a.to === h.toStepId)).toBe(true);
            }
            expect(result.events.length).toBeGreaterThan(0);
            for (const e of result.events) {
              expect(DOSSIER_EVENTS).toContain(e.type);
              expect(e.dossierId).toBe('d');
            }
            // Paused time is never lost and never shortens the time: the working time from the clock
            // start to the due instant, minus the pauses that moved it, is the whole budget.
            if (next.receivedAt !== null) {
              firstDue ??= next.dueAt;
              expect(next.dueAt! >= firstDue!).toBe(true);
              const shifted = next.pauses.reduce((a, p) => a + p.shiftedMinutes, 0);
              const span = calendar.workingTimeBetween(new Date(next.clockStartedAt!), new Date(next.dueAt!));
              expect(Math.abs(span - shifted - next.budgetMinutes!)).toBeLessThan(1e-6);
            }
            state = deepFreeze(next);
          }
          // No required step is skipped on the way to "returned".
          if (state.status === 'returned') {
            const visited = new Set([def.startStep, ...history.map((h) => h.toStepId)]);
            for (const id of requiredSteps(def)) expect(visited.has(id)).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
  it('assign changes only the handler, never the step, status or due dates; strangers and ineligible handlers change nothing', () => {
    fc.assert(
      fc.property(
        arbDefinition,
        fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2027-06-30T00:00:00Z'), noInvalidDate: true }),
        fc.array(fc.record({ pick: fc.nat(), minutes: fc.integer({ min: 0, max: 600 }), handler: fc.nat(3) }), {
          minLength: 1,
          maxLength: 30,
        }),
        (def, start, commands) => {
          const created = createDossier({
            id: 'd',
            definition: def,
            receivingAgencyCode: 'AG.1',
            applicantId: 'c',
            now: start,
          });
          if (!created.ok) return;
          let state = deepFreeze(created.state);
          let now = start;
          let codeSeq = 0;
          const facts = { feePaid: true, requiredComponentsPresent: true, identityLevel: 2 as const };
          for (const c of commands) {
            now = new Date(now.getTime() + c.minutes * 60_000);
            const handler = `official-${c.handler}`;
            const context = { definition: def, calendar, now, actor: superOfficer };
            const open = !['draft', 'returned', 'refused', 'stopped', 'withdrawn'].includes(state.status);
            expect(assignRight(state, def, superOfficer)).toBe(open ? 'any' : null);
            const byStranger = applyAction(
              state,
              { kind: 'assign', nextHandlerId: handler },
              { ...context, actor: stranger, facts: { ...facts, nextHandlerEligible: true } },
            );
            expect(byStranger.ok ? 'OK' : byStranger.error.code).toBe(
              open ? 'FORBIDDEN' : state.status === 'draft' ? 'FORBIDDEN' : 'DOSSIER_CLOSED',
            );
            const ineligible = applyAction(state, { kind: 'assign', nextHandlerId: handler }, { ...context, facts });
            expect(ineligible.ok).toBe(false);
            const r = applyAction(
              state,
              { kind: 'assign', nextHandlerId: handler },
              { ...context, facts: { ...facts, nextHandlerEligible: true } },
            );
            if (open && handler !== state.assigneeId) {
              expect(r.ok ? 'OK' : `${r.error.code}: ${r.error.message}`).toBe('OK');
              if (r.ok) {
                const n = r.state;
                expect(n.assigneeId).toBe(handler);
                expect(n.coHandlerIds).not.toContain(handler);
                const { assigneeId: _a, coHandlerIds: _c, lastActionAt: _l, historyLength: _h, ...same } = n;
                const { assigneeId: _a2, coHandlerIds: _c2, lastActionAt: _l2, historyLength: _h2, ...was } = state;
                expect(same).toEqual(was);
                expect(dossierInvariantViolations(n, def)).toEqual([]);
                expect(r.history).toHaveLength(1);
                expect(r.history[0]).toMatchObject({
                  action: 'assign',
                  fromStepId: state.stepId,
                  toStepId: state.stepId,
                  assigneeId: handler,
                });
                expect(r.events.map((e) => e.type)).toEqual(['dossier.assigned']);
                if (c.pick % 3 === 0) state = deepFreeze(n);
              }
            } else expect(r.ok).toBe(false);
            // Move the dossier on along any available action (full inputs, guards satisfied).
            const options = optionsOf(state, def);
            if (options.length === 0) break;
            const option = options[c.pick % options.length]!;
            const actor = option.byApplicant ? applicant : superOfficer;
            const inputs = option.spec !== undefined ? inputsFor(option.spec, now, state.appointmentAt) : {};
            const moved = applyAction(
              state,
              {
                kind: option.kind,
                to: option.to,
                code: `AG.1-260101-${String(++codeSeq).padStart(4, '0')}`,
                ...inputs,
              },
              { definition: def, calendar, now, actor, facts },
            );
            if (moved.ok) state = deepFreeze(moved.state);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
