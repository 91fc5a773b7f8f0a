/**
 * The SQL of the work queues (dossier.queues.ts) and the clock conditions the leader's dashboard
 * shares with them (dossier.dashboard.repository.ts). The service decides who the caller is for a
 * queue (their desk, their agencies), the time window and what a filter means; this file turns a
 * queue and those decisions into statements over dossier.dossier.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { STATUS_INFO } from './domain/index.ts';
import { type DossierRow, type VisibilityFilter, visibilityClause } from './dossier.repository.ts';

export const QUEUES = ['reception', 'mine', 'agency', 'due_soon', 'overdue', 'supplement', 'ready_to_return'] as const;
export type QueueId = (typeof QUEUES)[number];

/** Statuses after which nothing changes any more (no queue shows them). */
export const ENDED = Object.entries(STATUS_INFO)
  .filter(([, info]) => info.terminal)
  .map(([status]) => status);
/** Statuses in which the processing clock runs (STATUS_INFO.clockRuns). */
export const CLOCK_RUNS = Object.entries(STATUS_INFO)
  .filter(([, info]) => info.clockRuns)
  .map(([status]) => status);

export const textArray = (v: readonly string[]) => sql`${[...v]}::text[]`;

/** The processing clock of the dossier (alias d) runs towards a due instant. */
export const clockRunning = sql`d.status = any(${textArray(CLOCK_RUNS)}) and d.completed_at is null and d.due_at is not null`;

/** Who the caller is for the queues, as the service computed it (dossier.policy.ts coverage). */
export interface QueueScope {
  visibility: VisibilityFilter;
  accountId: string;
  /** Receiving agencies whose one-stop desk the caller staffs; null = every agency. */
  desk: string[] | null;
  /** Agencies the caller works in (any step role or leadership); null = every agency. */
  own: string[] | null;
  now: Date;
  /** The end of the "due soon" window. */
  soon: Date;
}

/** Filters of a queue's list, already in database terms. */
export interface QueueRowFilter {
  /** One procedure code, or any of several (a sector's procedures). */
  procedures?: string[];
  submittedFrom?: Date;
  submittedBefore?: Date;
  channel?: string;
  /** Folded (no diacritics), lower-case, trimmed text; matched against applicant_key and code. */
  q?: string;
}

const anyOf = (column: RawBuilder<unknown>, agencies: string[] | null) => {
  if (agencies === null) return sql`true`;
  if (agencies.length === 0) return sql`false`;
  return sql`${column} = any(${textArray(agencies)})`;
};

/** The condition of each queue, beyond visibility (dossier alias d). */
function queueCondition(queue: QueueId, s: QueueScope) {
  const active = sql`d.status <> 'draft' and d.status <> all(${textArray(ENDED)})`;
  switch (queue) {
    case 'reception':
      // Online and postal submissions the desk has not checked yet.
      return sql`d.status = 'submitted' and ${anyOf(sql`d.receiving_agency`, s.desk)}`;
    case 'mine':
      return sql`${active} and (d.assignee_id = ${s.accountId} or ${s.accountId} = any(d.co_handler_ids))`;
    case 'agency':
      if (s.own === null) return active;
      return sql`${active} and (${anyOf(sql`d.handling_agency`, s.own)} or ${anyOf(sql`d.receiving_agency`, s.own)})`;
    case 'due_soon':
      return sql`${clockRunning} and d.due_at >= ${s.now} and d.due_at <= ${s.soon}`;
    case 'overdue':
      return sql`${clockRunning} and d.due_at < ${s.now}`;
    case 'supplement':
      return sql`d.status = 'pending_supplement'`;
    case 'ready_to_return':
      return sql`d.status = 'result_ready' and ${anyOf(sql`d.receiving_agency`, s.desk)}`;
  }
}

function rowFilter(f: QueueRowFilter) {
  const where = [];
  if (f.procedures) where.push(sql`d.procedure_code = any(${textArray(f.procedures)})`);
  if (f.submittedFrom) where.push(sql`d.submitted_at >= ${f.submittedFrom}`);
  if (f.submittedBefore) where.push(sql`d.submitted_at < ${f.submittedBefore}`);
  if (f.channel) where.push(sql`d.channel = ${f.channel}`);
  if (f.q) {
    // applicant_key holds the folded name, ID number, phone and code (dossier.service.ts).
    const like = `%${f.q.replace(/[\\%_]/g, '\\$&')}%`;
    where.push(sql`(d.applicant_key like ${like} or lower(coalesce(d.code, '')) like ${like})`);
  }
  return where;
}

export function queuesRepository(db: Kysely<any>) {
  return {
    /** The number of visible dossiers in every queue, in one statement. */
    async counts(scope: QueueScope): Promise<Record<QueueId, number>> {
      const columns = QUEUES.map(
        (id) => sql`count(*) filter (where ${queueCondition(id, scope)})::int8 as ${sql.ref(id)}`,
      );
      const r = await sql<Record<QueueId, number | string>>`
        select ${sql.join(columns, sql`, `)} from dossier.dossier d
        where ${visibilityClause(scope.visibility, 'd')}`.execute(db);
      const row = r.rows[0]!;
      return Object.fromEntries(QUEUES.map((id) => [id, Number(row[id])])) as Record<QueueId, number>;
    },

    /** One page of a queue, most urgent first, and the queue's total under the filters. */
    async page(
      scope: QueueScope,
      queue: QueueId,
      f: QueueRowFilter,
      limit: number,
      offset: number,
    ): Promise<{ rows: DossierRow[]; total: number }> {
      const cond = sql.join(
        [visibilityClause(scope.visibility, 'd'), queueCondition(queue, scope), ...rowFilter(f)],
        sql` and `,
      );
      const [rows, total] = await Promise.all([
        sql<DossierRow>`
          select d.* from dossier.dossier d where ${cond}
          order by d.due_at asc nulls last, d.submitted_at asc nulls last, d.id asc
          limit ${limit} offset ${offset}`.execute(db),
        sql<{ n: number | string }>`select count(*)::int8 as n from dossier.dossier d where ${cond}`.execute(db),
      ]);
      return { rows: rows.rows, total: Number(total.rows[0]!.n) };
    },
  };
}
