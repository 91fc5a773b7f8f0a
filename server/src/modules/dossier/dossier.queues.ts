/**
 * Work queues of the back office (issue 7): what an official has to do today, counted per queue,
 * and the dossiers of one queue with filters. Every queue is a subset of what the caller may see
 * (dossier.policy.ts): the same visibility rule as the dossier list and the dossier routes, so a
 * queue never shows a dossier whose page would answer 404.
 *
 * Deadlines: a dossier is "due soon" when its due instant falls before the close of office hours
 * of the next working day (one working day, configurable), "overdue" once the instant has passed
 * while the clock runs (Nghị định 61/2018/NĐ-CP Art. 22 as amended by Nghị định 118/2025/NĐ-CP:
 * the time limit counts in working days; a dossier waiting for a supplement has its clock paused,
 * so it is neither due soon nor overdue).
 *
 * The statements are in dossier.queues.repository.ts; this file decides who the caller is for a
 * queue, the time window, what a filter means and how an item reads.
 */
import type { Kysely } from 'kysely';
import type { ModuleContext } from '../../platform/kernel/index.ts';
import { foldDiacritics } from '../../platform/text/index.ts';
import type { CatalogApi } from '../catalog/index.ts';
import type { Principal } from '../identity/index.ts';
import { type ProcessDefinition, STATUS_INFO, type StepRole } from './domain/index.ts';
import { agencyCache, type Coverage, coverageOf, STEP_ROLES, visibilityFilter } from './dossier.policy.ts';
import {
  QUEUES,
  type QueueId,
  type QueueRowFilter,
  type QueueScope,
  queuesRepository,
} from './dossier.queues.repository.ts';
import type { DossierRow } from './dossier.repository.ts';

export { QUEUES, type QueueId };

export const QUEUE_LABELS: Record<QueueId, string> = {
  reception: 'Chờ tiếp nhận',
  mine: 'Được giao cho tôi',
  agency: 'Của cơ quan tôi',
  due_soon: 'Sắp đến hạn',
  overdue: 'Quá hạn',
  supplement: 'Chờ bổ sung',
  ready_to_return: 'Chờ trả kết quả',
};

export type DueState = 'early' | 'on-time' | 'due-soon' | 'overdue';

export const QUEUE_PAGE_SIZE = 20;

export interface QueueFilter {
  procedure?: string;
  sector?: string;
  /** Vietnam dates (yyyy-mm-dd), on the submission date. */
  from?: string;
  to?: string;
  channel?: 'online' | 'in_person' | 'postal';
  q?: string;
  page?: number;
}

export interface QueueItem {
  id: string;
  code: string | null;
  applicantName: string;
  procedureCode: string;
  procedureName: string;
  status: string;
  statusLabel: string;
  stepId: string;
  stepName: string;
  assigneeId: string | null;
  handlingAgency: string;
  receivingAgency: string;
  channel: string;
  submittedAt: string | null;
  receivedAt: string | null;
  dueAt: string | null;
  stepDueAt: string | null;
  dueState: DueState | null;
  version: number;
}

const iso = (d: Date | null) => (d === null ? null : new Date(d).toISOString());

/** Agencies the caller works in (any step role or leadership), or null = every agency. */
function ownAgencies(cov: Coverage): string[] | null {
  const set = new Set<string>(cov.leader.agencies);
  if (cov.leader.all) return null;
  for (const role of STEP_ROLES) {
    const c = cov.roles.get(role as StepRole);
    if (!c) continue;
    if (c.all) return null;
    for (const a of c.agencies) set.add(a);
  }
  return [...set];
}

/** Receiving agencies whose one-stop desk the caller staffs, or null = every agency. */
function deskAgencies(cov: Coverage): string[] | null {
  const c = cov.roles.get('one_stop_officer');
  if (c?.all) return null;
  return c ? [...c.agencies] : [];
}

/** On the dossier's due instant: done early or on time, due soon, overdue (null: no deadline yet). */
export function dueStateOf(
  row: Pick<DossierRow, 'due_at' | 'completed_at' | 'timeliness' | 'status'>,
  now: Date,
  soon: Date,
): DueState | null {
  if (row.timeliness === 'early') return 'early';
  if (row.timeliness === 'on_time') return 'on-time';
  if (row.timeliness === 'late') return 'overdue';
  if (row.due_at === null) return null;
  const due = new Date(row.due_at).getTime();
  if (row.completed_at !== null) return due >= new Date(row.completed_at).getTime() ? 'on-time' : 'overdue';
  if (row.status === 'pending_supplement') return 'on-time';
  if (due < now.getTime()) return 'overdue';
  if (due <= soon.getTime()) return 'due-soon';
  return 'on-time';
}

export interface QueuesDeps {
  catalog: CatalogApi;
  /** A process definition by id and version (the service's cached read). */
  definition(id: string, version: number): Promise<ProcessDefinition>;
  /** How many working days ahead "due soon" looks (default 1). */
  dueSoonWorkingDays?: number;
}

export function dossierQueues(ctx: Pick<ModuleContext, 'db' | 'clock'>, deps: QueuesDeps) {
  const repo = queuesRepository(ctx.db as Kysely<any>);
  const agencies = agencyCache(deps.catalog, () => ctx.clock.now());
  const soonDays = deps.dueSoonWorkingDays ?? 1;

  /** Who the caller is for the queues, and the "due soon" window as of now. */
  async function scopeOf(principal: Principal): Promise<QueueScope> {
    const cov = await coverageOf(principal, agencies);
    const now = ctx.clock.now();
    const cal = await deps.catalog.workingCalendar();
    return {
      visibility: visibilityFilter(cov),
      accountId: cov.accountId,
      desk: deskAgencies(cov),
      own: ownAgencies(cov),
      now,
      soon: cal.extendByWorkingDays(now, soonDays),
    };
  }

  async function filters(f: QueueFilter): Promise<QueueRowFilter> {
    const where: QueueRowFilter = {};
    if (f.procedure) where.procedures = [f.procedure];
    if (f.sector) {
      const procs = await deps.catalog.listProcedures({ sector: f.sector, limit: 10_000, offset: 0 });
      const inSector = procs.items.map((p) => p.code);
      where.procedures = where.procedures ? where.procedures.filter((c) => inSector.includes(c)) : inSector;
    }
    // Dates are Vietnam calendar days (UTC+7, no daylight saving).
    if (f.from) where.submittedFrom = new Date(`${f.from}T00:00:00+07:00`);
    if (f.to) where.submittedBefore = new Date(new Date(`${f.to}T00:00:00+07:00`).getTime() + 86_400_000);
    if (f.channel) where.channel = f.channel;
    const q = f.q === undefined ? '' : foldDiacritics(f.q).toLowerCase().trim();
    if (q !== '') where.q = q;
    return where;
  }

  return {
    /** Counts of every queue for the caller, in one statement. */
    async counts(principal: Principal): Promise<{ queues: { id: QueueId; label: string; count: number }[] }> {
      const counts = await repo.counts(await scopeOf(principal));
      return { queues: QUEUES.map((id) => ({ id, label: QUEUE_LABELS[id], count: counts[id] })) };
    },

    /** One page of a queue, most urgent first. */
    async items(
      principal: Principal,
      queue: QueueId,
      f: QueueFilter,
    ): Promise<{ queue: QueueId; label: string; items: QueueItem[]; total: number; page: number; pageSize: number }> {
      const scope = await scopeOf(principal);
      const { now, soon } = scope;
      const page = f.page ?? 1;
      const { rows, total } = await repo.page(
        scope,
        queue,
        await filters(f),
        QUEUE_PAGE_SIZE,
        (page - 1) * QUEUE_PAGE_SIZE,
      );
      const defs = new Map<string, Promise<ProcessDefinition>>();
      const defOf = (row: DossierRow) => {
        const key = `${row.process_id}@${row.process_version}`;
        let hit = defs.get(key);
        if (!hit) {
          hit = deps.definition(row.process_id, row.process_version);
          defs.set(key, hit);
        }
        return hit;
      };
      const items = await Promise.all(
        rows.map(async (row): Promise<QueueItem> => {
          const def = await defOf(row);
          return {
            id: row.id,
            code: row.code,
            applicantName: row.applicant_name,
            procedureCode: row.procedure_code,
            procedureName: row.procedure_name,
            status: row.status,
            statusLabel: STATUS_INFO[row.status as keyof typeof STATUS_INFO]?.label ?? row.status,
            stepId: row.step_id,
            stepName: def.steps.find((s) => s.id === row.step_id)?.name ?? row.step_id,
            assigneeId: row.assignee_id,
            handlingAgency: row.handling_agency,
            receivingAgency: row.receiving_agency,
            channel: row.channel,
            submittedAt: iso(row.submitted_at),
            receivedAt: iso(row.received_at),
            dueAt: iso(row.due_at),
            stepDueAt: iso(row.step_due_at),
            dueState: dueStateOf(row, now, soon),
            version: row.version,
          };
        }),
      );
      return {
        queue,
        label: QUEUE_LABELS[queue],
        items,
        total,
        page,
        pageSize: QUEUE_PAGE_SIZE,
      };
    },
  };
}

export type DossierQueues = ReturnType<typeof dossierQueues>;
