/**
 * The SQL of the leader's dashboard and escalations (dossier.dashboard.ts): per-procedure figures
 * of a period, the overdue dossiers by handler and by step, and the leaders' escalation
 * notifications. The service decides whose dossiers (the agency's subtree), the period and the
 * instant "now"; these statements only count and list.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { clockRunning, textArray } from './dossier.queues.repository.ts';

/** Counts of one procedure's dossiers handled by the agency (snake_case, as the columns). */
export interface ProcedureCounts {
  code: string;
  name: string;
  received: number;
  in_progress: number;
  completed: number;
  early: number;
  on_time: number;
  late: number;
  returned: number;
  refused: number;
  stopped: number;
  withdrawn: number;
  overdue: number;
}

export interface HandlerOverdue {
  assignee_id: string | null;
  count: number;
  escalated: number;
  oldest: Date;
}

export interface StepOverdue {
  process_id: string;
  /** The newest process version among the group's dossiers (for the step's name). */
  version: number;
  procedure_code: string;
  procedure_name: string;
  step_id: string;
  /** Overdue dossiers at this step. */
  count: number;
  /** Dossiers not yet overdue whose step is past its own due instant. */
  step_late: number;
  oldest: Date | null;
}

export interface EscalationRow {
  dossier_id: string;
  due_at: Date;
  created_at: Date;
  recipient_agency: string;
  code: string | null;
  procedure_code: string;
  procedure_name: string;
  assignee_id: string | null;
  status: string;
  completed_at: Date | null;
}

/** Whose dossiers and when: the agency's subtree, the period [start, end), the backlog's cut, now. */
export interface DashboardWindow {
  handlingAgencies: string[];
  start: Date;
  end: Date;
  /** The instant the backlog is measured at. */
  cut: Date;
  now: Date;
}

const num = (v: number | string | null | undefined) => Number(v ?? 0);

export function dashboardRepository(db: Kysely<any>) {
  const handledBy = (agencies: string[]) => sql`d.handling_agency = any(${textArray(agencies)})`;
  const overdueAt = (now: Date) => sql`${clockRunning} and d.due_at < ${now}`;

  return {
    /** Per procedure: the period's volumes and outcomes, the backlog at the cut, overdue now. */
    async procedureCounts(w: DashboardWindow): Promise<ProcedureCounts[]> {
      const ended = sql`nullif(d.state->>'endedAt', '')::timestamptz`;
      const inPeriod = (col: RawBuilder<unknown>) => sql`(${col} >= ${w.start} and ${col} < ${w.end})`;
      const r = await sql<Record<string, number | string | null>>`
        select d.procedure_code as code, max(d.procedure_name) as name,
          count(*) filter (where ${inPeriod(sql`d.received_at`)})::int8 as received,
          count(*) filter (where d.received_at < ${w.cut} and (d.completed_at is null or d.completed_at >= ${w.cut})
                           and (${ended} is null or ${ended} >= ${w.cut}))::int8 as in_progress,
          count(*) filter (where ${inPeriod(sql`d.completed_at`)})::int8 as completed,
          count(*) filter (where ${inPeriod(sql`d.completed_at`)} and d.timeliness = 'early')::int8 as early,
          count(*) filter (where ${inPeriod(sql`d.completed_at`)} and d.timeliness = 'on_time')::int8 as on_time,
          count(*) filter (where ${inPeriod(sql`d.completed_at`)} and d.timeliness = 'late')::int8 as late,
          count(*) filter (where d.status = 'returned' and ${inPeriod(ended)})::int8 as returned,
          count(*) filter (where d.status = 'refused' and ${inPeriod(ended)})::int8 as refused,
          count(*) filter (where d.status = 'stopped' and ${inPeriod(ended)})::int8 as stopped,
          count(*) filter (where d.status = 'withdrawn' and ${inPeriod(ended)})::int8 as withdrawn,
          count(*) filter (where ${overdueAt(w.now)})::int8 as overdue
        from dossier.dossier d
        where ${handledBy(w.handlingAgencies)} and d.status <> 'draft'
        group by d.procedure_code
        order by d.procedure_code`.execute(db);
      return r.rows.map((x) => ({
        code: String(x['code']),
        name: String(x['name']),
        received: num(x['received']),
        in_progress: num(x['in_progress']),
        completed: num(x['completed']),
        early: num(x['early']),
        on_time: num(x['on_time']),
        late: num(x['late']),
        returned: num(x['returned']),
        refused: num(x['refused']),
        stopped: num(x['stopped']),
        withdrawn: num(x['withdrawn']),
        overdue: num(x['overdue']),
      }));
    },

    /** Overdue dossiers now by handler (null: nobody assigned), most first, and how many were escalated. */
    async overdueByHandler(w: Pick<DashboardWindow, 'handlingAgencies' | 'now'>): Promise<HandlerOverdue[]> {
      const r = await sql<{ assignee_id: string | null; n: number | string; escalated: number | string; oldest: Date }>`
        select d.assignee_id, count(*)::int8 as n, min(d.due_at) as oldest,
          count(*) filter (where exists (
            select 1 from dossier.notification n
            where n.dossier_id = d.id and n.kind = 'overdue' and n.due_at = d.due_at))::int8 as escalated
        from dossier.dossier d
        where ${handledBy(w.handlingAgencies)} and ${overdueAt(w.now)}
        group by d.assignee_id
        order by count(*) desc, min(d.due_at) asc, d.assignee_id asc nulls first`.execute(db);
      return r.rows.map((x) => ({
        assignee_id: x.assignee_id,
        count: num(x.n),
        escalated: num(x.escalated),
        oldest: x.oldest,
      }));
    },

    /** Per (process, step): overdue dossiers now and dossiers whose step alone is late. */
    async lateBySteps(w: Pick<DashboardWindow, 'handlingAgencies' | 'now'>): Promise<StepOverdue[]> {
      const now = w.now;
      const r = await sql<{
        process_id: string;
        version: number | string;
        procedure_code: string;
        procedure_name: string;
        step_id: string;
        n: number | string;
        step_late: number | string;
        oldest: Date | null;
      }>`
        select d.process_id, max(d.process_version) as version, max(d.procedure_code) as procedure_code,
          max(d.procedure_name) as procedure_name, d.step_id,
          count(*) filter (where d.due_at < ${now})::int8 as n,
          count(*) filter (where d.due_at >= ${now} and d.step_due_at < ${now})::int8 as step_late,
          min(d.due_at) filter (where d.due_at < ${now}) as oldest
        from dossier.dossier d
        where ${handledBy(w.handlingAgencies)} and ${clockRunning} and (d.due_at < ${now} or d.step_due_at < ${now})
        group by d.process_id, d.step_id
        order by count(*) filter (where d.due_at < ${now}) desc, d.process_id, d.step_id`.execute(db);
      return r.rows.map((x) => ({
        process_id: x.process_id,
        version: num(x.version),
        procedure_code: x.procedure_code,
        procedure_name: x.procedure_name,
        step_id: x.step_id,
        count: num(x.n),
        step_late: num(x.step_late),
        oldest: x.oldest,
      }));
    },

    /**
     * The deadline job's "overdue" notifications to leaders of these agencies (null: every
     * agency), newest first, with their dossiers; and how many there are in all.
     */
    async escalations(
      recipientAgencies: string[] | null,
      limit: number,
      offset: number,
    ): Promise<{ rows: EscalationRow[]; total: number }> {
      const to =
        recipientAgencies === null ? sql`true` : sql`n.recipient_agency = any(${textArray(recipientAgencies)})`;
      const cond = sql`n.kind = 'overdue' and n.recipient_role = 'leader' and ${to}`;
      const [rows, total] = await Promise.all([
        sql<EscalationRow>`
          select n.dossier_id, n.due_at, n.created_at, n.recipient_agency, d.code, d.procedure_code,
                 d.procedure_name, d.assignee_id, d.status, d.completed_at
          from dossier.notification n join dossier.dossier d on d.id = n.dossier_id
          where ${cond}
          order by n.created_at desc, n.id desc
          limit ${limit} offset ${offset}`.execute(db),
        sql<{ n: number | string }>`select count(*)::int8 as n from dossier.notification n where ${cond}`.execute(db),
      ]);
      return { rows: rows.rows, total: num(total.rows[0]?.n) };
    },
  };
}
