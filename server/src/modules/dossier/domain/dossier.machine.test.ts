import { describe, expect, it } from 'vitest';
import { demoProcessDefinitions } from './demo-definitions.ts';
import { dossierDueAt, planStepDues, predictAppointment } from './dossier.deadlines.ts';
import {
  type Actor,
  applyAction,
  availableActions,
  countedWorkingMinutes,
  createDossier,
  type DossierAction,
  type DossierState,
  dossierInvariantViolations,
  handlingAgencyOf,
} from './dossier.machine.ts';
import type { ProcessDefinition } from './process.schemas.ts';
import { applicant, at, driveMainPath, expectOk, isoAt, superOfficer, vnCalendar } from './testing.ts';

const calendar = vnCalendar();
const agencies = {
  commune: '000.00.31.H13',
  communePolice: 'CA.31.H13',
  provincePolice: 'CA.TINH.H13',
  provinceCentre: '000.00.00.H13',
  constructionDept: '000.00.09.H13',
  financeDept: '000.00.05.H13',
};
const demos = demoProcessDefinitions(agencies);
const byCode = (code: string) => demos.find((d) => d.procedureCode === code)!;
const birth = byCode('1.001193');
const permit = byCode('1.013236');
const idCard = byCode('1.014063');

const officer = (id: string, roles: Actor['roles'], rel: Partial<Actor> = {}): Actor => ({
  id,
  roles,
  isAssignee: false,
  isCoHandler: false,
  isLeaderOfAgency: false,
  isMemberOfAgency: true,
  ...rel,
});
const facts = { feePaid: true, requiredComponentsPresent: true, identityLevel: 2 as const };

function newDossier(def: ProcessDefinition, now: Date, agency = def.agencyCode): DossierState {
  const created = createDossier({
    id: 'd-1',
    definition: def,
    receivingAgencyCode: agency,
    applicantId: 'citizen-1',
    now,
  });
  if (!created.ok) throw new Error(created.error.message);
  return created.state;
}

function step(
  state: DossierState,
  def: ProcessDefinition,
  when: string,
  action: DossierAction,
  actor: Actor = superOfficer,
  f: typeof facts | Record<string, never> = facts,
) {
  const r = expectOk(applyAction(state, action, { definition: def, calendar, now: at(when), actor, facts: f }));
  expect(dossierInvariantViolations(r.state, def)).toEqual([]);
  return r;
}

describe('birth registration at a commune (1.001193: 1 working day, cutoff 15:00)', () => {
  it('received after the cutoff on Friday 24/4/2026: counts from Tuesday 28/4, due Wednesday 29/4 17:00', () => {
    let s = newDossier(birth, at('2026-04-24 15:40'));
    s = step(s, birth, '2026-04-24 15:45', { kind: 'submit' }, applicant).state;
    expect(s.status).toBe('submitted');
    const received = step(
      s,
      birth,
      '2026-04-24 16:00',
      {
        kind: 'accept',
        code: '000.00.31.H13-260424-0001',
        nextHandlerId: 'specialist-1',
      },
      officer('desk-1', ['one_stop_officer']),
    );
    s = received.state;
    expect(received.history[0]!.form).toBe('receipt');
    expect(received.events.map((e) => e.type)).toEqual(['dossier.received']);
    expect(s.status).toBe('in_progress');
    expect(s.stepId).toBe('review');
    expect(s.assigneeId).toBe('specialist-1');
    // Sat 25, Sun 26 (Giỗ Tổ), Mon 27 (its compensatory day) are off; the cutoff moves receipt to Tue 28.
    expect(s.clockStartedAt).toBe(isoAt('2026-04-28 00:00'));
    expect(s.dueAt).toBe(isoAt('2026-04-29 17:00'));
    expect(s.appointmentAt).toBe(s.dueAt);
    // Budget: Tue 28 and Wed 29, 8.5 working hours each = 1,020 minutes; shares 1:4:2:1 of 8.
    expect(s.budgetMinutes).toBe(1020);
    const plus30s = (w: string) => new Date(at(w).getTime() + 30_000).toISOString();
    expect(s.plannedStepDues).toEqual({
      receive: plus30s('2026-04-28 09:07'), // 127.5 min after 07:00
      review: plus30s('2026-04-29 09:07'), // 637.5 min: 510 on Tuesday, 127.5 on Wednesday
      sign: plus30s('2026-04-29 14:52'), // 892.5 min: 270 in the morning, 112.5 after 13:00
      deliver: isoAt('2026-04-29 17:00'),
    });
    expect(s.stepDueAt).toBe(s.plannedStepDues['review']);

    const specialist = officer('specialist-1', ['specialist'], { isAssignee: true });
    s = step(
      s,
      birth,
      '2026-04-28 08:30',
      { kind: 'attach_result', resultFileIds: ['giay-khai-sinh.pdf'] },
      specialist,
    ).state;
    const forwarded = step(s, birth, '2026-04-28 09:30', { kind: 'forward', nextHandlerId: 'leader-1' }, specialist);
    expect(forwarded.history[0]!.stepTimeliness).toBe('early'); // review due Wed 09:07:30
    s = forwarded.state;
    expect(s.status).toBe('awaiting_approval');
    const approved = step(
      s,
      birth,
      '2026-04-29 15:10',
      { kind: 'approve' },
      officer('leader-1', ['leader'], { isAssignee: true }),
    );
    expect(approved.history[0]!.stepTimeliness).toBe('late'); // sign due Wed 14:52:30
    s = approved.state;
    expect(s.status).toBe('result_ready');
    expect(approved.events.map((e) => e.type)).toEqual(['dossier.approved', 'dossier.completed']);
    expect(s.completedAt).toBe(isoAt('2026-04-29 15:10'));
    expect(s.timeliness).toBe('on_time'); // same day as the due instant, before it
    const returned = step(
      s,
      birth,
      '2026-04-30 09:00',
      { kind: 'return_result' },
      officer('desk-1', ['one_stop_officer']),
    );
    expect(returned.state.status).toBe('returned');
    expect(returned.state.timeliness).toBe('on_time'); // judged at completion, not at hand-over
    expect(returned.state.historyLength).toBe(6);
    expect(returned.events.map((e) => e.type)).toEqual(['dossier.returned']);
  });

  it('received before the cutoff on Thursday 23/4/2026 10:00: due Friday 24/4 17:00; predicted alike', () => {
    expect(dossierDueAt(birth, calendar, at('2026-04-23 10:00')).toISOString()).toBe(isoAt('2026-04-24 17:00'));
    expect(dossierDueAt(birth, calendar, at('2026-04-23 15:01')).toISOString()).toBe(isoAt('2026-04-28 17:00'));
    const p = predictAppointment(birth, calendar, at('2026-04-23 10:00'));
    expect(p.receiptDay).toBe('2026-04-23');
    expect(p.dueAt.toISOString()).toBe(isoAt('2026-04-24 17:00'));
    expect(p.stepDues.map((d) => d.stepId)).toEqual(['receive', 'review', 'sign', 'deliver']);
    expect(p.stepDues.at(-1)!.dueAt.toISOString()).toBe(p.dueAt.toISOString());
    // Online submission on Saturday: the citizen sees Tuesday 28/4's close (Mon 27 is off).
    expect(predictAppointment(birth, calendar, at('2026-04-25 09:00')).dueAt.toISOString()).toBe(
      isoAt('2026-04-29 17:00'),
    );
  });
});

describe('construction permit with a transfer between departments and a supplement pause (1.013236: 20 days)', () => {
  it('computes the due date, pauses, sub-deadline of the transfer and classifies everything exactly', () => {
    let s = newDossier(permit, at('2026-03-02 08:30'));
    s = step(s, permit, '2026-03-02 08:40', { kind: 'submit' }, applicant).state;
    s = step(s, permit, '2026-03-02 09:00', { kind: 'accept', code: '000.00.00.H13-260302-0007' }).state;
    expect(s.stepId).toBe('appraise');
    expect(handlingAgencyOf(s, permit)).toBe(agencies.constructionDept);
    // 20 working days after Monday 2/3 (no holiday in March 2026): Monday 30/3.
    expect(s.dueAt).toBe(isoAt('2026-03-30 17:00'));
    // Budget: Mon 2/3 09:00–17:00 (390 min) + 20 × 510 = 10,590 min. The consultation ends at
    // 16/20 of it, 8,472 min: 390 on Monday, 15 days (7,650), then 432 min into Tue 24/3 = 15:42.
    expect(s.budgetMinutes).toBe(10590);
    expect(s.plannedStepDues['consult']).toBe(isoAt('2026-03-24 15:42'));

    // Supplement requested Wed 4/3 10:00, supplied Mon 9/3 10:00: 1,530 working minutes = 3 days.
    const requested = step(s, permit, '2026-03-04 10:00', { kind: 'request_supplement', reason: 'Thiếu bản vẽ' });
    expect(requested.history[0]!.form).toBe('supplement_request');
    expect(requested.events[0]!.data['clockStopped']).toBe(true);
    s = requested.state;
    expect(s.status).toBe('pending_supplement');
    // While paused, officers cannot move the dossier.
    const blocked = applyAction(
      s,
      { kind: 'forward', to: 'conclude' },
      { definition: permit, calendar, now: at('2026-03-05 09:00'), actor: superOfficer, facts },
    );
    expect(blocked.ok ? null : blocked.error.code).toBe('AWAITING_SUPPLEMENT');
    expect(countedWorkingMinutes(s, calendar, at('2026-03-06 12:00'))).toBe(390 + 510 + 180);
    const resumed = step(s, permit, '2026-03-09 10:00', { kind: 'provide_supplement' }, applicant);
    s = resumed.state;
    expect(s.status).toBe('in_progress');
    expect(s.pauses).toEqual([
      { pausedAt: isoAt('2026-03-04 10:00'), resumedAt: isoAt('2026-03-09 10:00'), shiftedMinutes: 1530 },
    ]);
    expect(s.dueAt).toBe(isoAt('2026-04-02 17:00'));
    expect(s.appointmentAt).toBe(s.dueAt);
    expect(s.plannedStepDues['consult']).toBe(isoAt('2026-03-27 15:42'));
    // Paused time is not lost: counted time at the new due instant is the whole budget.
    expect(countedWorkingMinutes(s, calendar, at('2026-04-02 17:00'))).toBe(10590);

    // Transfer to the fire-police department for its opinion: its own sub-deadline.
    const noTarget = applyAction(
      s,
      { kind: 'transfer', comment: 'x' },
      { definition: permit, calendar, now: at('2026-03-10 09:00'), actor: superOfficer, facts },
    );
    expect(noTarget.ok ? null : noTarget.error).toMatchObject({ code: 'INPUT_REQUIRED', field: 'targetAgencyCode' });
    const transferred = step(s, permit, '2026-03-10 09:00', {
      kind: 'transfer',
      targetAgencyCode: 'PC07.H13',
      comment: 'Đề nghị cho ý kiến về PCCC',
    });
    s = transferred.state;
    expect(s.status).toBe('transferred');
    expect(handlingAgencyOf(s, permit)).toBe('PC07.H13');
    expect(s.transfer).toMatchObject({
      targetAgencyCode: 'PC07.H13',
      fromStepId: 'appraise',
      dueAt: isoAt('2026-03-27 15:42'),
    });
    expect(transferred.events[0]).toMatchObject({
      type: 'dossier.transferred',
      data: { transferDueAt: isoAt('2026-03-27 15:42') },
    });
    // The construction department's specialist is no longer related to the dossier.
    const outsider = officer('specialist-xd', ['specialist'], { isMemberOfAgency: false });
    const forbidden = applyAction(
      s,
      { kind: 'return_transfer', comment: 'x' },
      { definition: permit, calendar, now: at('2026-03-20 09:00'), actor: outsider, facts },
    );
    expect(forbidden.ok ? null : forbidden.error.code).toBe('FORBIDDEN');
    const back = step(
      s,
      permit,
      '2026-03-26 15:00',
      { kind: 'return_transfer', comment: 'Thống nhất' },
      officer('pc07-1', ['specialist']),
    );
    expect(back.events[0]).toMatchObject({ type: 'dossier.transfer_returned', data: { transferTimeliness: 'early' } });
    s = back.state;
    expect(s.transfer).toBeNull();
    expect(s.stepId).toBe('conclude');

    s = step(s, permit, '2026-03-27 10:00', { kind: 'attach_result', resultFileIds: ['gpxd.pdf'] }).state;
    s = step(s, permit, '2026-03-30 10:00', { kind: 'forward' }).state;
    const approved = step(s, permit, '2026-04-01 10:00', { kind: 'approve' });
    expect(approved.state.timeliness).toBe('early');
    s = step(approved.state, permit, '2026-04-02 09:00', { kind: 'return_result' }).state;
    expect(s.status).toBe('returned');
    expect(s.historyLength).toBe(10);
  });

  it('an extension (Form 04) sets a new appointment but the dossier counts as late', () => {
    let s = newDossier(permit, at('2026-03-02 08:30'));
    s = step(s, permit, '2026-03-02 08:40', { kind: 'submit' }, applicant).state;
    s = step(s, permit, '2026-03-02 09:00', { kind: 'accept', code: 'X-260302-0001' }).state;
    const bad = applyAction(
      s,
      { kind: 'extend', reason: 'Chờ xác minh', newDueAt: isoAt('2026-03-20 17:00') },
      { definition: permit, calendar, now: at('2026-03-10 09:00'), actor: superOfficer, facts },
    );
    expect(bad.ok ? null : bad.error).toMatchObject({ code: 'INVALID_INPUT', field: 'newDueAt' });
    const extended = step(s, permit, '2026-03-10 09:00', {
      kind: 'extend',
      reason: 'Chờ xác minh thực địa',
      newDueAt: isoAt('2026-04-06 17:00'),
    });
    expect(extended.history[0]!.form).toBe('apology_extension');
    s = extended.state;
    expect(s.appointmentAt).toBe(isoAt('2026-04-06 17:00'));
    expect(s.dueAt).toBe(isoAt('2026-03-30 17:00'));
    s = step(s, permit, '2026-03-11 09:00', { kind: 'forward', to: 'conclude' }).state;
    s = step(s, permit, '2026-03-11 10:00', { kind: 'attach_result', resultFileIds: ['gpxd.pdf'] }).state;
    s = step(s, permit, '2026-03-12 10:00', { kind: 'forward' }).state;
    s = step(s, permit, '2026-03-13 10:00', { kind: 'approve' }).state;
    expect(s.timeliness).toBe('late'); // finished long before the original due date, but extended
  });
});

describe('identity card exchange with a transfer to the card producer (1.014063: 7 working days)', () => {
  it('runs the whole main path and returns the card to the commune police', () => {
    let s = newDossier(idCard, at('2026-06-01 08:00'));
    s = step(s, idCard, '2026-06-01 08:05', { kind: 'submit' }, applicant).state;
    const { state, results } = driveMainPath(idCard, calendar, s, at('2026-06-01 09:00'), 60);
    expect(state.status).toBe('returned');
    expect(results.flatMap((r) => r.events.map((e) => e.type))).toEqual([
      'dossier.received',
      'dossier.transferred',
      'dossier.transfer_returned',
      'dossier.result_attached',
      'dossier.approved',
      'dossier.completed',
      'dossier.returned',
    ]);
    expect(state.dueAt).toBe(isoAt('2026-06-10 17:00'));
    expect(state.timeliness).toBe('early');
  });
});

describe('permissions, guards and inputs', () => {
  const received = () => {
    let s = newDossier(birth, at('2026-05-04 08:00'));
    s = step(s, birth, '2026-05-04 08:01', { kind: 'submit' }, applicant).state;
    return step(s, birth, '2026-05-04 08:30', { kind: 'accept', code: 'A-260504-0001', nextHandlerId: 'sp-1' }).state;
  };
  const ctx = (actor: Actor, f: Record<string, unknown> = facts) => ({
    definition: birth,
    calendar,
    now: at('2026-05-04 09:00'),
    actor,
    facts: f,
  });

  it('only the assignee, a co-handler or a leader of the agency with the right role may act', () => {
    const s = received();
    const attempt = (actor: Actor) => applyAction(s, { kind: 'forward' }, ctx(actor));
    expect(attempt(officer('sp-1', ['specialist'])).ok).toBe(true); // assignee by state
    expect(attempt(officer('sp-2', ['specialist'], { isCoHandler: true })).ok).toBe(true);
    expect(attempt(officer('boss', [], { isLeaderOfAgency: true })).ok).toBe(true);
    const other = attempt(officer('sp-3', ['specialist']));
    expect(other.ok ? null : other.error.code).toBe('FORBIDDEN'); // assigned to someone else
    const wrongRole = attempt(officer('sp-1', ['one_stop_officer'], { isAssignee: true }));
    expect(wrongRole.ok ? null : wrongRole.error.code).toBe('FORBIDDEN');
    const citizen = attempt(applicant);
    expect(citizen.ok ? null : citizen.error.code).toBe('FORBIDDEN');
    expect(availableActions(s, birth, officer('sp-3', ['specialist']))).toEqual([]);
    expect(availableActions(s, birth, officer('sp-1', ['specialist'])).map((a) => a.kind)).toEqual([
      'forward',
      'attach_result',
      'request_supplement',
      'refuse',
      'extend',
      'stop',
    ]);
    expect(availableActions(s, birth, applicant).map((a) => a.kind)).toEqual(['withdraw']);
  });

  it('guards: fee, components, identity level, result attached', () => {
    const lltp = byCode('3.000333');
    let s = newDossier(lltp, at('2026-05-04 08:00'));
    s = step(s, lltp, '2026-05-04 08:01', { kind: 'submit' }, applicant).state;
    const accept = (f: Record<string, unknown>) =>
      applyAction(s, { kind: 'accept', code: 'C-260504-0001' }, { ...ctx(superOfficer, f), definition: lltp });
    const code = (r: ReturnType<typeof accept>) => (r.ok ? 'OK' : r.error.code);
    expect(code(accept({ requiredComponentsPresent: false, identityLevel: 2 }))).toBe('COMPONENTS_MISSING');
    expect(code(accept({ requiredComponentsPresent: true, identityLevel: 1 }))).toBe('IDENTITY_LEVEL_TOO_LOW');
    const ok = accept({ requiredComponentsPresent: true, identityLevel: 2 });
    expect(code(ok)).toBe('OK');
    s = (ok as { state: DossierState }).state;
    const forward = (f: Record<string, unknown>) =>
      applyAction(s, { kind: 'forward' }, { ...ctx(superOfficer, f), definition: lltp });
    expect(code(forward({ feePaid: false }))).toBe('FEE_NOT_PAID');
    expect(code(forward({ feePaid: true }))).toBe('OK');
    const signed = expectOk(forward({ feePaid: true })).state;
    const approve = applyAction(signed, { kind: 'approve' }, { ...ctx(superOfficer), definition: lltp });
    expect(code(approve)).toBe('RESULT_NOT_ATTACHED');
  });

  it('inputs, closed dossiers, wrong version, time going backwards, undeclared actions', () => {
    const s = received();
    const refuse = applyAction(s, { kind: 'refuse', reason: '  ' }, ctx(superOfficer));
    expect(refuse.ok ? null : refuse.error).toMatchObject({ code: 'INPUT_REQUIRED', field: 'reason' });
    const refused = expectOk(applyAction(s, { kind: 'refuse', reason: 'Không thuộc thẩm quyền' }, ctx(superOfficer)));
    expect(refused.history[0]!.form).toBe('refusal');
    expect(refused.state.timeliness).toBe('early');
    const after = applyAction(refused.state, { kind: 'forward' }, ctx(superOfficer));
    expect(after.ok ? null : after.error.code).toBe('DOSSIER_CLOSED');
    const v2 = applyAction(s, { kind: 'forward' }, { ...ctx(superOfficer), definition: { ...birth, version: 2 } });
    expect(v2.ok ? null : v2.error.code).toBe('DEFINITION_MISMATCH');
    const past = applyAction(s, { kind: 'forward' }, { ...ctx(superOfficer), now: at('2026-05-04 08:00') });
    expect(past.ok ? null : past.error.code).toBe('CLOCK_WENT_BACKWARDS');
    const undeclared = applyAction(s, { kind: 'transfer', targetAgencyCode: 'X' }, ctx(superOfficer));
    expect(undeclared.ok ? null : undeclared.error.code).toBe('ACTION_NOT_ALLOWED');
    const reaccept = applyAction(s, { kind: 'accept' }, ctx(superOfficer));
    expect(reaccept.ok ? null : reaccept.error.code).toBe('ACTION_NOT_ALLOWED');
  });

  it('reception: online dossiers need a code to be received; supplement before receipt stops no clock', () => {
    let s = newDossier(birth, at('2026-05-04 08:00'));
    const early = applyAction(s, { kind: 'accept' }, ctx(superOfficer));
    expect(early.ok ? null : early.error.code).toBe('ACTION_NOT_ALLOWED'); // still a draft
    s = step(s, birth, '2026-05-04 08:01', { kind: 'submit' }, applicant).state;
    const noCode = applyAction(s, { kind: 'accept' }, ctx(superOfficer));
    expect(noCode.ok ? null : noCode.error).toMatchObject({ code: 'INPUT_REQUIRED', field: 'code' });
    const withExtend: ProcessDefinition = structuredClone(birth);
    withExtend.steps[0]!.actions.push({
      kind: 'extend',
      guards: [],
      requires: ['new_due_date', 'reason'],
      label: 'Gia hạn',
    });
    const extend = applyAction(
      s,
      { kind: 'extend', reason: 'x', newDueAt: isoAt('2026-05-20 17:00') },
      { ...ctx(superOfficer), definition: withExtend },
    );
    expect(extend.ok ? null : extend.error.code).toBe('NOT_RECEIVED');
    const req = step(s, birth, '2026-05-04 09:00', { kind: 'request_supplement', reason: 'Thiếu giấy chứng sinh' });
    expect(req.events[0]!.data['clockStopped']).toBe(false);
    const back = step(req.state, birth, '2026-05-06 09:00', { kind: 'provide_supplement' }, applicant).state;
    expect(back.status).toBe('submitted');
    expect(back.dueAt).toBeNull();
    const accepted = step(back, birth, '2026-05-06 10:00', { kind: 'accept', code: 'A-260506-0003' }).state;
    expect(accepted.dueAt).toBe(isoAt('2026-05-07 17:00'));
  });

  it('withdrawal only by the applicant, also while a supplement is awaited', () => {
    const s = received();
    const paused = step(s, birth, '2026-05-04 10:00', { kind: 'request_supplement', reason: 'Thiếu' }).state;
    const byOfficer = applyAction(
      paused,
      { kind: 'withdraw', reason: 'x' },
      { ...ctx(superOfficer), now: at('2026-05-05 10:00') },
    );
    expect(byOfficer.ok ? null : byOfficer.error.code).toBe('FORBIDDEN');
    const w = step(paused, birth, '2026-05-05 10:00', { kind: 'withdraw', reason: 'Không có nhu cầu' }, applicant);
    expect(w.state.status).toBe('withdrawn');
    expect(w.state.timeliness).toBeNull();
    expect(w.events.map((e) => e.type)).toEqual(['dossier.withdrawn']);
  });

  it('creation refuses a definition not in force or of another agency', () => {
    const draft = createDossier({
      id: 'x',
      definition: { ...birth, status: 'draft' },
      receivingAgencyCode: birth.agencyCode,
      applicantId: null,
      now: at('2026-05-04 08:00'),
    });
    expect(draft.ok ? null : draft.error.code).toBe('DEFINITION_NOT_EFFECTIVE');
    const before = createDossier({
      id: 'x',
      definition: birth,
      receivingAgencyCode: birth.agencyCode,
      applicantId: null,
      now: at('2025-06-30 12:00'),
    });
    expect(before.ok ? null : before.error.code).toBe('DEFINITION_NOT_EFFECTIVE');
    const other = createDossier({
      id: 'x',
      definition: birth,
      receivingAgencyCode: 'OTHER',
      applicantId: null,
      now: at('2026-05-04 08:00'),
    });
    expect(other.ok ? null : other.error.code).toBe('AGENCY_MISMATCH');
    const scoped = createDossier({
      id: 'x',
      definition: { ...birth, agencyCode: 'scope:commune' },
      receivingAgencyCode: 'ANY.COMMUNE',
      applicantId: null,
      now: at('2026-05-04 08:00'),
    });
    expect(scoped.ok).toBe(true);
  });
});

describe('every demo definition', () => {
  it.each(demos.map((d) => [d.procedureCode, d] as const))(
    '%s runs its main path to "returned" without a late step',
    (_code, def) => {
      let s = newDossier(def, at('2026-06-01 07:30'));
      s = step(s, def, '2026-06-01 07:35', { kind: 'submit' }, applicant).state;
      const { state, results } = driveMainPath(def, calendar, s, at('2026-06-01 08:00'), 20);
      expect(state.status).toBe('returned');
      expect(state.timeliness).not.toBe('late');
      for (const r of results) for (const h of r.history) expect(h.stepTimeliness).not.toBe('late');
      expect(state.dueAt).toBe(planStepDues(def, calendar, at('2026-06-01 08:00')).at(-1)!.dueAt.toISOString());
    },
  );
});
