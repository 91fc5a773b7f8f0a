/**
 * The dossier state machine: a pure function from (state, action, context) to the next state, the
 * events to publish and the history rows to append — or a Vietnamese error, leaving the state as
 * it was. The database layer stores `state` (JSON-friendly: instants are ISO strings), appends
 * `history` (Form 06, the processing control sheet, is printed from it) and publishes `events`, all
 * in one transaction (ModuleContext.change).
 *
 * Rules enforced here:
 *  - only the actions the process definition declares at the current step (and the built-in
 *    applicant actions `submit` and `provide_supplement`) are possible;
 *  - guards (fee paid, required components present, identity level, result attached) and required
 *    inputs (comment, reason, result file, next handler, target agency, new due date);
 *  - who may act: the assigned handler, a co-handler or a leader of the agency handling the
 *    dossier, with the step's role (a leader may act on any step of the agency); an unassigned
 *    dossier can be taken by a member of the handling agency with the step's role; the applicant
 *    submits, supplements and withdraws;
 *  - the clock: starts at receipt, stops while a supplement is awaited, and every due instant
 *    moves by the paused working time on resumption; an extension sets a new appointment but the
 *    dossier counts as late; transfers (liên thông) carry their own sub-deadline and must return.
 */
import { type Timeliness, vnDateOf, type WorkingCalendar } from '../../../platform/calendar/index.ts';
import {
  budgetMinutes,
  classifyCompletion,
  clockStartOf,
  dossierDueAt,
  offPathStepDueAt,
  planStepDues,
} from './dossier.deadlines.ts';
import { type DossierFormId, type DossierStatus, isTerminalStatus, STATUS_INFO } from './dossier.status.ts';
import { stepMap, transferSegment } from './process.graph.ts';
import {
  ACTION_LABELS,
  type ActionKind,
  type ActionSpec,
  type Guard,
  type ProcessDefinition,
  type RequirementKind,
  type Step,
  type StepRole,
} from './process.schemas.ts';
import { REQUIREMENT_LABELS } from './process.validate.ts';

// ---------------------------------------------------------------------------------------------
// Types

/** An instant as an ISO 8601 string (UTC), so the state is plain JSON. */
export type Instant = string;

export type TransferState = {
  readonly targetAgencyCode: string;
  /** The step that transferred the dossier (it usually comes back there). */
  readonly fromStepId: string;
  readonly fromAssigneeId: string | null;
  readonly transferredAt: Instant;
  /** Sub-deadline of the transfer: the other agency must return the dossier by then. */
  readonly dueAt: Instant;
};

export type PauseRecord = {
  readonly pausedAt: Instant;
  readonly resumedAt: Instant;
  /** Working minutes by which the due instants moved (0 if the pause began after the due instant). */
  readonly shiftedMinutes: number;
};

export type DossierState = {
  readonly id: string;
  /** Dossier code (Thông tư 01/2018/TT-VPCP Art. 19); allocated by the database, given at submission or receipt. */
  readonly code: string | null;
  readonly processId: string;
  /** The version of the process the dossier was created under; it keeps it for life. */
  readonly processVersion: number;
  readonly procedureCode: string;
  readonly receivingAgencyCode: string;
  readonly applicantId: string | null;
  readonly status: DossierStatus;
  readonly stepId: string;
  readonly createdAt: Instant;
  readonly submittedAt: Instant | null;
  readonly receivedAt: Instant | null;
  readonly clockStartedAt: Instant | null;
  /** Working minutes from the clock start to the first due instant (the whole processing time). */
  readonly budgetMinutes: number | null;
  /** Statutory due instant; moved only by supplement pauses. Timeliness is judged against it. */
  readonly dueAt: Instant | null;
  /** Appointment given to the applicant: the due instant, or the date of the last extension. */
  readonly appointmentAt: Instant | null;
  readonly extensionCount: number;
  readonly stepEnteredAt: Instant;
  readonly stepDueAt: Instant | null;
  /** Planned due instants of the main-path steps (moved by pauses). */
  readonly plannedStepDues: Readonly<Record<string, Instant>>;
  readonly pause: { readonly pausedAt: Instant; readonly clockWasRunning: boolean } | null;
  readonly pauses: readonly PauseRecord[];
  readonly transfer: TransferState | null;
  readonly assigneeId: string | null;
  readonly coHandlerIds: readonly string[];
  readonly resultAttached: boolean;
  readonly resultFileIds: readonly string[];
  readonly approved: boolean;
  /** When the dossier was resolved (result ready, refused or stopped after receipt). */
  readonly completedAt: Instant | null;
  readonly timeliness: Timeliness | null;
  readonly endedAt: Instant | null;
  readonly lastActionAt: Instant;
  /** Number of history rows so far; the next row gets seq = historyLength + 1. */
  readonly historyLength: number;
};

export type ApplicantActionKind = 'submit' | 'provide_supplement';
/**
 * Actions on the dossier itself, not declared per step: `assign` sets or changes the handler of
 * the current step (phân công / phân công lại) without moving the dossier.
 */
export type DossierLevelActionKind = 'assign';
export type DossierActionKind = ActionKind | ApplicantActionKind | DossierLevelActionKind;

export type DossierAction = {
  readonly kind: DossierActionKind;
  /** Chooses among several declared actions of the same kind (e.g. two `forward`s). */
  readonly to?: string;
  readonly comment?: string;
  readonly reason?: string;
  readonly resultFileIds?: readonly string[];
  readonly nextHandlerId?: string;
  readonly coHandlerIds?: readonly string[];
  readonly targetAgencyCode?: string;
  /** New appointment (ISO instant) for `extend`. */
  readonly newDueAt?: Instant;
  /** The dossier code, on `submit` or `accept` when none was given yet. */
  readonly code?: string;
};

/** The actor and their relation to the dossier, computed by the caller from accounts and assignments. */
export type Actor = {
  readonly id: string;
  readonly roles: readonly StepRole[];
  readonly isAssignee: boolean;
  readonly isCoHandler: boolean;
  /** Leader of the agency now handling the dossier (see handlingAgencyOf). */
  readonly isLeaderOfAgency: boolean;
  /** Works in the agency now handling the dossier (may take an unassigned dossier). */
  readonly isMemberOfAgency?: boolean;
  /** The citizen or organisation who owns the dossier. */
  readonly isApplicant?: boolean;
};

export type DossierFacts = {
  /**
   * For `assign`: whether `nextHandlerId` is an active official who holds the current step's role
   * (or leads) in the agency handling the dossier — the caller looks it up in the identity module.
   */
  readonly nextHandlerEligible?: boolean;
  readonly feePaid?: boolean;
  readonly requiredComponentsPresent?: boolean;
  /** VNeID level of the applicant's account (0 = not identified). */
  readonly identityLevel?: 0 | 1 | 2;
};

export type ActionContext = {
  readonly definition: ProcessDefinition;
  readonly calendar: WorkingCalendar;
  readonly now: Date;
  readonly actor: Actor;
  readonly facts?: DossierFacts;
};

export const DOSSIER_EVENTS = [
  'dossier.created',
  'dossier.submitted',
  'dossier.received',
  'dossier.forwarded',
  'dossier.sent_back',
  'dossier.supplement_requested',
  'dossier.supplemented',
  'dossier.transferred',
  'dossier.transfer_returned',
  'dossier.approved',
  'dossier.result_attached',
  'dossier.completed',
  'dossier.extended',
  'dossier.returned',
  'dossier.refused',
  'dossier.stopped',
  'dossier.withdrawn',
  'dossier.assigned',
] as const;
export type DossierEventType = (typeof DOSSIER_EVENTS)[number];

export type DossierEvent = {
  readonly type: DossierEventType;
  readonly dossierId: string;
  readonly code: string | null;
  readonly at: Instant;
  readonly status: DossierStatus;
  readonly stepId: string;
  readonly data: Readonly<Record<string, string | number | boolean | null>>;
};

export type HistoryEntry = {
  readonly seq: number;
  readonly at: Instant;
  readonly action: DossierActionKind;
  readonly label: string;
  readonly actorId: string;
  readonly fromStatus: DossierStatus;
  readonly toStatus: DossierStatus;
  readonly fromStepId: string;
  readonly toStepId: string;
  /** Due instant of the step that was left (or acted on), and how the action stood against it. */
  readonly stepDueAt: Instant | null;
  readonly stepTimeliness: Timeliness | null;
  readonly comment: string | null;
  readonly reason: string | null;
  readonly form: DossierFormId | null;
  readonly assigneeId: string | null;
  readonly targetAgencyCode: string | null;
  readonly appointmentAt: Instant | null;
  readonly resultFileIds: readonly string[];
};

export type DossierErrorCode =
  | 'DEFINITION_MISMATCH'
  | 'DEFINITION_NOT_EFFECTIVE'
  | 'AGENCY_MISMATCH'
  | 'DOSSIER_CLOSED'
  | 'ACTION_NOT_ALLOWED'
  | 'AMBIGUOUS_ACTION'
  | 'AWAITING_SUPPLEMENT'
  | 'NOT_RECEIVED'
  | 'FORBIDDEN'
  | 'FEE_NOT_PAID'
  | 'COMPONENTS_MISSING'
  | 'IDENTITY_LEVEL_TOO_LOW'
  | 'RESULT_NOT_ATTACHED'
  | 'INPUT_REQUIRED'
  | 'INVALID_INPUT'
  | 'CLOCK_WENT_BACKWARDS';

export type DossierError = { readonly code: DossierErrorCode; readonly message: string; readonly field?: string };

export type ApplyResult =
  | { ok: true; state: DossierState; events: DossierEvent[]; history: HistoryEntry[] }
  | { ok: false; error: DossierError };

// ---------------------------------------------------------------------------------------------
// Helpers

const iso = (d: Date): Instant => d.toISOString();
const date = (s: Instant): Date => new Date(s);
const fail = (code: DossierErrorCode, message: string, field?: string): ApplyResult => ({
  ok: false,
  error: field === undefined ? { code, message } : { code, message, field },
});

const APPLICANT_ACTION_LABELS: Record<ApplicantActionKind, string> = {
  submit: 'Nộp hồ sơ',
  provide_supplement: 'Bổ sung hồ sơ',
};

export const ASSIGN_LABEL = 'Phân công xử lý';
/** The label of `assign` without a new handler: the handler gives the dossier back to the agency's queue. */
export const RELEASE_LABEL = 'Trả lại để phân công lại';

export function actionLabel(kind: DossierActionKind): string {
  if (kind === 'assign') return ASSIGN_LABEL;
  return kind === 'submit' || kind === 'provide_supplement' ? APPLICANT_ACTION_LABELS[kind] : ACTION_LABELS[kind];
}

/** The agency that handles the dossier now: receiving, a fixed agency, or the transfer target. */
export function handlingAgencyOf(state: DossierState, def: ProcessDefinition): string {
  const step = stepMap(def).get(state.stepId);
  if (step === undefined) return state.receivingAgencyCode;
  switch (step.agency.kind) {
    case 'receiving':
      return state.receivingAgencyCode;
    case 'fixed':
      return step.agency.code;
    case 'transfer_target':
      return state.transfer?.targetAgencyCode ?? state.receivingAgencyCode;
  }
}

/** True if the definition applies on the Vietnamese calendar day of `at`. */
export function isDefinitionEffective(def: ProcessDefinition, on: string): boolean {
  return def.status === 'published' && def.effectiveFrom <= on && (def.effectiveTo === null || on <= def.effectiveTo);
}

export type CreateDossierInput = {
  readonly id: string;
  readonly definition: ProcessDefinition;
  /** The agency that receives the dossier; must equal the definition's agency unless it is a scope. */
  readonly receivingAgencyCode: string;
  readonly applicantId: string | null;
  readonly now: Date;
  readonly code?: string;
};

/** A new dossier (draft) at the start step of a published definition effective today. */
export function createDossier(
  input: CreateDossierInput,
): { ok: true; state: DossierState; events: DossierEvent[] } | { ok: false; error: DossierError } {
  const def = input.definition;
  const vnToday = vnDateOf(input.now);
  if (!isDefinitionEffective(def, vnToday)) {
    return {
      ok: false,
      error: {
        code: 'DEFINITION_NOT_EFFECTIVE',
        message: `Quy trình «${def.name}» (phiên bản ${def.version}) không được áp dụng vào ngày ${vnToday}.`,
      },
    };
  }
  if (!def.agencyCode.startsWith('scope:') && def.agencyCode !== input.receivingAgencyCode) {
    return {
      ok: false,
      error: {
        code: 'AGENCY_MISMATCH',
        message: `Quy trình này thuộc cơ quan «${def.agencyCode}», không áp dụng cho cơ quan «${input.receivingAgencyCode}».`,
      },
    };
  }
  const now = iso(input.now);
  const state: DossierState = {
    id: input.id,
    code: input.code ?? null,
    processId: def.id,
    processVersion: def.version,
    procedureCode: def.procedureCode,
    receivingAgencyCode: input.receivingAgencyCode,
    applicantId: input.applicantId,
    status: 'draft',
    stepId: def.startStep,
    createdAt: now,
    submittedAt: null,
    receivedAt: null,
    clockStartedAt: null,
    budgetMinutes: null,
    dueAt: null,
    appointmentAt: null,
    extensionCount: 0,
    stepEnteredAt: now,
    stepDueAt: null,
    plannedStepDues: {},
    pause: null,
    pauses: [],
    transfer: null,
    assigneeId: null,
    coHandlerIds: [],
    resultAttached: false,
    resultFileIds: [],
    approved: false,
    completedAt: null,
    timeliness: null,
    endedAt: null,
    lastActionAt: now,
    historyLength: 0,
  };
  return {
    ok: true,
    state,
    events: [
      {
        type: 'dossier.created',
        dossierId: state.id,
        code: state.code,
        at: now,
        status: 'draft',
        stepId: state.stepId,
        data: {},
      },
    ],
  };
}

function guardError(guard: Guard, state: DossierState, facts: DossierFacts): DossierError | null {
  switch (guard.kind) {
    case 'fee_paid':
      return facts.feePaid === true
        ? null
        : {
            code: 'FEE_NOT_PAID',
            message: 'Phí, lệ phí của hồ sơ chưa được thanh toán (hoặc giao dịch chưa được xác nhận).',
          };
    case 'components_present':
      return facts.requiredComponentsPresent === true
        ? null
        : { code: 'COMPONENTS_MISSING', message: 'Hồ sơ còn thiếu thành phần bắt buộc.' };
    case 'identity_level':
      return (facts.identityLevel ?? 0) >= guard.min
        ? null
        : {
            code: 'IDENTITY_LEVEL_TOO_LOW',
            message: `Thủ tục yêu cầu tài khoản định danh điện tử mức độ ${guard.min}.`,
          };
    case 'result_attached':
      return state.resultAttached
        ? null
        : { code: 'RESULT_NOT_ATTACHED', message: 'Chưa đính kèm kết quả giải quyết hồ sơ.' };
  }
}

function missingInput(req: RequirementKind, action: DossierAction): boolean {
  const blank = (s: string | undefined) => s === undefined || s.trim() === '';
  switch (req) {
    case 'comment':
      return blank(action.comment);
    case 'reason':
      return blank(action.reason);
    case 'result_file':
      return action.resultFileIds === undefined || action.resultFileIds.length === 0;
    case 'next_handler':
      return blank(action.nextHandlerId);
    case 'target_agency':
      return blank(action.targetAgencyCode);
    case 'new_due_date':
      return blank(action.newDueAt);
  }
}

const INPUT_FIELDS: Record<RequirementKind, string> = {
  comment: 'comment',
  reason: 'reason',
  result_file: 'resultFileIds',
  next_handler: 'nextHandlerId',
  target_agency: 'targetAgencyCode',
  new_due_date: 'newDueAt',
};

function officialMayAct(state: DossierState, step: Step, actor: Actor): boolean {
  const hasRole = actor.roles.includes(step.role) || actor.isLeaderOfAgency;
  const isAssignee = actor.isAssignee || (state.assigneeId !== null && state.assigneeId === actor.id);
  const isCoHandler = actor.isCoHandler || state.coHandlerIds.includes(actor.id);
  const related =
    isAssignee ||
    isCoHandler ||
    actor.isLeaderOfAgency ||
    (state.assigneeId === null && actor.isMemberOfAgency === true);
  return hasRole && related;
}

// ---------------------------------------------------------------------------------------------
// The transition function

/**
 * Applies one action. On success the returned state is a new object (the input is never mutated),
 * `history` holds the rows to append (seq continuing from state.historyLength) and `events` the
 * events to publish. On failure nothing changes.
 */
export function applyAction(state: DossierState, action: DossierAction, context: ActionContext): ApplyResult {
  const def = context.definition;
  const { actor } = context;
  const facts = context.facts ?? {};
  const now = context.now;
  const nowIso = iso(now);

  if (def.id !== state.processId || def.version !== state.processVersion) {
    return fail(
      'DEFINITION_MISMATCH',
      `Hồ sơ được giải quyết theo quy trình «${state.processId}» phiên bản ${state.processVersion}, không phải phiên bản ${def.version}.`,
    );
  }
  if (!Number.isFinite(now.getTime()) || now.getTime() < date(state.lastActionAt).getTime()) {
    return fail('CLOCK_WENT_BACKWARDS', 'Thời điểm thao tác sớm hơn thao tác trước đó của hồ sơ.');
  }
  if (isTerminalStatus(state.status)) {
    return fail('DOSSIER_CLOSED', `Hồ sơ đã kết thúc (${STATUS_INFO[state.status].label}), không thể thao tác thêm.`);
  }
  const steps = stepMap(def);
  const step = steps.get(state.stepId);
  if (step === undefined) {
    return fail('DEFINITION_MISMATCH', `Bước «${state.stepId}» không có trong quy trình.`);
  }
  const label = actionLabel(action.kind);

  // --- Applicant actions (not declared per step) -------------------------------------------
  if (action.kind === 'submit' || action.kind === 'provide_supplement') {
    const isApplicant = actor.isApplicant === true;
    const counterOfficer = actor.roles.includes('one_stop_officer') && actor.isMemberOfAgency === true;
    if (!isApplicant && !counterOfficer) {
      return fail('FORBIDDEN', `Chỉ người nộp hồ sơ (hoặc cán bộ một cửa tiếp nhận trực tiếp) được «${label}».`);
    }
    if (action.kind === 'submit') {
      if (state.status !== 'draft') return fail('ACTION_NOT_ALLOWED', 'Hồ sơ đã được nộp.');
      const next: DossierState = {
        ...state,
        code: state.code ?? action.code ?? null,
        status: 'submitted',
        submittedAt: nowIso,
        lastActionAt: nowIso,
      };
      return finish(state, next, action, actor, context, { form: null, stepTimeliness: null }, ['dossier.submitted']);
    }
    // provide_supplement
    if (state.status !== 'pending_supplement' || state.pause === null) {
      return fail('ACTION_NOT_ALLOWED', 'Hồ sơ không ở trạng thái chờ bổ sung.');
    }
    return resume(state, action, context);
  }

  if (action.kind === 'assign') return assign(state, step, action, context);

  // --- Official actions declared by the process ---------------------------------------------
  const candidates = step.actions.filter(
    (a) => a.kind === action.kind && (action.to === undefined || a.to === action.to),
  );
  if (candidates.length === 0) {
    return fail('ACTION_NOT_ALLOWED', `Thao tác «${label}» không được phép tại bước «${step.name}».`);
  }
  if (candidates.length > 1) {
    return fail('AMBIGUOUS_ACTION', `Bước «${step.name}» có nhiều thao tác «${label}»; cần chọn bước đích.`, 'to');
  }
  const spec = candidates[0]!;

  if (state.status === 'draft') {
    return fail('ACTION_NOT_ALLOWED', 'Hồ sơ chưa được nộp.');
  }
  if (state.status === 'pending_supplement' && !['refuse', 'stop', 'withdraw'].includes(spec.kind)) {
    return fail(
      'AWAITING_SUPPLEMENT',
      'Hồ sơ đang chờ người nộp bổ sung; chỉ có thể từ chối, dừng giải quyết hoặc rút hồ sơ.',
    );
  }
  const received = state.receivedAt !== null;
  if (spec.kind === 'accept' && received) return fail('ACTION_NOT_ALLOWED', 'Hồ sơ đã được tiếp nhận.');
  if (!received && !['accept', 'request_supplement', 'refuse', 'withdraw'].includes(spec.kind)) {
    return fail('NOT_RECEIVED', `Hồ sơ chưa được tiếp nhận nên chưa thể «${label}».`);
  }

  // Who may act.
  if (spec.kind === 'withdraw') {
    if (actor.isApplicant !== true) return fail('FORBIDDEN', 'Chỉ người nộp hồ sơ được rút hồ sơ.');
  } else if (!officialMayAct(state, step, actor)) {
    return fail(
      'FORBIDDEN',
      'Chỉ người được giao xử lý, người phối hợp hoặc lãnh đạo cơ quan đang giải quyết hồ sơ (đúng vai trò của bước) được thao tác.',
    );
  }

  for (const guard of spec.guards) {
    const error = guardError(guard, state, facts);
    if (error !== null) return { ok: false, error };
  }
  for (const req of spec.requires) {
    if (missingInput(req, action)) {
      return fail('INPUT_REQUIRED', `Thao tác «${label}» cần nhập ${REQUIREMENT_LABELS[req]}.`, INPUT_FIELDS[req]);
    }
  }

  switch (spec.kind) {
    case 'accept':
      return accept(state, spec, action, context);
    case 'request_supplement':
      return requestSupplement(state, action, context);
    case 'refuse':
    case 'stop':
    case 'withdraw':
    case 'return_result':
      return end(state, spec, action, context);
    case 'forward':
    case 'send_back':
    case 'approve':
    case 'transfer':
    case 'return_transfer':
      return move(state, spec, action, context);
    case 'attach_result': {
      const files = action.resultFileIds ?? [];
      const next: DossierState = {
        ...state,
        resultAttached: true,
        resultFileIds: [...state.resultFileIds, ...files.filter((f) => !state.resultFileIds.includes(f))],
        lastActionAt: nowIso,
      };
      return finish(state, next, action, actor, context, { form: null, stepTimeliness: null }, [
        'dossier.result_attached',
      ]);
    }
    case 'extend':
      return extend(state, action, context);
  }
}

/**
 * Who may (re)assign the current step, and how:
 *  - `'any'`: a leader of the agency handling the dossier (Nghị định 118/2025/NĐ-CP: the head of
 *    the competent agency assigns the officials who handle a dossier), or, at a reception step
 *    of the receiving agency, a one-stop officer of that agency (the desk shares its own work);
 *  - `'release'`: the current handler, who may only give the dossier back to the agency's queue
 *    with a reason (ill, absent, a conflict of interest — Luật Phòng, chống tham nhũng 36/2018/QH14
 *    Art. 22 bars an official from handling a matter of interest to them). Choosing a successor is
 *    the leader's call, so that nobody can pass a dossier to a colleague of their choosing, but a
 *    handler must not be stuck with a dossier they cannot handle until a leader notices;
 *  - `null`: nobody else.
 * Only while the dossier is open and has been submitted; the step and its due dates stay.
 */
export function assignRight(
  state: DossierState,
  definition: ProcessDefinition,
  actor: Actor,
): 'any' | 'release' | null {
  if (isTerminalStatus(state.status) || state.status === 'draft') return null;
  const step = stepMap(definition).get(state.stepId);
  if (step === undefined) return null;
  if (actor.isLeaderOfAgency) return 'any';
  const atReception =
    step.role === 'one_stop_officer' &&
    handlingAgencyOf(state, definition) === state.receivingAgencyCode &&
    actor.roles.includes('one_stop_officer') &&
    actor.isMemberOfAgency === true;
  if (atReception) return 'any';
  const isAssignee = actor.isAssignee || (state.assigneeId !== null && state.assigneeId === actor.id);
  if (isAssignee) return 'release';
  return null;
}

function assign(state: DossierState, step: Step, action: DossierAction, context: ActionContext): ApplyResult {
  const right = assignRight(state, context.definition, context.actor);
  if (right === null) {
    return fail(
      'FORBIDDEN',
      'Chỉ lãnh đạo cơ quan đang giải quyết hồ sơ (hoặc cán bộ một cửa ở bước tiếp nhận) được phân công xử lý; người đang xử lý chỉ được trả lại hồ sơ để phân công lại.',
    );
  }
  const handler = action.nextHandlerId?.trim() ?? '';
  if (handler === '') {
    // Without a new handler the dossier goes back to the agency's queue: a reason is required,
    // the leader sees it in the history.
    if (state.assigneeId === null) {
      return fail('INPUT_REQUIRED', 'Cần chọn cán bộ được phân công xử lý.', 'nextHandlerId');
    }
    if ((action.reason ?? '').trim() === '') {
      return fail('INPUT_REQUIRED', 'Trả lại hồ sơ để phân công lại cần nêu lý do.', 'reason');
    }
  } else {
    if (right === 'release') {
      return fail(
        'FORBIDDEN',
        'Người đang xử lý không tự chuyển hồ sơ cho cán bộ khác; chỉ được trả lại để lãnh đạo phân công lại.',
        'nextHandlerId',
      );
    }
    if (handler === state.assigneeId) {
      return fail('INVALID_INPUT', 'Cán bộ này đang được giao xử lý hồ sơ ở bước hiện tại.', 'nextHandlerId');
    }
    if (context.facts?.nextHandlerEligible !== true) {
      return fail(
        'INVALID_INPUT',
        `Cán bộ được phân công phải là cán bộ đang công tác tại cơ quan đang giải quyết hồ sơ, có vai trò của bước «${step.name}».`,
        'nextHandlerId',
      );
    }
  }
  const next: DossierState = {
    ...state,
    assigneeId: handler === '' ? null : handler,
    // The new handler is no longer a co-handler of the step (one person, one role).
    coHandlerIds: state.coHandlerIds.filter((c) => c !== handler),
  };
  return finish(
    state,
    next,
    action,
    context.actor,
    context,
    { form: null, stepTimeliness: null },
    ['dossier.assigned'],
    {
      previousAssigneeId: state.assigneeId,
      assigneeId: next.assigneeId,
    },
  );
}

type Extra = { form: DossierFormId | null; stepTimeliness: Timeliness | null };

function finish(
  before: DossierState,
  after: DossierState,
  action: DossierAction,
  actor: Actor,
  context: ActionContext,
  extra: Extra,
  eventTypes: DossierEventType[],
  eventData: Record<string, string | number | boolean | null> = {},
): ApplyResult {
  const nowIso = iso(context.now);
  const entry: HistoryEntry = {
    seq: before.historyLength + 1,
    at: nowIso,
    action: action.kind,
    label: actionLabel(action.kind),
    actorId: actor.id,
    fromStatus: before.status,
    toStatus: after.status,
    fromStepId: before.stepId,
    toStepId: after.stepId,
    stepDueAt: before.stepDueAt,
    stepTimeliness: extra.stepTimeliness,
    comment: action.comment?.trim() || null,
    reason: action.reason?.trim() || null,
    form: extra.form,
    assigneeId: after.assigneeId,
    targetAgencyCode: action.kind === 'transfer' ? (action.targetAgencyCode ?? null) : null,
    appointmentAt: after.appointmentAt,
    resultFileIds: action.kind === 'attach_result' ? [...(action.resultFileIds ?? [])] : [],
  };
  const state: DossierState = { ...after, lastActionAt: nowIso, historyLength: before.historyLength + 1 };
  const events = eventTypes.map(
    (type): DossierEvent => ({
      type,
      dossierId: state.id,
      code: state.code,
      at: nowIso,
      status: state.status,
      stepId: state.stepId,
      data: {
        ...eventData,
        fromStatus: before.status,
        fromStepId: before.stepId,
        dueAt: state.dueAt,
        appointmentAt: state.appointmentAt,
      },
    }),
  );
  return { ok: true, state, events, history: [entry] };
}

function stepTimelinessOf(state: DossierState, context: ActionContext): Timeliness | null {
  if (state.stepDueAt === null || state.receivedAt === null) return null;
  return context.calendar.classify(date(state.stepDueAt), context.now);
}

/** Due instant of a step entered now. */
function dueOfEnteredStep(state: DossierState, stepId: string, context: ActionContext): Instant | null {
  if (state.dueAt === null || state.budgetMinutes === null) return null;
  const planned = state.plannedStepDues[stepId];
  if (planned !== undefined) return planned;
  return iso(
    offPathStepDueAt(context.definition, context.calendar, stepId, context.now, state.budgetMinutes, date(state.dueAt)),
  );
}

/** Marks the dossier resolved (once) and classifies it. */
function completeIfNeeded(state: DossierState, context: ActionContext): DossierState {
  if (state.completedAt !== null || state.dueAt === null) return state;
  return {
    ...state,
    completedAt: iso(context.now),
    timeliness: classifyCompletion(context.calendar, date(state.dueAt), context.now, state.extensionCount > 0),
  };
}

function accept(state: DossierState, spec: ActionSpec, action: DossierAction, context: ActionContext): ApplyResult {
  const { definition: def, calendar, now } = context;
  const code = state.code ?? action.code ?? null;
  if (code === null || code.trim() === '') {
    return fail(
      'INPUT_REQUIRED',
      'Cần cấp mã số hồ sơ trước khi tiếp nhận (mã in trên Giấy tiếp nhận, Mẫu 01).',
      'code',
    );
  }
  const due = dossierDueAt(def, calendar, now);
  const planned: Record<string, Instant> = {};
  for (const s of planStepDues(def, calendar, now)) planned[s.stepId] = iso(s.dueAt);
  const steps = stepMap(def);
  const targetId = spec.to ?? state.stepId;
  const target = steps.get(targetId)!;
  let next: DossierState = {
    ...state,
    code,
    status: target.dossierStatus,
    stepId: targetId,
    receivedAt: iso(now),
    clockStartedAt: iso(clockStartOf(def, calendar, now)),
    budgetMinutes: budgetMinutes(def, calendar, now),
    dueAt: iso(due),
    appointmentAt: iso(due),
    plannedStepDues: planned,
    submittedAt: state.submittedAt ?? iso(now),
  };
  const stepTimeliness = null;
  if (targetId !== state.stepId) {
    next = {
      ...next,
      stepEnteredAt: iso(now),
      assigneeId: action.nextHandlerId ?? null,
      coHandlerIds: [...(action.coHandlerIds ?? [])],
    };
  } else if (next.assigneeId === null) {
    next = { ...next, assigneeId: context.actor.id };
  }
  next = { ...next, stepDueAt: dueOfEnteredStep(next, targetId, context) };
  // The start step's own due: when the dossier stays at the start step it is the planned one.
  const events: DossierEventType[] = ['dossier.received'];
  if (target.dossierStatus === 'result_ready') {
    next = completeIfNeeded(next, context);
    events.push('dossier.completed');
  }
  return finish(state, next, action, context.actor, context, { form: 'receipt', stepTimeliness }, events, {
    receiptDay: calendar.receiptDay(now, def.cutoff === undefined ? {} : { cutoff: def.cutoff }),
  });
}

function requestSupplement(state: DossierState, action: DossierAction, context: ActionContext): ApplyResult {
  const clockWasRunning = state.receivedAt !== null && state.completedAt === null;
  const next: DossierState = {
    ...state,
    status: 'pending_supplement',
    pause: { pausedAt: iso(context.now), clockWasRunning },
  };
  return finish(
    state,
    next,
    action,
    context.actor,
    context,
    { form: 'supplement_request', stepTimeliness: null },
    ['dossier.supplement_requested'],
    { clockStopped: clockWasRunning },
  );
}

function resume(state: DossierState, action: DossierAction, context: ActionContext): ApplyResult {
  const { calendar, now, definition: def } = context;
  const pause = state.pause!;
  const step = stepMap(def).get(state.stepId)!;
  const status: DossierStatus = state.receivedAt === null ? 'submitted' : step.dossierStatus;
  let next: DossierState = { ...state, status, pause: null };
  if (pause.clockWasRunning && state.dueAt !== null) {
    const pausedAt = date(pause.pausedAt);
    const shift = (s: Instant | null): Instant | null =>
      s === null ? null : iso(calendar.resumeAfterPause(date(s), pausedAt, now));
    const shiftedMinutes =
      pausedAt.getTime() < date(state.dueAt).getTime() ? calendar.workingTimeBetween(pausedAt, now) : 0;
    const planned: Record<string, Instant> = {};
    for (const [id, due] of Object.entries(state.plannedStepDues)) planned[id] = shift(due)!;
    next = {
      ...next,
      dueAt: shift(state.dueAt),
      appointmentAt: shift(state.appointmentAt),
      stepDueAt: shift(state.stepDueAt),
      plannedStepDues: planned,
      transfer: state.transfer === null ? null : { ...state.transfer, dueAt: shift(state.transfer.dueAt)! },
      pauses: [...state.pauses, { pausedAt: pause.pausedAt, resumedAt: iso(now), shiftedMinutes }],
    };
  } else {
    next = { ...next, pauses: [...state.pauses, { pausedAt: pause.pausedAt, resumedAt: iso(now), shiftedMinutes: 0 }] };
  }
  return finish(state, next, action, context.actor, context, { form: null, stepTimeliness: null }, [
    'dossier.supplemented',
  ]);
}

const END_STATUS: Record<'refuse' | 'stop' | 'withdraw' | 'return_result', DossierStatus> = {
  refuse: 'refused',
  stop: 'stopped',
  withdraw: 'withdrawn',
  return_result: 'returned',
};
const END_EVENT: Record<'refuse' | 'stop' | 'withdraw' | 'return_result', DossierEventType> = {
  refuse: 'dossier.refused',
  stop: 'dossier.stopped',
  withdraw: 'dossier.withdrawn',
  return_result: 'dossier.returned',
};
const END_FORM: Record<'refuse' | 'stop' | 'withdraw' | 'return_result', DossierFormId | null> = {
  refuse: 'refusal',
  stop: 'stop_notice',
  withdraw: null,
  return_result: null,
};

function end(state: DossierState, spec: ActionSpec, action: DossierAction, context: ActionContext): ApplyResult {
  const kind = spec.kind as 'refuse' | 'stop' | 'withdraw' | 'return_result';
  const stepTimeliness = stepTimelinessOf(state, context);
  let next: DossierState = { ...state, status: END_STATUS[kind], pause: null, endedAt: iso(context.now) };
  // A pause that never ended is closed at the end (the clock does not matter any more).
  if (state.pause !== null) {
    next = {
      ...next,
      pauses: [...state.pauses, { pausedAt: state.pause.pausedAt, resumedAt: iso(context.now), shiftedMinutes: 0 }],
    };
  }
  const events: DossierEventType[] = [];
  if (kind !== 'withdraw' && state.receivedAt !== null && state.completedAt === null) {
    next = completeIfNeeded(next, context);
    if (kind === 'return_result') events.push('dossier.completed');
  }
  events.push(END_EVENT[kind]);
  return finish(state, next, action, context.actor, context, { form: END_FORM[kind], stepTimeliness }, events, {
    timeliness: next.timeliness,
  });
}

function move(state: DossierState, spec: ActionSpec, action: DossierAction, context: ActionContext): ApplyResult {
  const { definition: def, now, calendar } = context;
  const steps = stepMap(def);
  const nowIso = iso(now);
  const stepTimeliness = spec.to === undefined ? null : stepTimelinessOf(state, context);
  const eventData: Record<string, string | number | boolean | null> = {};
  let next: DossierState = { ...state };
  const events: DossierEventType[] = [];

  if (spec.kind === 'approve') {
    next = { ...next, approved: true };
    events.push('dossier.approved');
  }
  if (spec.kind === 'transfer') {
    const target = spec.to!;
    if (action.targetAgencyCode!.trim() === handlingAgencyOf(state, def)) {
      return fail(
        'INVALID_INPUT',
        'Cơ quan nhận liên thông phải khác cơ quan đang giải quyết hồ sơ.',
        'targetAgencyCode',
      );
    }
    const segment = transferSegment(def, target);
    const dues = [...segment].map((id) => state.plannedStepDues[id]).filter((d): d is Instant => d !== undefined);
    const dueAt =
      dues.length > 0
        ? [...dues].sort().at(-1)!
        : iso(offPathStepDueAt(def, calendar, target, now, state.budgetMinutes ?? 0, date(state.dueAt!)));
    next = {
      ...next,
      transfer: {
        targetAgencyCode: action.targetAgencyCode!.trim(),
        fromStepId: state.stepId,
        fromAssigneeId: state.assigneeId,
        transferredAt: nowIso,
        dueAt,
      },
    };
    eventData['targetAgencyCode'] = action.targetAgencyCode!.trim();
    eventData['transferDueAt'] = dueAt;
    events.push('dossier.transferred');
  }
  let assigneeId: string | null = action.nextHandlerId ?? null;
  if (spec.kind === 'return_transfer') {
    const transfer = state.transfer!;
    eventData['targetAgencyCode'] = transfer.targetAgencyCode;
    eventData['transferTimeliness'] = calendar.classify(date(transfer.dueAt), now);
    if (assigneeId === null && spec.to === transfer.fromStepId) assigneeId = transfer.fromAssigneeId;
    next = { ...next, transfer: null };
    events.push('dossier.transfer_returned');
  }
  if (spec.kind === 'forward') events.push('dossier.forwarded');
  if (spec.kind === 'send_back') events.push('dossier.sent_back');

  if (spec.to !== undefined) {
    const target = steps.get(spec.to)!;
    next = {
      ...next,
      stepId: target.id,
      status: target.dossierStatus,
      stepEnteredAt: nowIso,
      assigneeId,
      coHandlerIds: [...(action.coHandlerIds ?? [])],
    };
    next = { ...next, stepDueAt: dueOfEnteredStep(next, target.id, context) };
    if (target.dossierStatus === 'result_ready' && next.completedAt === null) {
      next = completeIfNeeded(next, context);
      events.push('dossier.completed');
      eventData['timeliness'] = next.timeliness;
    }
  }
  return finish(state, next, action, context.actor, context, { form: null, stepTimeliness }, events, eventData);
}

function extend(state: DossierState, action: DossierAction, context: ActionContext): ApplyResult {
  const newDue = new Date(action.newDueAt!);
  if (!Number.isFinite(newDue.getTime())) {
    return fail('INVALID_INPUT', 'Ngày hẹn trả mới không hợp lệ.', 'newDueAt');
  }
  const current = date(state.appointmentAt!);
  if (newDue.getTime() <= current.getTime() || newDue.getTime() <= context.now.getTime()) {
    return fail('INVALID_INPUT', 'Ngày hẹn trả mới phải sau ngày hẹn hiện tại và sau thời điểm hiện tại.', 'newDueAt');
  }
  const next: DossierState = { ...state, appointmentAt: iso(newDue), extensionCount: state.extensionCount + 1 };
  return finish(
    state,
    next,
    action,
    context.actor,
    context,
    { form: 'apology_extension', stepTimeliness: null },
    ['dossier.extended'],
    { previousAppointmentAt: iso(current), newAppointmentAt: iso(newDue) },
  );
}

// ---------------------------------------------------------------------------------------------
// Queries

/**
 * The actions the actor could attempt now at the dossier's step (declared, status permits, the
 * actor may act); guards and inputs are checked only by applyAction. For building the officer's
 * buttons; applyAction stays the authority.
 */
export function availableActions(state: DossierState, definition: ProcessDefinition, actor: Actor): ActionSpec[] {
  if (isTerminalStatus(state.status) || state.status === 'draft') return [];
  const step = stepMap(definition).get(state.stepId);
  if (step === undefined) return [];
  const received = state.receivedAt !== null;
  return step.actions.filter((a) => {
    if (state.status === 'pending_supplement' && !['refuse', 'stop', 'withdraw'].includes(a.kind)) return false;
    if (a.kind === 'accept' && received) return false;
    if (!received && !['accept', 'request_supplement', 'refuse', 'withdraw'].includes(a.kind)) return false;
    if (a.kind === 'withdraw') return actor.isApplicant === true;
    return officialMayAct(state, step, actor);
  });
}

/**
 * Working minutes of processing used so far: from the clock start to `until` (or to completion),
 * minus the paused working time that moved the due instants. Equals `budgetMinutes` at the due
 * instant however many pauses there were (the property tests prove it).
 */
export function countedWorkingMinutes(state: DossierState, calendar: WorkingCalendar, until: Date): number {
  if (state.clockStartedAt === null) return 0;
  const end =
    state.completedAt !== null && date(state.completedAt).getTime() < until.getTime() ? date(state.completedAt) : until;
  const paused = state.pauses.reduce((a, p) => a + p.shiftedMinutes, 0);
  const open = state.pause?.clockWasRunning
    ? Math.max(0, calendar.workingTimeBetween(date(state.pause.pausedAt), end))
    : 0;
  return calendar.workingTimeBetween(date(state.clockStartedAt), end) - paused - open;
}

/**
 * Consistency rules every reachable state satisfies; returns the broken ones (empty = valid).
 * The property tests run it after every action; the database layer may run it before saving.
 */
export function dossierInvariantViolations(state: DossierState, def: ProcessDefinition): string[] {
  const v: string[] = [];
  const step = stepMap(def).get(state.stepId);
  if (step === undefined) return [`unknown step ${state.stepId}`];
  const received = state.receivedAt !== null;
  const terminal = isTerminalStatus(state.status);
  if (state.status === 'draft' && (state.submittedAt !== null || received)) v.push('draft but submitted');
  if (state.status !== 'draft' && state.submittedAt === null) v.push('not draft but never submitted');
  if (state.status === 'submitted' && received) v.push('submitted but received');
  if (
    !terminal &&
    !['draft', 'submitted', 'pending_supplement'].includes(state.status) &&
    state.status !== step.dossierStatus
  )
    v.push(`status ${state.status} differs from step status ${step.dossierStatus}`);
  if (!terminal && ['draft', 'submitted'].includes(state.status) && state.stepId !== def.startStep)
    v.push('not received but not at the start step');
  if ((state.status === 'pending_supplement') !== (state.pause !== null)) v.push('pause and status disagree');
  if (received !== (state.dueAt !== null) || received !== (state.clockStartedAt !== null))
    v.push('receipt, due date and clock disagree');
  if (received && state.code === null) v.push('received without a code');
  if (
    state.dueAt !== null &&
    state.appointmentAt !== null &&
    state.appointmentAt < state.dueAt &&
    state.extensionCount === 0
  )
    v.push('appointment before due without extension');
  if (state.extensionCount > 0 && !received) v.push('extended before receipt');
  if (!terminal && (state.transfer !== null) !== (step.agency.kind === 'transfer_target'))
    v.push('transfer state and step agency disagree');
  if (state.completedAt !== null && state.timeliness === null) v.push('completed but not classified');
  if (state.completedAt !== null && !received) v.push('completed but never received');
  if (terminal !== (state.endedAt !== null)) v.push('terminal status and end time disagree');
  if (state.status === 'result_ready' && state.completedAt === null) v.push('result ready but not completed');
  if (state.pauses.some((p) => p.resumedAt < p.pausedAt)) v.push('pause resumed before it began');
  if (state.historyLength < 0) v.push('negative history');
  return v;
}
