/**
 * The leader's dashboard of an agency (issue 7, "Leader"): what came in and what went out in a
 * period, how much of it was resolved on time, and which dossiers are overdue now — by handler and
 * by step, each group with the list that shows its dossiers — and the escalations the deadline job
 * (dossier.jobs.ts) sent to the caller as a leader.
 *
 * Whose dossiers: those the agency handles now (handling_agency in the agency's subtree), the
 * same column the leader's visibility rule uses (dossier.policy.ts), so a drill-down never lists a
 * dossier the leader could not open. Who may look: a leader of the agency (a grant on it or an
 * ancestor: leadership covers the subtree), its administrators (agency administrator of the
 * subtree, province administrator: canManageDefinitions). Anybody else gets 404, as for a dossier
 * they may not see.
 *
 * Figures of a period [from 00:00, to 24:00] in Vietnam time:
 *  - received: reception (the start of the clock) in the period;
 *  - completed / early / onTime / late / onTimeRate: dossiers resolved in the period, classified
 *    when they were resolved (domain/dossier.deadlines.ts classifyCompletion; an extension, Form
 *    04, counts as late) — the definitions of the public statistics (dossier.statistics.ts,
 *    OutcomeFigures): onTime = early + on time, onTimeRate = onTime / completed, 4 decimals;
 *  - returned / refused / stopped / withdrawn: dossiers that reached that end in the period;
 *  - inProgress: received and neither resolved nor ended at the end of the period (now, if the
 *    period has not ended): the backlog.
 * Overdue now: the clock runs and the dossier's due instant has passed (the "overdue" work queue,
 * dossier.queues.ts; a dossier waiting for a supplement has its clock paused, Nghị định
 * 61/2018/NĐ-CP Art. 22 as amended by Nghị định 118/2025/NĐ-CP). Per step, `stepLate` also counts
 * dossiers whose current step is past its own due instant while the dossier is not yet overdue —
 * the step shares of the internal process make a late step visible early.
 *
 * The statements are in dossier.dashboard.repository.ts.
 */
import type { Kysely } from 'kysely';
import { vnDate } from '../../platform/clock/index.ts';
import { AppError, commonErrors } from '../../platform/errors/index.ts';
import type { ModuleContext } from '../../platform/kernel/index.ts';
import type { CatalogApi } from '../catalog/index.ts';
import type { IdentityApi, Principal } from '../identity/index.ts';
import { type ProcessDefinition, STATUS_INFO } from './domain/index.ts';
import { dashboardRepository } from './dossier.dashboard.repository.ts';
import { officialNames } from './dossier.names.ts';
import { agencyCache, canManageDefinitions, coverageOf } from './dossier.policy.ts';
import { CLOCK_RUNS, ENDED } from './dossier.queues.repository.ts';
import { type OutcomeFigures, outcomeFigures } from './dossier.statistics.ts';

/** The longest period one request may ask for (one year and a day: a leap year, inclusive). */
export const DASHBOARD_MAX_DAYS = 366;
export const ESCALATIONS_PAGE_SIZE = 50;

export interface DrillDown {
  /**
   * A list of the API (GET /api/v1/dossiers) that shows the group's dossiers: handled by the
   * agency or a unit under it (`agency=`), with the group's own condition — overdue (`status=` the
   * statuses where the clock runs, `dueTo=` just before the dashboard's instant), a handler
   * (`assignee=`) or nobody (`unassigned=true`), a step of a process (`process=`, `step=`), a
   * procedure (`procedure=`).
   */
  href: string;
  /**
   * True when that list shows exactly the group's dossiers (as of the dashboard's instant); false
   * when it can only show a wider set that contains them. Every drill-down is exact now; the flag
   * stays so that a future group the list cannot filter says so.
   */
  exact: boolean;
}

export interface Volumes {
  received: number;
  inProgress: number;
  completed: number;
  returned: number;
  refused: number;
  stopped: number;
  withdrawn: number;
}

export interface AgencyDashboard {
  agency: { code: string; name: string };
  from: string;
  to: string;
  generatedAt: string;
  volumes: Volumes;
  outcomes: OutcomeFigures;
  overdue: {
    total: number;
    drillDown: DrillDown;
    byHandler: {
      handlerId: string | null;
      handlerName: string | null;
      count: number;
      /** Of these, how many the deadline job has escalated to the leaders. */
      escalated: number;
      oldestDueAt: string;
      drillDown: DrillDown;
    }[];
    byStep: {
      processId: string;
      procedureCode: string;
      procedureName: string;
      stepId: string;
      stepName: string;
      count: number;
      stepLate: number;
      oldestDueAt: string | null;
      drillDown: DrillDown;
    }[];
  };
  procedures: ({ code: string; name: string; overdue: number; drillDown: DrillDown } & OutcomeFigures)[];
}

export interface Escalation {
  dossierId: string;
  code: string | null;
  procedureCode: string;
  procedureName: string;
  agencyCode: string;
  /** The due instant that passed. */
  dueAt: string;
  escalatedAt: string;
  /** The dossier's handler now (who holds it), null when it waits in the agency's queue. */
  handlerId: string | null;
  handlerName: string | null;
  status: string;
  statusLabel: string;
  /** Resolved or ended since (the escalation is history). */
  closed: boolean;
}

export const dashboardErrors = {
  notFound: () =>
    new AppError({
      code: 'DOSSIER_DASHBOARD_NOT_FOUND',
      status: 404,
      title: 'Không tìm thấy bảng theo dõi',
      detail: 'Không có cơ quan này, hoặc bạn không phải lãnh đạo hay quản trị viên của cơ quan.',
    }),
};

const iso = (d: Date | string) => new Date(d).toISOString();
/** Statuses of a dossier still open: submitted and not yet ended (the "agency" work queue's). */
const OPEN = Object.keys(STATUS_INFO).filter((s) => s !== 'draft' && !ENDED.includes(s));

/** Start of a Vietnam calendar day, or null when the text is not a real date. */
function dayStart(day: string): Date | null {
  const d = new Date(`${day}T00:00:00+07:00`);
  return Number.isNaN(d.getTime()) || vnDate(d) !== day ? null : d;
}

function query(path: string, params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, v);
  const s = q.toString();
  return s === '' ? path : `${path}?${s}`;
}

export interface DashboardDeps {
  catalog: Pick<CatalogApi, 'agencySubtree' | 'getAgency'>;
  identity: Pick<IdentityApi, 'getAccountClaims'> | undefined;
  definition(id: string, version: number): Promise<ProcessDefinition>;
}

export function dossierDashboard(ctx: Pick<ModuleContext, 'db' | 'clock'>, deps: DashboardDeps) {
  const repo = dashboardRepository(ctx.db as Kysely<any>);
  const agencies = agencyCache(deps.catalog, () => ctx.clock.now());

  const handlerNames = (ids: readonly string[]) => officialNames(deps.identity, ids);

  /** Leader of the agency, or an administrator of it; else 404. */
  async function authorise(principal: Principal, agency: string): Promise<void> {
    const cov = await coverageOf(principal, agencies);
    if (cov.leader.all || cov.leader.agencies.has(agency)) return;
    if (await canManageDefinitions(principal, agency, (code) => agencies.subtree(code))) return;
    throw dashboardErrors.notFound();
  }

  function period(from: string | undefined, to: string | undefined, now: Date) {
    const today = vnDate(now);
    const fromDay = from ?? `${today.slice(0, 8)}01`;
    const toDay = to ?? today;
    const start = dayStart(fromDay);
    const toStart = dayStart(toDay);
    const errors = [];
    if (start === null) errors.push({ field: '/querystring/from', message: `Ngày «${fromDay}» không có thật.` });
    if (toStart === null) errors.push({ field: '/querystring/to', message: `Ngày «${toDay}» không có thật.` });
    if (start === null || toStart === null) throw commonErrors.validation(errors);
    const end = new Date(toStart.getTime() + 86_400_000);
    if (end.getTime() <= start.getTime()) {
      throw commonErrors.validation([
        { field: '/querystring/to', message: 'Ngày kết thúc phải từ ngày bắt đầu trở đi.' },
      ]);
    }
    if (end.getTime() - start.getTime() > DASHBOARD_MAX_DAYS * 86_400_000) {
      throw commonErrors.validation([
        { field: '/querystring/to', message: `Mỗi lần xem tối đa ${DASHBOARD_MAX_DAYS} ngày.` },
      ]);
    }
    return { fromDay, toDay, start, end };
  }

  return {
    async forAgency(principal: Principal, q: { agency: string; from?: string; to?: string }): Promise<AgencyDashboard> {
      const now = ctx.clock.now();
      // Dates first: bad input is answered the same way for everyone, before anything is read.
      const { fromDay, toDay, start, end } = period(q.from, q.to, now);
      const agency = await deps.catalog.getAgency(q.agency);
      if (agency === null) throw dashboardErrors.notFound();
      await authorise(principal, q.agency);
      const subtree = await agencies.subtree(q.agency);
      // The backlog is measured at the end of the period, or now if it has not ended.
      const cut = end.getTime() < now.getTime() ? end : now;
      const window = { handlingAgencies: subtree, start, end, cut, now };
      const [counts, byHandler, byStep] = await Promise.all([
        repo.procedureCounts(window),
        repo.overdueByHandler(window),
        repo.lateBySteps(window),
      ]);

      const sum = (k: keyof (typeof counts)[number]) => counts.reduce((a, r) => a + (r[k] as number), 0);

      // The lists of the API behind each group: the agency's dossiers (its subtree, as `mine`) with
      // the group's condition. Overdue = the clock runs (a status of CLOCK_RUNS; completed_at is
      // set only on leaving them) and the due instant is before now.
      const list = (params: Record<string, string | undefined>): DrillDown => ({
        href: query('/api/v1/dossiers', { agency: q.agency, ...params }),
        exact: true,
      });
      const overdue = { status: CLOCK_RUNS.join(','), dueTo: new Date(now.getTime() - 1).toISOString() };
      const names = await handlerNames(byHandler.flatMap((r) => (r.assignee_id === null ? [] : [r.assignee_id])));
      const defs = new Map<string, Promise<ProcessDefinition | null>>();
      const stepName = async (id: string, version: number, stepId: string) => {
        const key = `${id}@${version}`;
        if (!defs.has(key))
          defs.set(
            key,
            deps.definition(id, version).catch(() => null),
          );
        return (await defs.get(key))?.steps.find((s) => s.id === stepId)?.name ?? stepId;
      };

      return {
        agency: { code: agency.code, name: agency.name },
        from: fromDay,
        to: toDay,
        generatedAt: now.toISOString(),
        volumes: {
          received: sum('received'),
          inProgress: sum('in_progress'),
          completed: sum('completed'),
          returned: sum('returned'),
          refused: sum('refused'),
          stopped: sum('stopped'),
          withdrawn: sum('withdrawn'),
        },
        outcomes: outcomeFigures({
          received: sum('received'),
          completed: sum('completed'),
          early: sum('early'),
          on_time: sum('on_time'),
          late: sum('late'),
        }),
        overdue: {
          total: sum('overdue'),
          drillDown: list(overdue),
          byHandler: byHandler.map((r) => ({
            handlerId: r.assignee_id,
            handlerName: r.assignee_id === null ? null : (names.get(r.assignee_id) ?? null),
            count: r.count,
            escalated: r.escalated,
            oldestDueAt: iso(r.oldest),
            drillDown: list(
              r.assignee_id === null ? { ...overdue, unassigned: 'true' } : { ...overdue, assignee: r.assignee_id },
            ),
          })),
          byStep: await Promise.all(
            byStep.map(async (r) => ({
              processId: r.process_id,
              procedureCode: r.procedure_code,
              procedureName: r.procedure_name,
              stepId: r.step_id,
              stepName: await stepName(r.process_id, r.version, r.step_id),
              count: r.count,
              stepLate: r.step_late,
              oldestDueAt: r.oldest === null ? null : iso(r.oldest),
              // Step ids are per process: the process and the step (the count: overdue at that step).
              drillDown: list({ ...overdue, process: r.process_id, step: r.step_id }),
            })),
          ),
        },
        procedures: counts
          .filter((r) => r.received + r.completed + r.overdue > 0)
          .sort((a, b) => b.received - a.received || b.completed - a.completed || a.code.localeCompare(b.code))
          .map((r) => ({
            code: r.code,
            name: r.name,
            ...outcomeFigures(r),
            overdue: r.overdue,
            // The agency's open dossiers of the procedure: submitted and not yet ended.
            drillDown: list({ procedure: r.code, status: OPEN.join(',') }),
          })),
      };
    },

    /**
     * Escalations sent to the caller as a leader: the deadline job's "overdue" notifications
     * (dossier.jobs.ts) addressed to the leaders of an agency the caller leads. Newest first.
     */
    async escalations(
      principal: Principal,
      q: { page?: number },
    ): Promise<{ items: Escalation[]; total: number; page: number; pageSize: number }> {
      const cov = await coverageOf(principal, agencies);
      const page = q.page ?? 1;
      if (!cov.leader.all && cov.leader.agencies.size === 0) {
        return { items: [], total: 0, page, pageSize: ESCALATIONS_PAGE_SIZE };
      }
      const { rows, total } = await repo.escalations(
        cov.leader.all ? null : [...cov.leader.agencies],
        ESCALATIONS_PAGE_SIZE,
        (page - 1) * ESCALATIONS_PAGE_SIZE,
      );
      const names = await handlerNames(rows.flatMap((r) => (r.assignee_id === null ? [] : [r.assignee_id])));
      return {
        items: rows.map((r) => {
          const info = STATUS_INFO[r.status as keyof typeof STATUS_INFO];
          return {
            dossierId: r.dossier_id,
            code: r.code,
            procedureCode: r.procedure_code,
            procedureName: r.procedure_name,
            agencyCode: r.recipient_agency,
            dueAt: iso(r.due_at),
            escalatedAt: iso(r.created_at),
            handlerId: r.assignee_id,
            handlerName: r.assignee_id === null ? null : (names.get(r.assignee_id) ?? null),
            status: r.status,
            statusLabel: info?.label ?? r.status,
            closed: r.completed_at !== null || info?.terminal === true,
          };
        }),
        total,
        page,
        pageSize: ESCALATIONS_PAGE_SIZE,
      };
    },
  };
}

export type DossierDashboard = ReturnType<typeof dossierDashboard>;
