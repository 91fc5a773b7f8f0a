/**
 * The dossier engine's service: the pure core (domain/) applied to stored dossiers, one
 * transaction per change (ModuleContext.change: rows + history + audit + events + jobs).
 */
import { createHash, randomUUID } from 'node:crypto';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { v7 as uuidv7 } from 'uuid';
import type { Actor as AuditActor } from '../../platform/audit/index.ts';
import { vnDate } from '../../platform/clock/index.ts';
import type { FieldError } from '../../platform/errors/index.ts';
import type { BlobSource } from '../../platform/files/index.ts';
import { translateAjvErrors } from '../../platform/http/index.ts';
import { cancelJobs, scheduleJob } from '../../platform/jobs/index.ts';
import type { ChangeContext, ModuleContext } from '../../platform/kernel/index.ts';
import { foldDiacritics } from '../../platform/text/index.ts';
import type { CatalogApi } from '../catalog/index.ts';
import type { IdentityApi, Principal } from '../identity/index.ts';
import {
  type ApplyResult,
  ASSIGN_LABEL,
  applyAction,
  assignRight,
  availableActions,
  createDossier,
  DEFAULT_DOSSIER_CODE_PATTERN,
  type DossierAction,
  type DossierEvent,
  type DossierState,
  deriveLookupChecks,
  formatDossierCode,
  type HistoryEntry,
  handlingAgencyOf,
  importProcessDefinition,
  type ProcessDefinition,
  predictAppointment,
  RELEASE_LABEL,
  ROLE_LABELS,
  STATUS_INFO,
  type StepRole,
  validateProcessDefinition,
} from './domain/index.ts';
import { dossierErrors } from './dossier.errors.ts';
import { JOB_LOOKUP_CLEANUP, LOOKUP_WINDOW_MS, publicLookups } from './dossier.lookup.ts';
import { officialNames } from './dossier.names.ts';
import {
  type AgencyCache,
  agencyCache,
  type Coverage,
  canHandleStep,
  canManageDefinitions,
  canSee,
  coverageOf,
  domainActor,
  isReceivingOfficer,
  registerAccess,
  visibilityFilter,
} from './dossier.policy.ts';
import { componentSpecs, eformSchemaOf, feeSpecs, validateApplicant } from './dossier.procedures.ts';
import {
  type Applicant,
  type ComponentRow,
  type DefinitionRow,
  DOSSIER_COLUMNS_FROM_STATE,
  type DossierRepository,
  type DossierRow,
  type FeeRow,
  type NewDossierRow,
  type ResultFileRow,
} from './dossier.repository.ts';
import { assertFormData, eforms } from './eforms/index.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** Reminder this long before the due instant (one working day is the usual notice; a day of wall time is simpler and never later). */
export const REMINDER_BEFORE_MS = 24 * 3600 * 1000;
export const JOB_REMINDER = 'dossier.deadline_reminder';
export const JOB_ESCALATE = 'dossier.deadline_escalation';
/** At a step's own due instant: the step is late; its handling agency's leaders are told (dossier.jobs.ts). */
export const JOB_STEP_OVERDUE = 'dossier.step_overdue';

/** Upload limits per component (Nghị định 45/2020/NĐ-CP leaves them to the system; 20 MB covers a scanned A4 set at 200 dpi). */
export const COMPONENT_MAX_BYTES = 20 * 1024 * 1024;
export const COMPONENT_MIMES = ['application/pdf', 'image/jpeg', 'image/png', 'image/tiff'] as const;

/** Result documents: signed decisions, certificates, permits (PDF; scans as images). */
export const RESULT_MAX_BYTES = 20 * 1024 * 1024;
export const RESULT_MIMES = ['application/pdf', 'image/jpeg', 'image/png', 'image/tiff'] as const;
/** While the dossier is being handled (after reception, before the result is returned or the dossier ends). */
const RESULT_OPEN_STATUSES = [
  'received',
  'in_progress',
  'transferred',
  'awaiting_approval',
  'approved',
  'result_ready',
];

export { LOOKUP_LIMIT_PER_CODE, LOOKUP_LIMIT_PER_IP, LOOKUP_WINDOW_MS } from './dossier.lookup.ts';

/**
 * Catalogue facts a submission needs (the definition in force, the working calendar) change by
 * decision, not between two requests: each node keeps them this long instead of reading them on
 * every request. Saving or publishing a definition clears this node's copy at once.
 */
const CATALOG_CACHE_MS = 30_000;

/** A stored dossier's fees and components, read with it (views and guard facts need them). */
interface DossierParts {
  fees: FeeRow[];
  components: ComponentRow[];
  /** Result documents uploaded by the handling officials (dossier.results.routes.ts). */
  results: ResultFileRow[];
}

/** The submission's claim on its Idempotency-Key was taken over: roll back and answer with the other's response. */
class IdempotencyKeyTaken extends Error {}

/**
 * A claimed Idempotency-Key whose owner's database session still exists is taken over after this
 * long anyway (an owner alive but stuck): far beyond any submission (tens of milliseconds), short
 * enough for a client's retry.
 */
export const IDEMPOTENCY_CLAIM_LEASE_MS = 30_000;
/** How long a copy of a submission waits for the copy that claimed the key to answer. */
export const IDEMPOTENCY_WAIT_MS = 35_000;

export interface SubmitInput {
  procedureCode: string;
  agencyCode: string;
  applicant: Applicant;
  formData?: Record<string, unknown>;
  channel?: 'online' | 'in_person' | 'postal';
  /** false = keep as a draft (upload components, then the `submit` action). */
  submit?: boolean;
  /** Counter reception: the officer accepts it at once (Form 01). */
  receive?: boolean;
}

export interface ActionInput {
  kind: DossierAction['kind'];
  to?: string;
  comment?: string;
  reason?: string;
  nextHandler?: string;
  coHandlers?: string[];
  targetAgency?: string;
  newDueDate?: string;
  resultFileIds?: string[];
  /** The version the caller saw; a different current version answers 409. */
  expectedVersion?: number;
}

export interface ListQuery {
  status?: string;
  /** Handled now by this agency or a unit under it (within what the caller sees). */
  agency?: string;
  /** Received by this agency (the desk's own dossiers). */
  receivingAgency?: string;
  procedure?: string;
  assignee?: string;
  /** true: nobody assigned at the current step (a leader's drill-down into "unassigned"). */
  unassigned?: boolean;
  /** The process definition and the current step (step ids are per process; a dashboard's drill-down by step). */
  process?: string;
  step?: string;
  dueFrom?: string;
  dueTo?: string;
  q?: string;
  /** Newest first by this instant; absent = most urgent first (due date, then creation). */
  sort?: 'submittedAt' | 'createdAt';
  limit?: number;
  offset?: number;
}

export interface DossierServiceDeps {
  catalog: CatalogApi;
  identity: IdentityApi | undefined;
  /** Code pattern (Thông tư 01/2018/TT-VPCP Art. 19; configurable because Thông tư 03/2025 may change it). */
  codePattern?: string;
}

type Loose = Record<string, any>;

/** VNeID-style assurance from the session's acr ("…level2", "loa2", "2"); a password login is 0. */
export function identityLevelOf(acr: string | null): 0 | 1 | 2 {
  const m = acr === null ? null : /([12])$/.exec(acr);
  return m ? (Number(m[1]) as 1 | 2) : 0;
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

export function dossierService(ctx: ModuleContext, repo: DossierRepository, deps: DossierServiceDeps) {
  const { catalog } = deps;
  const codePattern = deps.codePattern ?? DEFAULT_DOSSIER_CODE_PATTERN;
  const agencies: AgencyCache = agencyCache(catalog, () => ctx.clock.now());
  const ajv = addFormats(new Ajv({ allErrors: true, strict: false, coerceTypes: false }));
  const definitionCache = new Map<string, ProcessDefinition>();
  const procedureCache = new Map<string, { at: number; record: Loose | null; name: string | null }>();
  const resolvedCache = new Map<string, { at: number; definition: ProcessDefinition }>();
  let calendarCache: { at: number; calendar: Awaited<ReturnType<CatalogApi['workingCalendar']>> } | undefined;

  const now = () => ctx.clock.now();
  /** This process's start: names the claims it makes on Idempotency-Keys (a restart is another claimant). */
  const bootId = `${ctx.config.workers.nodeId}/${randomUUID()}`;
  const today = () => vnDate(now());

  function auditActor(principal: Principal): AuditActor {
    return deps.identity
      ? deps.identity.actorOf(principal)
      : { kind: principal.kind, id: principal.accountId, name: principal.name };
  }

  async function procedure(code: string): Promise<{ record: Loose | null; name: string | null }> {
    const t = now().getTime();
    const hit = procedureCache.get(code);
    if (hit && t - hit.at < 60_000) return hit;
    let entry: { at: number; record: Loose | null; name: string | null };
    try {
      const p = await catalog.getProcedure(code);
      entry = { at: t, record: p.record as Loose, name: p.name };
    } catch {
      entry = { at: t, record: null, name: null };
    }
    procedureCache.set(code, entry);
    return entry;
  }

  /** A stored version never changes its steps, so it is cached by (id, version). */
  async function definitionOf(id: string, version: number, tx?: ChangeContext['tx']): Promise<ProcessDefinition> {
    const key = `${id}@${version}`;
    const hit = definitionCache.get(key);
    if (hit) return hit;
    const row = await repo.getDefinition(id, version, tx);
    if (!row) throw dossierErrors.definitionNotFound(id, version);
    definitionCache.set(key, row.definition);
    return row.definition;
  }

  /** The published definition in force today for this procedure at this receiving agency (cached, CATALOG_CACHE_MS). */
  async function resolveDefinition(
    procedureCode: string,
    agencyCode: string,
    on = today(),
  ): Promise<ProcessDefinition> {
    const key = `${procedureCode}|${agencyCode}|${on}`;
    const t = now().getTime();
    const hit = resolvedCache.get(key);
    if (hit && t - hit.at < CATALOG_CACHE_MS) return hit.definition;
    const definition = await resolveDefinitionUncached(procedureCode, agencyCode, on);
    if (resolvedCache.size > 10_000) resolvedCache.clear();
    resolvedCache.set(key, { at: t, definition });
    return definition;
  }

  async function resolveDefinitionUncached(procedureCode: string, agencyCode: string, on: string) {
    const agency = await catalog.getAgency(agencyCode, on);
    if (!agency) throw dossierErrors.agencyUnknown(agencyCode);
    const scope = agency.kind.startsWith('commune') ? 'scope:commune' : 'scope:province';
    const rows = await repo.effectiveDefinitions(procedureCode, [agencyCode, scope], on);
    // An agency's own process wins over the scope-wide one.
    const row = rows.find((r) => r.agency_code === agencyCode) ?? rows[0];
    if (!row) throw dossierErrors.noDefinition(procedureCode, agencyCode, on);
    definitionCache.set(`${row.id}@${row.version}`, row.definition);
    return row.definition;
  }

  async function coverage(principal: Principal): Promise<Coverage> {
    return coverageOf(principal, agencies);
  }

  /** The default working calendar (cached, CATALOG_CACHE_MS: days off are announced weeks ahead). */
  async function calendar() {
    const t = now().getTime();
    if (calendarCache && t - calendarCache.at < CATALOG_CACHE_MS) return calendarCache.calendar;
    const cal = await catalog.workingCalendar();
    calendarCache = { at: t, calendar: cal };
    return cal;
  }

  function stepRoleOf(def: ProcessDefinition, stepId: string): string {
    return def.steps.find((s) => s.id === stepId)?.role ?? 'one_stop_officer';
  }

  /**
   * Whoever an action names for the step it leads to (next handler, co-handlers) must be able to
   * handle that step: the same rule as `assign`, in the agency that handles the dossier after the
   * action (a transfer's target). Without it the desk could hand a dossier — and the applicant's
   * personal data (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15) — to any account, even a citizen's.
   */
  async function assertHandlersEligible(input: ActionInput, after: DossierState, def: ProcessDefinition) {
    const named: { id: string; field: string }[] = [];
    if (input.nextHandler?.trim()) named.push({ id: input.nextHandler.trim(), field: 'nextHandler' });
    for (const h of input.coHandlers ?? []) if (h.trim()) named.push({ id: h.trim(), field: 'coHandlers' });
    if (named.length === 0) return;
    const agency = handlingAgencyOf(after, def);
    const step = def.steps.find((s) => s.id === after.stepId);
    for (const h of named) {
      if (!(await handlerEligible(h.id, agency, stepRoleOf(def, after.stepId) as StepRole))) {
        throw dossierErrors.fromDomain({
          code: 'INVALID_INPUT',
          message: `Cán bộ được giao xử lý phải là cán bộ đang công tác tại cơ quan giải quyết hồ sơ ở bước «${step?.name ?? after.stepId}», có vai trò của bước đó.`,
          field: h.field,
        });
      }
    }
  }

  /**
   * Whether account `id` may be handed the current step (the `assign` action): an active official
   * holding the step's role, or leading, in the handling agency (dossier.policy.ts canHandleStep).
   */
  async function handlerEligible(id: string, agency: string, role: StepRole): Promise<boolean> {
    if (!deps.identity || !/^[0-9a-f-]{36}$/i.test(id)) return false;
    const claims = await deps.identity.getAccountClaims(id);
    if (!claims || claims.disabled || claims.kind !== 'official') return false;
    const cov = await coverageOf(
      {
        accountId: claims.id,
        kind: claims.kind,
        name: claims.name,
        agencyCode: claims.agencyCode,
        roles: claims.roles,
        acr: null,
        sessionId: '',
      },
      agencies,
    );
    return canHandleStep(cov, agency, role);
  }

  async function facts(row: DossierRow, tx?: ChangeContext['tx']) {
    const fees = await repo.fees(row.id, tx);
    const components = await repo.components(row.id, tx);
    return factsOf(row, (await procedure(row.procedure_code)).record, { fees, components });
  }

  /** Guard facts from a dossier's fees and components as read (or as just written). */
  function factsOf(
    row: Pick<DossierRow, 'applicant'>,
    record: Loose | null,
    { fees, components }: Pick<DossierParts, 'fees' | 'components'>,
  ) {
    const present = new Set(components.map((c) => c.idx));
    const required = componentSpecs(record).filter((c) => c.required);
    return {
      feePaid: fees.every((f) => f.status === 'paid'),
      requiredComponentsPresent: required.every((c) => present.has(c.index)),
      missing: required.filter((c) => !present.has(c.index)).map((c) => c.name),
      identityLevel: row.applicant.identityLevel ?? 0,
    };
  }

  /**
   * Writes one applied action: the row (if still at the version read) with its history rows (one
   * statement), its events, the deadline jobs when the due instant was set or moved, and last its
   * audit rows — the audit chain's head row stays locked from the first audit row to the commit,
   * and every writer to that chain waits for it, so it is taken as late as possible.
   */
  async function persist(
    c: ChangeContext,
    row: DossierRow,
    before: DossierState,
    result: Extract<ApplyResult, { ok: true }>,
    def: ProcessDefinition,
    principal: Principal,
    extra: { lookupChecks?: string[]; applicantKey?: string } = {},
  ): Promise<DossierRow> {
    const state = result.state;
    const at = now();
    const columns = {
      handling_agency: handlingAgencyOf(state, def),
      step_role: stepRoleOf(def, state.stepId),
      ...(extra.lookupChecks ? { lookup_checks: extra.lookupChecks } : {}),
      ...(extra.applicantKey ? { applicant_key: extra.applicantKey } : {}),
    };
    const ok = await repo.advanceDossier(c.tx, row.id, row.version, state, columns, at, result.history, principal.name);
    if (!ok) throw dossierErrors.concurrentChange();
    await publishAll(c, result.events, state.procedureCode);
    await scheduleDeadlines(c, row.id, before, state);
    await auditHistory(c, row.id, state, result.history);
    // The row as just written, for the answer: no read-back.
    return {
      ...row,
      ...DOSSIER_COLUMNS_FROM_STATE(state),
      ...columns,
      state,
      version: row.version + 1,
      updated_at: at,
    };
  }

  async function publishAll(c: ChangeContext, events: readonly DossierEvent[], procedureCode: string) {
    for (const e of events) await c.publish(e.type, { ...e, procedureCode });
  }

  async function auditHistory(c: ChangeContext, id: string, state: DossierState, history: readonly HistoryEntry[]) {
    for (const h of history) {
      await c.audit({
        action: `dossier.${h.action}`,
        entityType: 'dossier',
        entityId: id,
        data: { code: state.code, fromStatus: h.fromStatus, toStatus: h.toStatus, step: h.toStepId, seq: h.seq },
      });
    }
  }

  async function scheduleDeadlines(c: ChangeContext, id: string, before: DossierState, after: DossierState) {
    await scheduleStepDeadline(c, id, before, after);
    const ended = after.completedAt !== null || STATUS_INFO[after.status].terminal;
    // A pause stops the clock: the jobs of the current due instant go, and resumption schedules
    // the moved one (the handlers also ignore a job whose due instant is no longer the dossier's).
    // Jobs exist only while the dossier has a due instant and is neither resolved nor paused: the
    // change that cleared the due instant, resolved or paused it cancelled them, and none are
    // scheduled meanwhile. Without live jobs there is nothing to cancel (one statement saved).
    const paused = after.pause !== null && before.pause === null;
    const live =
      before.dueAt !== null &&
      before.pause === null &&
      before.completedAt === null &&
      !STATUS_INFO[before.status].terminal;
    if (live && (before.dueAt !== after.dueAt || ended || paused)) {
      await cancelJobs(c.tx, `dossier:${id}:`);
    }
    if (ended || after.dueAt === null || after.status === 'pending_supplement') return;
    if (before.dueAt === after.dueAt && before.status !== 'pending_supplement') return;
    const due = new Date(after.dueAt);
    const remindAt = new Date(due.getTime() - REMINDER_BEFORE_MS);
    const payload = { dossierId: id, dueAt: after.dueAt };
    if (remindAt.getTime() > now().getTime()) {
      await c.schedule({
        name: JOB_REMINDER,
        payload,
        runAt: remindAt,
        singletonKey: `dossier:${id}:reminder:${after.dueAt}`,
      });
    }
    await c.schedule({
      name: JOB_ESCALATE,
      payload,
      runAt: due,
      singletonKey: `dossier:${id}:escalate:${after.dueAt}`,
    });
  }

  /**
   * The current step's due instant gets its own job (JOB_STEP_OVERDUE): each step of the process
   * has its share of the time (Nghị định 118/2025/NĐ-CP, Art. 21; the process definition's time
   * shares), and a step past its share is late even while the dossier is not yet. Its keys are
   * under another prefix than the dossier's jobs (`dossier-step:`), so moving the dossier's due
   * instant alone does not cancel it. A step left, paused or ended cancels it; the handler also
   * ignores a job whose step entry or due instant is no longer the dossier's.
   */
  async function scheduleStepDeadline(c: ChangeContext, id: string, before: DossierState, after: DossierState) {
    const open = (s: DossierState) =>
      s.stepDueAt !== null &&
      s.pause === null &&
      s.completedAt === null &&
      s.status !== 'pending_supplement' &&
      !STATUS_INFO[s.status].terminal;
    const same =
      before.stepId === after.stepId &&
      before.stepEnteredAt === after.stepEnteredAt &&
      before.stepDueAt === after.stepDueAt &&
      open(before) === open(after);
    if (same) return;
    if (open(before)) await cancelJobs(c.tx, `dossier-step:${id}:`);
    if (!open(after)) return;
    await c.schedule({
      name: JOB_STEP_OVERDUE,
      payload: { dossierId: id, stepId: after.stepId, stepEnteredAt: after.stepEnteredAt, dueAt: after.stepDueAt },
      runAt: new Date(after.stepDueAt!),
      singletonKey: `dossier-step:${id}:${after.stepId}:${after.stepEnteredAt}:${after.stepDueAt}`,
    });
  }

  /**
   * The next code of the receiving agency for today (Thông tư 01/2018/TT-VPCP Art. 19). The counter
   * is advanced in its own short statement, before the dossier's transaction: the (agency, day) row
   * is then locked for one statement instead of a whole submission, which is what lets one desk
   * take many submissions a second (ARCHITECTURE.md, deviation 10). A submission that fails after
   * this leaves an unused number — a gap, never a duplicate. Never call it inside ctx.change (on
   * PGlite's single connection that would wait for itself).
   */
  async function allocateCode(agency: string): Promise<string> {
    const at = now();
    const seq = await repo.nextSequence(ctx.db, agency, vnDate(at));
    return formatDossierCode(codePattern, { agencyCode: agency, date: at, seq });
  }

  function validateForm(record: Loose | null, formData: Record<string, unknown>): FieldError[] {
    const schema = eformSchemaOf(record);
    if (schema === null) return [];
    const validate = ajv.compile(schema);
    if (validate(formData)) return [];
    return translateAjvErrors(validate.errors ?? [], 'body').map((e) => ({
      ...e,
      field: e.field.replace(/^\/body/, '/body/formData'),
    }));
  }

  function applicantKey(a: Applicant, code: string | null): string {
    return foldDiacritics(`${a.name} ${a.idNumber ?? ''} ${a.phone ?? ''} ${code ?? ''}`).toLowerCase();
  }

  // ------------------------------------------------------------------------------------------
  // Views

  /** The dossier as the API shows it, from its row and parts as read or as just written. */
  async function viewOf(
    row: DossierRow,
    cov: Coverage | null,
    { fees, components, results }: DossierParts,
    tx?: ChangeContext['tx'],
  ) {
    const def = await definitionOf(row.process_id, row.process_version, tx);
    const state = row.state;
    const step = def.steps.find((s) => s.id === state.stepId);
    const proc = await procedure(row.procedure_code);
    const specs = componentSpecs(proc.record);
    const actor = cov === null ? null : domainActor(state, def, row, cov);
    const right = actor === null ? null : assignRight(state, def, actor);
    // `assign` is not declared per step (dossier.machine.ts assignRight): a leader (or the desk at
    // reception) picks a handler among the step's role in the handling agency; the handler alone
    // may only give it back, with a reason.
    const assignAction =
      right === null
        ? []
        : [
            right === 'any'
              ? {
                  kind: 'assign' as const,
                  to: null,
                  label: ASSIGN_LABEL,
                  requires: ['next_handler'],
                  toRole: row.step_role,
                  toAgency: row.handling_agency,
                }
              : {
                  kind: 'assign' as const,
                  to: null,
                  label: RELEASE_LABEL,
                  requires: ['reason'],
                  toRole: null,
                  toAgency: null,
                },
          ];
    const stepActions =
      actor === null
        ? []
        : availableActions(state, def, actor).map((a) => {
            // Who takes the dossier after this action: the role and agency of the step it goes to
            // (the office's next-handler picker lists those officials). A transfer's agency is the
            // one the caller chooses: null here.
            const target = (a.to === undefined ? step : def.steps.find((x) => x.id === a.to)) ?? step;
            const agency = target?.agency;
            const toAgency =
              agency === undefined
                ? null
                : agency.kind === 'receiving'
                  ? row.receiving_agency
                  : agency.kind === 'fixed'
                    ? agency.code
                    : a.kind === 'transfer'
                      ? null
                      : (state.transfer?.targetAgencyCode ?? row.receiving_agency);
            return {
              kind: a.kind,
              to: a.to ?? null,
              label: a.label,
              requires: a.requires,
              toRole: target?.role ?? null,
              toAgency,
            };
          });
    return {
      id: row.id,
      code: row.code,
      status: row.status,
      statusLabel: STATUS_INFO[state.status].label,
      procedureCode: row.procedure_code,
      procedureName: row.procedure_name,
      processId: row.process_id,
      processVersion: row.process_version,
      receivingAgency: row.receiving_agency,
      handlingAgency: row.handling_agency,
      stepId: state.stepId,
      stepName: step?.name ?? state.stepId,
      stepRole: row.step_role,
      assigneeId: row.assignee_id,
      coHandlerIds: row.co_handler_ids,
      applicantAccount: row.applicant_account,
      applicant: row.applicant,
      formData: row.form_data,
      channel: row.channel,
      createdAt: row.created_at.toISOString(),
      submittedAt: iso(row.submitted_at),
      receivedAt: iso(row.received_at),
      dueAt: iso(row.due_at),
      appointmentAt: iso(row.appointment_at),
      stepDueAt: iso(row.step_due_at),
      completedAt: iso(row.completed_at),
      timeliness: row.timeliness,
      extensionCount: state.extensionCount,
      paused: state.pause !== null,
      transfer: state.transfer,
      resultFileIds: state.resultFileIds,
      version: row.version,
      availableActions: [...stepActions, ...assignAction],
      components: specs.map((s) => {
        const files = components.filter((f) => f.idx === s.index);
        const current = files.at(-1);
        return {
          index: s.index,
          name: s.name,
          required: s.required,
          file:
            current === undefined
              ? null
              : {
                  sha256: current.sha256,
                  size: Number(current.size),
                  mime: current.mime,
                  fileName: current.file_name,
                  version: current.seq,
                },
          versions: files.length,
        };
      }),
      fees: fees.map((f) => ({
        id: f.id,
        kind: f.kind,
        description: f.description,
        amountVnd: Number(f.amount_vnd),
        status: f.status,
      })),
      resultFiles: resultFilesFor(row, cov, results).map((f) => ({
        id: f.id,
        fileName: f.file_name,
        size: f.size,
        sha256: f.sha256,
        mime: f.mime,
        uploadedAt: f.uploaded_at.toISOString(),
        attached: state.resultFileIds.includes(f.id),
      })),
    };
  }

  /**
   * The result documents this caller may see: the officials who can see the dossier, all of
   * them; anyone else (the applicant) only the attached ones, and only once the result has been
   * returned — a draft decision before signing is not the applicant's yet.
   */
  function resultFilesFor(row: DossierRow, cov: Coverage | null, results: readonly ResultFileRow[]) {
    if (cov !== null && cov.kind === 'official') return results;
    if (row.status !== 'returned') return [];
    return results.filter((f) => row.state.resultFileIds.includes(f.id));
  }
  type DossierView = Awaited<ReturnType<typeof viewOf>>;

  function summary(row: DossierRow) {
    return {
      id: row.id,
      code: row.code,
      status: row.status,
      statusLabel: STATUS_INFO[row.state.status].label,
      procedureCode: row.procedure_code,
      procedureName: row.procedure_name,
      receivingAgency: row.receiving_agency,
      handlingAgency: row.handling_agency,
      stepId: row.step_id,
      assigneeId: row.assignee_id,
      applicantName: row.applicant_name,
      submittedAt: iso(row.submitted_at),
      receivedAt: iso(row.received_at),
      dueAt: iso(row.due_at),
      appointmentAt: iso(row.appointment_at),
      timeliness: row.timeliness,
      version: row.version,
    };
  }

  /** The dossier (with its fees and components, one round trip) if the caller may see it; otherwise the same 404 as a missing one. */
  async function visible(
    principal: Principal,
    id: string,
  ): Promise<{ row: DossierRow; cov: Coverage; parts: DossierParts }> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw dossierErrors.notFound();
    const found = await repo.getDossierWithParts(id);
    if (!found) throw dossierErrors.notFound();
    const cov = await coverage(principal);
    if (!canSee(found.row, cov)) throw dossierErrors.notFound();
    return {
      row: found.row,
      cov,
      parts: { fees: found.fees, components: found.components, results: found.results },
    };
  }

  async function logPersonalDataAccess(principal: Principal, row: DossierRow, purpose: string) {
    // Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15: an official reading a citizen's data leaves a trace.
    if (principal.kind !== 'official' || row.applicant_account === null || !deps.identity) return;
    await deps.identity.recordPersonalDataAccess({
      officialId: principal.accountId,
      subjectAccountId: row.applicant_account,
      record: `dossier:${row.code ?? row.id}`,
      purpose,
    });
  }

  /**
   * Claims an Idempotency-Key for the submission `dossierId`, or answers with the submission that
   * holds it (ARCHITECTURE.md, deviation 10). A claim still under way is waited for; one whose
   * owner is gone — its database session ended with its node, or it outlived the lease — is
   * taken over, so a client's retry after a crash is never blocked. The same key with another
   * content is refused (422). `claim: false` only waits (the caller can no longer submit).
   */
  async function claimKey(
    account: string,
    key: string,
    requestHash: string,
    dossierId: string,
    options: { claim: boolean } = { claim: true },
  ): Promise<{ kind: 'owner' } | { kind: 'replay'; body: DossierView }> {
    const claim = { account, key, requestHash, dossierId, boot: bootId };
    const deadline = performance.now() + IDEMPOTENCY_WAIT_MS;
    let pause = 5;
    for (;;) {
      if (options.claim && (await repo.claimIdempotency({ ...claim, now: now() }))) return { kind: 'owner' };
      const prior = await repo.findIdempotency(account, key);
      if (prior) {
        if (prior.request_hash !== requestHash) throw dossierErrors.idempotencyKeyReused();
        if (!prior.pending) return { kind: 'replay', body: prior.response as DossierView };
        if (options.claim && (await repo.takeOverIdempotency(claim, IDEMPOTENCY_CLAIM_LEASE_MS))) {
          return { kind: 'owner' };
        }
      }
      if (performance.now() > deadline) throw dossierErrors.idempotencyKeyBusy();
      // The owner is under way (a submission takes milliseconds): look again shortly.
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, 100);
    }
  }

  const lookups = publicLookups({
    repo,
    now,
    definitionOf: (id, version) => definitionOf(id, version),
    planCleanup: async (windowStart) => {
      const runAt = new Date(windowStart.getTime() + LOOKUP_WINDOW_MS);
      await scheduleJob(ctx.db, ctx.clock, {
        name: JOB_LOOKUP_CLEANUP,
        payload: {},
        runAt,
        singletonKey: `${JOB_LOOKUP_CLEANUP}:${runAt.toISOString()}`,
      });
    },
    // Batches in flight at once: a third of the pool leaves the rest to the writers; PGlite has one connection.
    parallel: Math.max(1, Math.floor(ctx.config.database.poolSize / 3)),
    onCleanupPlanError: (err) => ctx.logger.warn({ err }, 'chưa lên lịch được việc dọn lượt tra cứu; sẽ thử lại'),
  });

  // ------------------------------------------------------------------------------------------

  const service = {
    resolveDefinition,
    definitionOf,

    // --- process definitions ---------------------------------------------------------------
    async saveDefinition(principal: Principal | 'system', input: unknown, requestId?: string): Promise<DefinitionRow> {
      const checked = typeof input === 'string' ? importProcessDefinition(input) : validateProcessDefinition(input);
      if (!checked.ok) {
        throw dossierErrors.definitionInvalid(
          checked.problems.map((p) => ({ field: `/body${p.path}`, message: p.message })),
        );
      }
      const def = checked.definition;
      if (
        principal !== 'system' &&
        !(await canManageDefinitions(principal, def.agencyCode, (c) => agencies.subtree(c)))
      ) {
        throw dossierErrors.forbidden(
          'Chỉ quản trị cấp tỉnh hoặc quản trị của cơ quan được lưu quy trình của cơ quan.',
        );
      }
      const actor: AuditActor = principal === 'system' ? { kind: 'system', id: 'dossier' } : auditActor(principal);
      await ctx.change(actor, requestId, async (c) => {
        if (!(await repo.insertDefinition(c.tx, def, now()))) throw dossierErrors.definitionExists(def.id, def.version);
        await c.audit({
          action: 'process_definition.saved',
          entityType: 'process_definition',
          entityId: `${def.id}@${def.version}`,
          data: { procedureCode: def.procedureCode, agencyCode: def.agencyCode, status: def.status },
        });
        await c.publish('process_definition.saved', { id: def.id, version: def.version, status: def.status });
      });
      resolvedCache.clear();
      return (await repo.getDefinition(def.id, def.version))!;
    },

    async setDefinitionStatus(
      principal: Principal | 'system',
      id: string,
      version: number,
      status: 'published' | 'retired',
      effectiveTo?: string | null,
      requestId?: string,
    ): Promise<DefinitionRow> {
      const row = await repo.getDefinition(id, version);
      if (!row) throw dossierErrors.definitionNotFound(id, version);
      if (
        principal !== 'system' &&
        !(await canManageDefinitions(principal, row.agency_code, (c) => agencies.subtree(c)))
      ) {
        throw dossierErrors.definitionNotFound(id, version);
      }
      const allowed =
        (row.status === 'draft' && status === 'published') || (row.status === 'published' && status === 'retired');
      if (!allowed) throw dossierErrors.statusChange(row.status, status);
      const def: ProcessDefinition = {
        ...row.definition,
        status,
        effectiveTo: effectiveTo === undefined ? row.definition.effectiveTo : effectiveTo,
      };
      const actor: AuditActor = principal === 'system' ? { kind: 'system', id: 'dossier' } : auditActor(principal);
      await ctx.change(actor, requestId, async (c) => {
        await repo.setDefinitionStatus(c.tx, id, version, def, now());
        await c.audit({
          action: `process_definition.${status}`,
          entityType: 'process_definition',
          entityId: `${id}@${version}`,
        });
        await c.publish('process_definition.status_changed', { id, version, status });
      });
      definitionCache.delete(`${id}@${version}`);
      resolvedCache.clear();
      return (await repo.getDefinition(id, version))!;
    },

    listDefinitions: (filter: { procedureCode?: string; agencyCode?: string; status?: string }) =>
      repo.listDefinitions(filter),

    async getDefinition(id: string, version: number): Promise<DefinitionRow> {
      const row = await repo.getDefinition(id, version);
      if (!row) throw dossierErrors.definitionNotFound(id, version);
      return row;
    },

    /** The appointment a citizen would get if the dossier were received complete now. */
    async predictAppointment(procedureCode: string, agencyCode: string) {
      const def = await resolveDefinition(procedureCode, agencyCode);
      const p = predictAppointment(def, await calendar(), now());
      return {
        procedureCode,
        agencyCode,
        processId: def.id,
        processVersion: def.version,
        totalTime: def.totalTime,
        receiptDay: p.receiptDay,
        clockStartsAt: p.clockStartsAt.toISOString(),
        dueAt: p.dueAt.toISOString(),
        steps: p.stepDues.map((s) => ({
          stepId: s.stepId,
          name: def.steps.find((x) => x.id === s.stepId)?.name ?? s.stepId,
          dueAt: s.dueAt.toISOString(),
        })),
      };
    },

    // --- submission -------------------------------------------------------------------------
    async submit(
      principal: Principal,
      input: SubmitInput,
      options: { idempotencyKey?: string; requestId?: string } = {},
    ): Promise<{ status: number; body: DossierView; replayed: boolean }> {
      const key = options.idempotencyKey;
      const requestHash = createHash('sha256').update(JSON.stringify(input)).digest('hex');
      if (key !== undefined) {
        const prior = await repo.findIdempotency(principal.accountId, key);
        if (prior && !prior.pending) {
          if (prior.request_hash !== requestHash) throw dossierErrors.idempotencyKeyReused();
          return { status: 201, body: prior.response as DossierView, replayed: true };
        }
      }
      const isOfficial = principal.kind === 'official';
      const cov = await coverage(principal);
      if (isOfficial && !isReceivingOfficer(cov, input.agencyCode)) {
        throw dossierErrors.forbidden(
          'Chỉ cán bộ một cửa của cơ quan tiếp nhận được tiếp nhận hồ sơ trực tiếp tại cơ quan này.',
        );
      }
      if (!isOfficial && input.receive) {
        throw dossierErrors.forbidden('Chỉ cán bộ một cửa được tiếp nhận hồ sơ.');
      }
      const errors = validateApplicant(input.applicant as Loose);
      const def = await resolveDefinition(input.procedureCode, input.agencyCode);
      const proc = await procedure(input.procedureCode);
      const formData = input.formData ?? {};
      errors.push(...validateForm(proc.record, formData));
      errors.push(
        ...eforms.formDataErrors(input.procedureCode, formData, input.submit !== false ? 'full' : 'partial', today()),
      );
      if (errors.length > 0) throw dossierErrors.formInvalid(errors);
      const channel = input.channel ?? (isOfficial ? 'in_person' : 'online');
      const submitNow = input.submit !== false;
      if (submitNow && !isOfficial) {
        const required = componentSpecs(proc.record).filter((c) => c.required);
        if (required.length > 0) throw dossierErrors.componentsMissing(required.map((c) => c.name));
      }
      const cal = await calendar();
      const id = uuidv7();
      if (key !== undefined) {
        // The key is claimed before the number is taken: a copy of this request arriving at the
        // same moment waits here for this one's answer instead of taking a number it would leave
        // unused (ARCHITECTURE.md, deviation 10).
        const claim = await claimKey(principal.accountId, key, requestHash, id);
        if (claim.kind === 'replay') return { status: 201, body: claim.body, replayed: true };
      }
      const write = async (): Promise<{ status: number; body: DossierView; replayed: boolean }> => {
        const applicant: Applicant = {
          ...input.applicant,
          kind: input.applicant.kind ?? (principal.kind === 'organisation' ? 'organisation' : 'citizen'),
          identityLevel: isOfficial ? 2 : identityLevelOf(principal.acr),
        };

        const preallocated = submitNow ? await allocateCode(input.agencyCode) : undefined;

        // The whole submission is worked out in memory first (the state machine is pure): the
        // transaction then only writes it, and the answer is built from what was written.
        const created = createDossier({
          id,
          definition: def,
          receivingAgencyCode: input.agencyCode,
          applicantId: isOfficial ? null : principal.accountId,
          now: now(),
        });
        if (!created.ok) throw dossierErrors.fromDomain(created.error);
        const draft = created.state;
        const base: NewDossierRow = {
          id,
          process_id: def.id,
          process_version: def.version,
          procedure_code: def.procedureCode,
          procedure_name: proc.name ?? def.name,
          receiving_agency: input.agencyCode,
          handling_agency: handlingAgencyOf(draft, def),
          step_role: stepRoleOf(def, draft.stepId),
          applicant_account: isOfficial ? null : principal.accountId,
          applicant_name: applicant.name.trim(),
          applicant_key: applicantKey(applicant, null),
          applicant,
          form_data: formData,
          channel,
          lookup_checks: [],
          state: draft,
          created_at: now(),
        };
        let applied = 0;
        const rowOf = (state: DossierState): DossierRow => ({
          ...base,
          ...DOSSIER_COLUMNS_FROM_STATE(state),
          handling_agency: handlingAgencyOf(state, def),
          step_role: stepRoleOf(def, state.stepId),
          state,
          // As if stored as a draft (version 1) and then advanced once per applied action.
          version: 1 + applied,
          updated_at: base.created_at,
        });
        const fees: FeeRow[] = feeSpecs(proc.record, channel).map((f) => ({
          id: uuidv7(),
          dossier_id: id,
          kind: f.kind,
          description: f.description,
          amount_vnd: String(f.amountVnd),
          status: 'unpaid',
          payment_id: null,
          paid_at: null,
        }));
        const parts: DossierParts = { fees, components: [], results: [] };
        let state = draft;
        let row = rowOf(draft);
        const history: HistoryEntry[] = [];
        const events: DossierEvent[] = [...created.events];
        if (submitNow && preallocated !== undefined) {
          const code = preallocated;
          const r = applyAction(
            state,
            { kind: 'submit', code },
            { definition: def, calendar: cal, now: now(), actor: domainActor(state, def, row, cov) },
          );
          if (!r.ok) throw dossierErrors.fromDomain(r.error);
          const checks = deriveLookupChecks(code, {
            phone: applicant.phone ?? null,
            idNumber: applicant.idNumber ?? null,
          });
          base.lookup_checks = checks;
          base.applicant_key = applicantKey(applicant, code);
          state = r.state;
          applied++;
          row = rowOf(state);
          history.push(...r.history);
          events.push(...r.events);
          if (input.receive) {
            const accept = applyAction(
              state,
              { kind: 'accept' },
              {
                definition: def,
                calendar: cal,
                now: now(),
                actor: domainActor(state, def, row, cov),
                facts: factsOf(row, proc.record, parts),
              },
            );
            if (!accept.ok) throw dossierErrors.fromDomain(accept.error);
            state = accept.state;
            applied++;
            row = rowOf(state);
            history.push(...accept.history);
            events.push(...accept.events);
          }
        }
        const body = await viewOf(row, cov, parts);

        await ctx.change(auditActor(principal), options.requestId, async (c) => {
          // The answer goes onto this submission's claim in the same statement as the dossier;
          // if the claim was taken over meanwhile, the transaction rolls back: nothing of this
          // one is written.
          const claim = key === undefined ? undefined : { account: principal.accountId, key, response: body };
          const stored = await repo.insertSubmission(c.tx, row, history, principal.name, fees, claim);
          if (!stored) throw new IdempotencyKeyTaken();
          await publishAll(c, events, def.procedureCode);
          await scheduleDeadlines(c, id, draft, state);
          await c.audit({
            action: 'dossier.created',
            entityType: 'dossier',
            entityId: id,
            data: { procedureCode: def.procedureCode },
          });
          await auditHistory(c, id, state, history);
        });
        return { status: 201, body, replayed: false };
      };
      if (key === undefined) return write();
      try {
        return await write();
      } catch (err) {
        if (!(err instanceof IdempotencyKeyTaken)) {
          // Nothing was written: give the claim back so that a retry need not wait for a takeover.
          await repo.releaseIdempotency(principal.accountId, key, id).catch(() => undefined);
          throw err;
        }
        // The claim was taken over (this submission was thought dead): answer with the other's.
        const after = await claimKey(principal.accountId, key, requestHash, uuidv7(), { claim: false });
        if (after.kind !== 'replay') throw dossierErrors.idempotencyKeyBusy();
        return { status: 201, body: after.body, replayed: true };
      }
    },

    // --- reading ----------------------------------------------------------------------------
    async list(principal: Principal, query: ListQuery) {
      const cov = await coverage(principal);
      const limit = Math.min(query.limit ?? 50, 200);
      const offset = query.offset ?? 0;
      const { items, total } = await repo.listDossiers(visibilityFilter(cov), {
        ...(query.status ? { status: query.status.split(',').map((s) => s.trim()) } : {}),
        // An unknown agency has an empty subtree: nothing matches (not an error: a drill-down link can outlive a merger).
        ...(query.agency ? { handlingAgencies: await agencies.subtree(query.agency) } : {}),
        ...(query.receivingAgency ? { receivingAgency: query.receivingAgency } : {}),
        ...(query.procedure ? { procedure: query.procedure } : {}),
        ...(query.assignee ? { assignee: query.assignee === 'me' ? principal.accountId : query.assignee } : {}),
        ...(query.unassigned === true ? { unassigned: true } : {}),
        ...(query.process ? { process: query.process } : {}),
        ...(query.step ? { step: query.step } : {}),
        ...(query.dueFrom ? { dueFrom: new Date(query.dueFrom) } : {}),
        ...(query.dueTo ? { dueTo: new Date(query.dueTo) } : {}),
        ...(query.q ? { q: foldDiacritics(query.q).toLowerCase().trim() } : {}),
        ...(query.sort ? { sort: query.sort } : {}),
        limit,
        offset,
      });
      return { items: items.map(summary), total, limit, offset };
    },

    /**
     * The dossiers received by `agency` (newest pages first are not needed: the caller sorts), for
     * its register (Mẫu 07), or null when the caller may not print it (dossier.policy.ts
     * registerAccess). The desk and leaders get what they may see; an administrator, who sees no
     * dossier otherwise, gets every dossier received by the agency, for the register only.
     */
    /** The dossiers `agency` received in [from, to) for its register (Mẫu 07); null = no right. */
    async registerEntries(principal: Principal, agency: string, range: { from: Date; to: Date }) {
      const cov = await coverage(principal);
      const access = await registerAccess(principal, cov, agency, (c) => agencies.subtree(c));
      if (access === null) return null;
      const visibility =
        access === 'admin'
          ? { accountId: principal.accountId, all: true, leaderAgencies: [], oneStopAgencies: [], queue: [] }
          : visibilityFilter(cov);
      const out: ReturnType<typeof summary>[] = [];
      for (let offset = 0; ; offset += 200) {
        const { items } = await repo.listDossiers(visibility, { receivingAgency: agency, limit: 200, offset });
        const picked = items.filter(
          (row) => row.received_at !== null && row.received_at >= range.from && row.received_at < range.to,
        );
        out.push(...picked.map(summary));
        // The register names every applicant in it: each one's data is read, so each leaves a trace
        // (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15), as opening the dossier would.
        for (const row of picked) await logPersonalDataAccess(principal, row, 'Xuất sổ theo dõi hồ sơ (Mẫu 07)');
        if (items.length < 200) break;
      }
      return out;
    },

    async get(principal: Principal, id: string) {
      const { row, cov, parts } = await visible(principal, id);
      await logPersonalDataAccess(principal, row, 'Xem hồ sơ để giải quyết thủ tục hành chính');
      return viewOf(row, cov, parts);
    },

    /** The view without the personal-data access record (payments, the demo seed). */
    async peek(principal: Principal, id: string) {
      const { row, cov, parts } = await visible(principal, id);
      return viewOf(row, cov, parts);
    },

    /** The full processing history, with who acted (officials; the one-stop forms print the officer's name). */
    async history(principal: Principal, id: string) {
      const { row } = await visible(principal, id);
      const rows = await repo.history(row.id);
      return {
        items: rows.map((h) => ({ ...h.entry, actorName: h.actor_name })),
      };
    },

    /**
     * The history as the caller may see it (GET …/history). Officials see who acted. The
     * applicant sees which agency and which role acted at which step, never an official's name
     * or account id (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15: officials' identities are personal
     * data too, and the applicant needs the hand-overs, not the people; the signed forms still
     * carry the receiving officer's name as Thông tư 03/2025/TT-VPCP requires).
     */
    async timeline(principal: Principal, id: string) {
      const { row, cov } = await visible(principal, id);
      const rows = await repo.history(row.id);
      if (cov.kind === 'official') {
        // Officials also see to whom each hand-over went (assign, forward with a next handler).
        const assignees = await officialNames(
          deps.identity,
          rows.flatMap((h) => (h.entry.assigneeId ? [h.entry.assigneeId] : [])),
        );
        return {
          items: rows.map((h) => ({
            ...h.entry,
            actorName: h.actor_name,
            assigneeName: h.entry.assigneeId ? (assignees.get(h.entry.assigneeId) ?? null) : null,
          })),
        };
      }
      const def = await definitionOf(row.process_id, row.process_version);
      const steps = new Map(def.steps.map((s) => [s.id, s]));
      const names = new Map<string, string>();
      const agencyName = async (code: string) => {
        if (!names.has(code)) names.set(code, (await catalog.getAgency(code).catch(() => null))?.name ?? code);
        return names.get(code)!;
      };
      let transferTarget: string | null = null;
      const items = [];
      for (const h of rows) {
        const { actorId, assigneeId: _assignee, ...entry } = h.entry;
        const step = steps.get(entry.fromStepId);
        const agencyCode =
          step === undefined || step.agency.kind === 'receiving'
            ? row.receiving_agency
            : step.agency.kind === 'fixed'
              ? step.agency.code
              : (transferTarget ?? row.receiving_agency);
        if (entry.action === 'transfer' && entry.targetAgencyCode !== null) transferTarget = entry.targetAgencyCode;
        const byApplicant = row.applicant_account !== null && actorId === row.applicant_account;
        items.push({
          ...entry,
          actor: byApplicant
            ? { kind: 'applicant' as const, label: 'Người nộp hồ sơ' }
            : {
                kind: 'agency' as const,
                agencyCode,
                agencyName: await agencyName(agencyCode),
                role: step?.role ?? null,
                roleLabel: step ? ROLE_LABELS[step.role] : null,
                stepName: step?.name ?? entry.fromStepId,
                label: `${step ? `${ROLE_LABELS[step.role]} · ` : ''}${await agencyName(agencyCode)}`,
              },
        });
      }
      return { items };
    },

    // --- acting -----------------------------------------------------------------------------
    async act(principal: Principal, id: string, input: ActionInput, requestId?: string) {
      const { row, cov, parts } = await visible(principal, id);
      if (input.expectedVersion !== undefined && input.expectedVersion !== row.version)
        throw dossierErrors.concurrentChange();
      const def = await definitionOf(row.process_id, row.process_version);
      const cal = await calendar();
      const state = row.state;
      // Fees only become paid and components are only added, so guards that passed on this read
      // still hold at commit; the version check in persist() catches any change to the dossier.
      const f: ReturnType<typeof factsOf> & { nextHandlerEligible?: boolean } = factsOf(
        row,
        (await procedure(row.procedure_code)).record,
        parts,
      );
      const action: Loose = { kind: input.kind };
      if (input.to !== undefined) action['to'] = input.to;
      if (input.comment !== undefined) action['comment'] = input.comment;
      if (input.reason !== undefined) action['reason'] = input.reason;
      if (input.nextHandler !== undefined) action['nextHandlerId'] = input.nextHandler;
      if (input.coHandlers !== undefined) action['coHandlerIds'] = input.coHandlers;
      if (input.targetAgency !== undefined) action['targetAgencyCode'] = input.targetAgency;
      if (input.newDueDate !== undefined) {
        // A date alone means the end of that working day's office hours: 17:00 Vietnam time.
        action['newDueAt'] = /^\d{4}-\d{2}-\d{2}$/.test(input.newDueDate)
          ? new Date(`${input.newDueDate}T17:00:00+07:00`).toISOString()
          : input.newDueDate;
      }
      if (input.resultFileIds !== undefined) action['resultFileIds'] = input.resultFileIds;
      let nextHandlerEligible: boolean | undefined;
      if (input.kind === 'assign' && input.nextHandler !== undefined && input.nextHandler.trim() !== '') {
        nextHandlerEligible = await handlerEligible(
          input.nextHandler.trim(),
          handlingAgencyOf(state, def),
          stepRoleOf(def, state.stepId) as StepRole,
        );
      }
      if (
        input.kind === 'transfer' &&
        input.targetAgency !== undefined &&
        !(await catalog.getAgency(input.targetAgency))
      ) {
        throw dossierErrors.agencyUnknown(input.targetAgency);
      }
      if (input.kind === 'attach_result' && input.resultFileIds !== undefined) {
        // Only documents uploaded for this very dossier (POST …/results) can be its result.
        const uploaded = new Set(parts.results.map((r) => r.id));
        const unknown = input.resultFileIds.filter((f) => !uploaded.has(f));
        if (unknown.length > 0) throw dossierErrors.resultFileUnknown(unknown);
      }
      if (input.kind === 'provide_supplement' && !f.requiredComponentsPresent)
        throw dossierErrors.componentsMissing(f.missing);
      if (input.kind === 'submit' && state.status === 'draft') {
        assertFormData(row.procedure_code, row.form_data, 'full', today());
        if (!f.requiredComponentsPresent) throw dossierErrors.componentsMissing(f.missing);
      }
      // A walk-in the desk does not receive (Nghị định 118/2025/NĐ-CP on the one-stop mechanism,
      // reception of dossiers): papers missing → the supplement request (Mẫu 02), not within the
      // agency's remit or otherwise refused → the refusal (Mẫu 03). The desk's draft is submitted
      // at the counter and the reception step's action applied at once, in one change, so the
      // dossier gets a code the forms carry and waits for the supplement (or ends) as the process
      // says; its papers need not be complete — that is the point of the request. Only the desk's
      // own walk-in drafts (no applicant account): a citizen's unsubmitted online draft is theirs
      // until they submit it.
      const counterFirst =
        state.status === 'draft' &&
        row.applicant_account === null &&
        (input.kind === 'request_supplement' || input.kind === 'refuse') &&
        principal.kind === 'official' &&
        isReceivingOfficer(cov, row.receiving_agency);
      if (nextHandlerEligible !== undefined) f.nextHandlerEligible = nextHandlerEligible;
      const actor = domainActor(state, def, row, cov);
      const needsCode = (input.kind === 'submit' || input.kind === 'accept' || counterFirst) && state.code === null;
      if (needsCode) {
        // Check the action before taking a number, so a refused action leaves no gap.
        const context = { definition: def, calendar: cal, now: now(), actor, facts: f };
        const first = counterFirst
          ? applyAction(state, { kind: 'submit', code: 'chua-cap-ma' }, context)
          : applyAction(state, { ...action, code: 'chua-cap-ma' } as DossierAction, context);
        if (!first.ok) throw dossierErrors.fromDomain(first.error);
        if (counterFirst) {
          const dry = applyAction(first.state, action as DossierAction, context);
          if (!dry.ok) throw dossierErrors.fromDomain(dry.error);
        }
      }
      const preallocated = needsCode ? await allocateCode(row.receiving_agency) : undefined;
      let extra: { lookupChecks?: string[]; applicantKey?: string } = {};
      if (preallocated !== undefined) {
        const code = preallocated;
        action['code'] = code;
        extra = {
          lookupChecks: deriveLookupChecks(code, {
            phone: row.applicant.phone ?? null,
            idNumber: row.applicant.idNumber ?? null,
          }),
          applicantKey: applicantKey(row.applicant, code),
        };
      }
      const context = { definition: def, calendar: cal, now: now(), actor, facts: f };
      let r: ApplyResult;
      if (counterFirst) {
        const submitted = applyAction(state, { kind: 'submit', code: action['code'] as string }, context);
        if (!submitted.ok) throw dossierErrors.fromDomain(submitted.error);
        const then = applyAction(submitted.state, action as DossierAction, context);
        if (!then.ok) throw dossierErrors.fromDomain(then.error);
        r = {
          ok: true,
          state: then.state,
          events: [...submitted.events, ...then.events],
          history: [...submitted.history, ...then.history],
        };
      } else r = applyAction(state, action as DossierAction, context);
      if (!r.ok) throw dossierErrors.fromDomain(r.error);
      if (input.kind !== 'assign') await assertHandlersEligible(input, r.state, def);
      const written = await ctx.change(auditActor(principal), requestId, (c) =>
        persist(c, row, state, r, def, principal, extra),
      );
      return viewOf(written, cov, parts);
    },

    // --- components -------------------------------------------------------------------------
    async uploadComponent(
      principal: Principal,
      id: string,
      index: number,
      source: BlobSource,
      meta: { fileName: string; requestId?: string },
    ) {
      const { row, cov } = await visible(principal, id);
      const specs = componentSpecs((await procedure(row.procedure_code)).record);
      if (!specs.some((s) => s.index === index)) throw dossierErrors.componentUnknown(index);
      const isApplicant = row.applicant_account !== null && row.applicant_account === principal.accountId;
      const isDesk = isReceivingOfficer(cov, row.receiving_agency);
      const open = ['draft', 'submitted', 'pending_supplement'].includes(row.status);
      if (!open || !(isApplicant || isDesk)) throw dossierErrors.componentLocked();
      // The blob store checks size and type while streaming and stores nothing that fails.
      const blob = await ctx.files.put(source, { maxBytes: COMPONENT_MAX_BYTES, allowedMimes: COMPONENT_MIMES });
      return ctx.change(auditActor(principal), meta.requestId, async (c) => {
        const locked = await repo.getDossierForUpdate(c.tx, row.id);
        if (!locked || !['draft', 'submitted', 'pending_supplement'].includes(locked.status))
          throw dossierErrors.componentLocked();
        const stored = await repo.insertComponent(c.tx, {
          dossier_id: row.id,
          idx: index,
          sha256: blob.sha256,
          size: blob.size,
          mime: blob.mime,
          file_name: meta.fileName.slice(0, 255),
          uploaded_by: principal.accountId,
          uploaded_at: now(),
        });
        await c.audit({
          action: 'dossier.component_uploaded',
          entityType: 'dossier',
          entityId: row.id,
          data: { index, sha256: blob.sha256, size: blob.size, version: stored.seq },
        });
        await c.publish('dossier.component_uploaded', {
          dossierId: row.id,
          index,
          sha256: blob.sha256,
          version: stored.seq,
        });
        return {
          index,
          version: stored.seq,
          supersedes: stored.supersedes,
          sha256: blob.sha256,
          size: blob.size,
          mime: blob.mime,
          fileName: stored.file_name,
        };
      });
    },

    async downloadComponent(principal: Principal, id: string, index: number, version?: number) {
      const { row } = await visible(principal, id);
      const files = (await repo.components(row.id)).filter((f) => f.idx === index);
      const file = version === undefined ? files.at(-1) : files.find((f) => f.seq === version);
      if (!file) throw dossierErrors.componentUnknown(index);
      await logPersonalDataAccess(principal, row, 'Xem thành phần hồ sơ để giải quyết thủ tục hành chính');
      return {
        stream: await ctx.files.get(file.sha256),
        mime: file.mime,
        fileName: file.file_name,
        size: Number(file.size),
      };
    },

    // --- result documents -------------------------------------------------------------------
    /**
     * A result document uploaded by a handling official: the assignee, a co-handler, a leader or
     * a member of the agency handling the dossier now, while it is being handled. Stored in the
     * file store (SHA-256, size and type checked while streaming; nothing stored on failure) and
     * recorded with its audit row and event in one transaction; `attach_result` then names it.
     */
    async uploadResult(
      principal: Principal,
      id: string,
      source: BlobSource,
      meta: { fileName: string; requestId?: string },
    ) {
      const { row, cov } = await visible(principal, id);
      const def = await definitionOf(row.process_id, row.process_version);
      const actor = domainActor(row.state, def, row, cov);
      // The people the dossier is with now: its handlers, the agency's leaders, or — while the
      // step is unassigned — whoever holds the step's role there (e.g. the desk at the return step).
      const handler =
        actor.isAssignee ||
        actor.isCoHandler ||
        actor.isLeaderOfAgency ||
        (row.assignee_id === null && (actor.roles as readonly string[]).includes(row.step_role));
      if (principal.kind !== 'official' || !handler || !RESULT_OPEN_STATUSES.includes(row.status)) {
        throw dossierErrors.resultUploadForbidden();
      }
      const blob = await ctx.files.put(source, { maxBytes: RESULT_MAX_BYTES, allowedMimes: RESULT_MIMES });
      const file: ResultFileRow = {
        id: uuidv7(),
        dossier_id: row.id,
        sha256: blob.sha256,
        size: blob.size,
        mime: blob.mime,
        file_name: meta.fileName.slice(0, 255),
        uploaded_by: principal.accountId,
        uploaded_at: now(),
      };
      await ctx.change(auditActor(principal), meta.requestId, async (c) => {
        const locked = await repo.getDossierForUpdate(c.tx, row.id);
        if (!locked || !RESULT_OPEN_STATUSES.includes(locked.status)) throw dossierErrors.resultUploadForbidden();
        await repo.insertResultFile(c.tx, file);
        await c.audit({
          action: 'dossier.result_uploaded',
          entityType: 'dossier',
          entityId: row.id,
          data: { fileId: file.id, sha256: blob.sha256, size: blob.size },
        });
        await c.publish('dossier.result_uploaded', { dossierId: row.id, fileId: file.id, sha256: blob.sha256 });
      });
      return {
        fileId: file.id,
        fileName: file.file_name,
        size: file.size,
        sha256: file.sha256,
        mime: file.mime,
        uploadedAt: file.uploaded_at.toISOString(),
      };
    },

    /** A result document: officials who see the dossier; the applicant once the result is returned. */
    async downloadResult(principal: Principal, id: string, fileId: string) {
      const { row, cov, parts } = await visible(principal, id);
      const file = resultFilesFor(row, cov, parts.results).find((f) => f.id === fileId);
      if (!file) throw dossierErrors.resultNotReleased();
      await logPersonalDataAccess(principal, row, 'Xem kết quả giải quyết thủ tục hành chính');
      return {
        stream: await ctx.files.get(file.sha256),
        mime: file.mime,
        fileName: file.file_name,
        size: file.size,
        sha256: file.sha256,
      };
    },

    // --- drafts -------------------------------------------------------------------------------
    /**
     * The applicant deletes an own draft that was never submitted: it has no code, no history and
     * no deadline, so nothing of the record of procedures is lost. The dossier's rows go (fees,
     * components, the idempotency key that created it, so a replay cannot answer with a deleted
     * dossier); the audit row and the `dossier.draft_deleted` event stay. Stored component files
     * are content-addressed and may be shared, so the file store keeps them.
     */
    async deleteDraft(principal: Principal, id: string, requestId?: string): Promise<void> {
      const { row } = await visible(principal, id);
      if (row.applicant_account === null || row.applicant_account !== principal.accountId) {
        throw dossierErrors.notFound();
      }
      if (row.status !== 'draft') throw dossierErrors.draftOnly();
      await ctx.change(auditActor(principal), requestId, async (c) => {
        if (!(await repo.deleteDraft(c.tx, row.id))) throw dossierErrors.draftOnly();
        await c.audit({
          action: 'dossier.draft_deleted',
          entityType: 'dossier',
          entityId: row.id,
          data: { procedureCode: row.procedure_code },
        });
        await c.publish('dossier.draft_deleted', { dossierId: row.id, procedureCode: row.procedure_code });
      });
    },

    // --- public lookup ----------------------------------------------------------------------
    /** Status and timeline by code and check, rate-limited (dossier.lookup.ts: batched, counted in the database). */
    publicLookup: (code: string, check: string, ip: string) => lookups.lookup(code, check, ip),

    async notifications(id: string) {
      return repo.notifications(id);
    },

    /** For the seed and tests: the raw row (no visibility check). */
    rowOf: (id: string) => repo.getDossier(id),
    facts,
    coverage,
    auditActor,
    procedure,
  };

  return service;
}

export type DossierService = ReturnType<typeof dossierService>;
