/**
 * Every SQL statement of the dossier module (schema `dossier`). Functions that take `tx` run in
 * the caller's transaction (ModuleContext.change); the others read from the pool.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DossierState, HistoryEntry, ProcessDefinition } from './domain/index.ts';

type Db = Kysely<any> | Transaction<any>;

export interface DefinitionRow {
  id: string;
  version: number;
  procedure_code: string;
  agency_code: string;
  status: 'draft' | 'published' | 'retired';
  effective_from: string;
  effective_to: string | null;
  definition: ProcessDefinition;
  created_at: Date;
  updated_at: Date;
}

export interface Applicant {
  kind: 'citizen' | 'organisation';
  name: string;
  idNumber?: string;
  phone?: string;
  email?: string;
  address?: string;
  /**
   * Identity assurance of the applicant when submitting: 2 when checked at the counter (the
   * officer sees the ID card) or from a level-2 electronic identity session, else 0 or 1.
   */
  identityLevel?: 0 | 1 | 2;
}

export interface DossierRow {
  id: string;
  code: string | null;
  process_id: string;
  process_version: number;
  procedure_code: string;
  procedure_name: string;
  receiving_agency: string;
  handling_agency: string;
  status: string;
  step_id: string;
  step_role: string;
  assignee_id: string | null;
  co_handler_ids: string[];
  applicant_account: string | null;
  applicant_name: string;
  applicant_key: string;
  applicant: Applicant;
  form_data: Record<string, unknown>;
  channel: 'online' | 'in_person' | 'postal';
  lookup_checks: string[];
  state: DossierState;
  submitted_at: Date | null;
  received_at: Date | null;
  due_at: Date | null;
  step_due_at: Date | null;
  appointment_at: Date | null;
  completed_at: Date | null;
  timeliness: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface HistoryRow {
  dossier_id: string;
  seq: number;
  at: Date;
  action: string;
  actor_id: string;
  actor_name: string | null;
  entry: HistoryEntry;
}

export interface ComponentRow {
  dossier_id: string;
  idx: number;
  seq: number;
  sha256: string;
  size: number;
  mime: string;
  file_name: string;
  supersedes: number | null;
  uploaded_by: string;
  uploaded_at: Date;
}

export interface IdempotencyRow {
  request_hash: string;
  dossier_id: string;
  response: unknown;
  /** Claimed by a submission still under way (no answer stored yet). */
  pending: boolean;
}

/** A result document uploaded by the handling official (dossier.results.ts). */
export interface ResultFileRow {
  id: string;
  dossier_id: string;
  sha256: string;
  size: number;
  mime: string;
  file_name: string;
  uploaded_by: string;
  uploaded_at: Date;
}

export interface FeeRow {
  id: string;
  dossier_id: string;
  kind: string;
  description: string;
  amount_vnd: string;
  status: 'unpaid' | 'paid';
  payment_id: string | null;
  paid_at: Date | null;
}

export interface PaymentRow {
  id: string;
  dossier_id: string;
  amount_vnd: string;
  status: 'pending' | 'paid' | 'failed';
  gateway: string;
  transaction_no: string | null;
  created_at: Date;
  completed_at: Date | null;
}

/** A dossier row as inserted: the state's columns come from the state itself. */
export type NewDossierRow = Omit<
  DossierRow,
  | 'version'
  | 'updated_at'
  | 'code'
  | 'status'
  | 'step_id'
  | 'assignee_id'
  | 'co_handler_ids'
  | 'submitted_at'
  | 'received_at'
  | 'due_at'
  | 'step_due_at'
  | 'appointment_at'
  | 'completed_at'
  | 'timeliness'
>;

type RawFee = Omit<FeeRow, 'paid_at'> & { paid_at: string | null };
type RawComponent = Omit<ComponentRow, 'uploaded_at'> & { uploaded_at: string };
type RawResultFile = Omit<ResultFileRow, 'uploaded_at'> & { uploaded_at: string };

/** What the public lookup reads of a dossier: no personal data. */
export interface PublicDossierRow {
  code: string;
  lookup_checks: string[];
  procedure_code: string;
  procedure_name: string;
  process_id: string;
  process_version: number;
  status: string;
  submitted_at: Date | null;
  received_at: Date | null;
  appointment_at: Date | null;
  completed_at: Date | null;
  timeliness: string | null;
  history: HistoryEntry[];
}
type PublicDossierJson = Omit<PublicDossierRow, 'submitted_at' | 'received_at' | 'appointment_at' | 'completed_at'> & {
  submitted_at: string | null;
  received_at: string | null;
  appointment_at: string | null;
  completed_at: string | null;
};

/** Who may see what, as SQL-ready sets (computed by dossier.policy.ts). */
export interface VisibilityFilter {
  accountId: string;
  /** Province-wide leader or administrator: sees every dossier. */
  all: boolean;
  leaderAgencies: string[];
  oneStopAgencies: string[];
  /** Per step role: agencies whose unassigned dossiers at a step of that role are in the caller's queue. */
  queue: { role: string; all: boolean; agencies: string[] }[];
}

export interface ListFilter {
  status?: string[];
  /** Handled now by one of these agencies (an agency and its subtree). */
  handlingAgencies?: string[];
  receivingAgency?: string;
  procedure?: string;
  assignee?: string;
  /** Nobody is assigned at the current step. */
  unassigned?: boolean;
  /** Process definition id, and the current step's id in it. */
  process?: string;
  step?: string;
  dueFrom?: Date;
  dueTo?: Date;
  /** Folded (no diacritics), lower-case text. */
  q?: string;
  sort?: 'submittedAt' | 'createdAt';
  limit: number;
  offset: number;
}

/** The dossier columns that copy the state (for filters and indexes). */
export const DOSSIER_COLUMNS_FROM_STATE = (s: DossierState) => ({
  code: s.code,
  status: s.status,
  step_id: s.stepId,
  assignee_id: s.assigneeId,
  co_handler_ids: [...s.coHandlerIds],
  submitted_at: s.submittedAt === null ? null : new Date(s.submittedAt),
  received_at: s.receivedAt === null ? null : new Date(s.receivedAt),
  due_at: s.dueAt === null ? null : new Date(s.dueAt),
  step_due_at: s.stepDueAt === null ? null : new Date(s.stepDueAt),
  appointment_at: s.appointmentAt === null ? null : new Date(s.appointmentAt),
  completed_at: s.completedAt === null ? null : new Date(s.completedAt),
  timeliness: s.timeliness,
});

const json = (v: unknown) => sql`${JSON.stringify(v)}::jsonb`;
const textArray = (v: readonly string[]) => sql`${[...v]}::text[]`;

/** History rows of `entries` for the dossier id returned by the CTE `source` (none if it returned no row). */
function historyInsert(source: ReturnType<typeof sql>, entries: readonly HistoryEntry[], actorName: string | null) {
  return sql`
    insert into dossier.history (dossier_id, seq, at, action, actor_id, actor_name, entry)
    select s.id, (e->>'seq')::int, (e->>'at')::timestamptz, e->>'action', e->>'actorId', ${actorName}::text, e
    from ${source} as s, jsonb_array_elements(${json(entries)}) as e`;
}

export function dossierRepository(db: Kysely<any>) {
  return {
    db,

    // --- process definitions -------------------------------------------------------------
    async insertDefinition(tx: Db, def: ProcessDefinition, now: Date): Promise<boolean> {
      const r = await sql`
        insert into dossier.process_definition
          (id, version, procedure_code, agency_code, status, effective_from, effective_to, definition, created_at, updated_at)
        values (${def.id}, ${def.version}, ${def.procedureCode}, ${def.agencyCode}, ${def.status}, ${def.effectiveFrom},
                ${def.effectiveTo}, ${json(def)}, ${now}, ${now})
        on conflict (id, version) do nothing`.execute(tx);
      return Number(r.numAffectedRows ?? 0) === 1;
    },

    async setDefinitionStatus(tx: Db, id: string, version: number, def: ProcessDefinition, now: Date): Promise<void> {
      await sql`
        update dossier.process_definition
        set status = ${def.status}, effective_to = ${def.effectiveTo}, definition = ${json(def)}, updated_at = ${now}
        where id = ${id} and version = ${version}`.execute(tx);
    },

    async getDefinition(id: string, version: number, tx: Db = db): Promise<DefinitionRow | undefined> {
      const r = await sql<DefinitionRow>`
        select * from dossier.process_definition where id = ${id} and version = ${version}`.execute(tx);
      return r.rows[0];
    },

    /**
     * Replaces a draft's content if it is still a draft last changed at `expectedUpdatedAt`
     * (optimistic concurrency: updated_at always moves forward, even within one millisecond).
     * false = it is not a draft any more, or somebody changed it first.
     */
    async updateDraftDefinition(tx: Db, def: ProcessDefinition, expectedUpdatedAt: Date, now: Date): Promise<boolean> {
      const r = await sql`
        update dossier.process_definition
        set effective_from = ${def.effectiveFrom}, effective_to = ${def.effectiveTo}, definition = ${json(def)},
            updated_at = greatest(${now}::timestamptz, updated_at + interval '1 millisecond')
        where id = ${def.id} and version = ${def.version} and status = 'draft'
          and updated_at = ${expectedUpdatedAt}::timestamptz`.execute(tx);
      return Number(r.numAffectedRows ?? 0) === 1;
    },

    /** Deletes a draft (at `expectedUpdatedAt` when given) that no dossier follows; false = nothing deleted. */
    async deleteDraftDefinition(tx: Db, id: string, version: number, expectedUpdatedAt: Date | null): Promise<boolean> {
      const r = await sql`
        delete from dossier.process_definition p
        where p.id = ${id} and p.version = ${version} and p.status = 'draft'
          and (${expectedUpdatedAt}::timestamptz is null or p.updated_at = ${expectedUpdatedAt}::timestamptz)
          and not exists (select 1 from dossier.dossier d where d.process_id = p.id and d.process_version = p.version)`.execute(
        tx,
      );
      return Number(r.numAffectedRows ?? 0) === 1;
    },

    /** How many dossiers (drafts included) follow this version. */
    async dossiersFollowing(id: string, version: number, tx: Db = db): Promise<number> {
      const r = await sql<{ n: string | number }>`
        select count(*) as n from dossier.dossier where process_id = ${id} and process_version = ${version}`.execute(
        tx,
      );
      return Number(r.rows[0]?.n ?? 0);
    },

    async listDefinitions(filter: {
      procedureCode?: string;
      agencyCode?: string;
      status?: string;
    }): Promise<DefinitionRow[]> {
      let q = db.selectFrom('dossier.process_definition').selectAll();
      if (filter.procedureCode) q = q.where('procedure_code', '=', filter.procedureCode);
      if (filter.agencyCode) q = q.where('agency_code', '=', filter.agencyCode);
      if (filter.status) q = q.where('status', '=', filter.status);
      return (await q
        .orderBy('procedure_code')
        .orderBy('agency_code')
        .orderBy('id')
        .orderBy('version')
        .execute()) as DefinitionRow[];
    },

    /** Published definitions of a procedure for these agency codes (exact codes and scopes), in force on `on`. */
    async effectiveDefinitions(procedureCode: string, agencyCodes: string[], on: string): Promise<DefinitionRow[]> {
      const r = await sql<DefinitionRow>`
        select * from dossier.process_definition
        where procedure_code = ${procedureCode} and agency_code = any(${textArray(agencyCodes)})
          and status = 'published' and effective_from <= ${on}::date
          and (effective_to is null or effective_to >= ${on}::date)
        order by effective_from desc, version desc`.execute(db);
      return r.rows;
    },

    // --- dossiers --------------------------------------------------------------------------
    /** Writes the new state if the row is still at `expectedVersion`; false = somebody changed it first. */
    async updateDossier(
      tx: Db,
      id: string,
      expectedVersion: number,
      state: DossierState,
      extra: { handling_agency: string; step_role: string; lookup_checks?: string[] },
      now: Date,
    ): Promise<boolean> {
      const c = DOSSIER_COLUMNS_FROM_STATE(state);
      const r = await sql`
        update dossier.dossier set
          code = ${c.code}, status = ${c.status}, step_id = ${c.step_id}, assignee_id = ${c.assignee_id},
          co_handler_ids = ${textArray(c.co_handler_ids)}, submitted_at = ${c.submitted_at}, received_at = ${c.received_at},
          due_at = ${c.due_at}, step_due_at = ${c.step_due_at}, appointment_at = ${c.appointment_at},
          completed_at = ${c.completed_at}, timeliness = ${c.timeliness}, state = ${json(state)},
          handling_agency = ${extra.handling_agency}, step_role = ${extra.step_role},
          lookup_checks = coalesce(${extra.lookup_checks === undefined ? null : textArray(extra.lookup_checks)}, lookup_checks),
          version = version + 1, updated_at = ${now}
        where id = ${id} and version = ${expectedVersion}`.execute(tx);
      return Number(r.numAffectedRows ?? 0) === 1;
    },

    /**
     * A new dossier in one statement: the row (already in its state after submission or counter
     * reception), its history rows and its fees — and, with `claim`, the answer stored on the
     * Idempotency-Key this submission claimed, if the claim is still its own (its dossier id, still
     * pending: the answer clears the claimant). One round trip instead of
     * one per row. false = the claim was taken over meanwhile: the caller must roll back.
     */
    async insertSubmission(
      tx: Db,
      row: Omit<DossierRow, 'updated_at'>,
      history: readonly HistoryEntry[],
      actorName: string | null,
      fees: readonly FeeRow[],
      claim?: { account: string; key: string; response: unknown },
    ): Promise<boolean> {
      const state = row.state;
      const c = DOSSIER_COLUMNS_FROM_STATE(state);
      const r = await sql<{ claimed: number }>`
        with d as (
          insert into dossier.dossier (
            id, code, process_id, process_version, procedure_code, procedure_name, receiving_agency, handling_agency,
            status, step_id, step_role, assignee_id, co_handler_ids, applicant_account, applicant_name, applicant_key,
            applicant, form_data, channel, lookup_checks, state, submitted_at, received_at, due_at, step_due_at,
            appointment_at, completed_at, timeliness, version, created_at, updated_at)
          values (
            ${row.id}, ${c.code}, ${row.process_id}, ${row.process_version}, ${row.procedure_code}, ${row.procedure_name},
            ${row.receiving_agency}, ${row.handling_agency}, ${c.status}, ${c.step_id}, ${row.step_role}, ${c.assignee_id},
            ${textArray(c.co_handler_ids)}, ${row.applicant_account}, ${row.applicant_name}, ${row.applicant_key},
            ${json(row.applicant)}, ${json(row.form_data)}, ${row.channel}, ${textArray(row.lookup_checks)}, ${json(state)},
            ${c.submitted_at}, ${c.received_at}, ${c.due_at}, ${c.step_due_at}, ${c.appointment_at}, ${c.completed_at},
            ${c.timeliness}, ${row.version}, ${row.created_at}, ${row.created_at})
          returning id),
        h as (${historyInsert(sql`d`, history, actorName)}),
        f as (
          insert into dossier.fee (id, dossier_id, kind, description, amount_vnd, status, payment_id, paid_at)
          select (x->>'id')::uuid, d.id, x->>'kind', x->>'description', (x->>'amount_vnd')::numeric, x->>'status', null, null
          from d, jsonb_array_elements(${json(fees)}) as x),
        i as (
          update dossier.idempotency set response = ${json(claim?.response ?? null)}, claimant_boot = null,
            claimant_pid = null, claimant_started = null, claimed_at = null
          where ${claim !== undefined} and account = ${claim?.account ?? null} and key = ${claim?.key ?? null}
            and dossier_id = ${row.id} and claimant_boot is not null
          returning 1)
        select count(*)::int4 as claimed from i`.execute(tx);
      return claim === undefined || r.rows[0]!.claimed === 1;
    },

    /**
     * Writes an applied action in one statement: the new state if the row is still at
     * `expectedVersion`, and its history rows only then. false = somebody changed it first
     * (nothing written).
     */
    async advanceDossier(
      tx: Db,
      id: string,
      expectedVersion: number,
      state: DossierState,
      extra: { handling_agency: string; step_role: string; lookup_checks?: string[]; applicant_key?: string },
      now: Date,
      history: readonly HistoryEntry[],
      actorName: string | null,
    ): Promise<boolean> {
      const c = DOSSIER_COLUMNS_FROM_STATE(state);
      const r = await sql<{ n: number }>`
        with u as (
          update dossier.dossier set
            code = ${c.code}, status = ${c.status}, step_id = ${c.step_id}, assignee_id = ${c.assignee_id},
            co_handler_ids = ${textArray(c.co_handler_ids)}, submitted_at = ${c.submitted_at}, received_at = ${c.received_at},
            due_at = ${c.due_at}, step_due_at = ${c.step_due_at}, appointment_at = ${c.appointment_at},
            completed_at = ${c.completed_at}, timeliness = ${c.timeliness}, state = ${json(state)},
            handling_agency = ${extra.handling_agency}, step_role = ${extra.step_role},
            lookup_checks = coalesce(${extra.lookup_checks === undefined ? null : textArray(extra.lookup_checks)}, lookup_checks),
            applicant_key = coalesce(${extra.applicant_key ?? null}::text, applicant_key),
            version = version + 1, updated_at = ${now}
          where id = ${id} and version = ${expectedVersion}
          returning id),
        h as (${historyInsert(sql`u`, history, actorName)})
        select count(*)::int8 as n from u`.execute(tx);
      return r.rows[0]!.n === 1;
    },

    async getDossier(id: string, tx: Db = db): Promise<DossierRow | undefined> {
      const r = await sql<DossierRow>`select * from dossier.dossier where id = ${id}`.execute(tx);
      return r.rows[0];
    },

    async getDossierForUpdate(tx: Db, id: string): Promise<DossierRow | undefined> {
      const r = await sql<DossierRow>`select * from dossier.dossier where id = ${id} for update`.execute(tx);
      return r.rows[0];
    },

    /** The dossier with its fees and components, in one round trip (views and guard facts need all three). */
    async getDossierWithParts(
      id: string,
    ): Promise<{ row: DossierRow; fees: FeeRow[]; components: ComponentRow[]; results: ResultFileRow[] } | undefined> {
      const r = await sql<
        DossierRow & { parts_fees: RawFee[]; parts_components: RawComponent[]; parts_results: RawResultFile[] }
      >`
        select d.*,
          coalesce((
            select jsonb_agg(jsonb_build_object(
              'id', f.id, 'dossier_id', f.dossier_id, 'kind', f.kind, 'description', f.description,
              'amount_vnd', f.amount_vnd::text, 'status', f.status, 'payment_id', f.payment_id, 'paid_at', f.paid_at)
              order by f.id)
            from dossier.fee f where f.dossier_id = d.id), '[]'::jsonb) as parts_fees,
          coalesce((
            select jsonb_agg(jsonb_build_object(
              'dossier_id', c.dossier_id, 'idx', c.idx, 'seq', c.seq, 'sha256', c.sha256, 'size', c.size, 'mime', c.mime,
              'file_name', c.file_name, 'supersedes', c.supersedes, 'uploaded_by', c.uploaded_by,
              'uploaded_at', c.uploaded_at)
              order by c.idx, c.seq)
            from dossier.component c where c.dossier_id = d.id), '[]'::jsonb) as parts_components,
          coalesce((
            select jsonb_agg(jsonb_build_object(
              'id', x.id, 'dossier_id', x.dossier_id, 'sha256', x.sha256, 'size', x.size, 'mime', x.mime,
              'file_name', x.file_name, 'uploaded_by', x.uploaded_by, 'uploaded_at', x.uploaded_at)
              order by x.uploaded_at, x.id)
            from dossier.result_file x where x.dossier_id = d.id), '[]'::jsonb) as parts_results
        from dossier.dossier d where d.id = ${id}`.execute(db);
      const found = r.rows[0];
      if (!found) return undefined;
      const { parts_fees, parts_components, parts_results, ...row } = found;
      return {
        row,
        results: parts_results.map((x) => ({ ...x, size: Number(x.size), uploaded_at: new Date(x.uploaded_at) })),
        fees: parts_fees.map((f) => ({ ...f, paid_at: f.paid_at === null ? null : new Date(f.paid_at) })),
        components: parts_components.map((c) => ({ ...c, size: Number(c.size), uploaded_at: new Date(c.uploaded_at) })),
      };
    },

    async listDossiers(visibility: VisibilityFilter, f: ListFilter): Promise<{ items: DossierRow[]; total: number }> {
      const where = [visibilityClause(visibility)];
      if (f.status && f.status.length > 0) where.push(sql`status = any(${textArray(f.status)})`);
      if (f.handlingAgencies) where.push(sql`handling_agency = any(${textArray(f.handlingAgencies)})`);
      if (f.receivingAgency) where.push(sql`receiving_agency = ${f.receivingAgency}`);
      if (f.procedure) where.push(sql`procedure_code = ${f.procedure}`);
      if (f.assignee) where.push(sql`assignee_id = ${f.assignee}`);
      if (f.unassigned) where.push(sql`assignee_id is null`);
      if (f.process) where.push(sql`process_id = ${f.process}`);
      if (f.step) where.push(sql`step_id = ${f.step}`);
      if (f.dueFrom) where.push(sql`due_at >= ${f.dueFrom}`);
      if (f.dueTo) where.push(sql`due_at <= ${f.dueTo}`);
      if (f.q) {
        const like = `%${f.q.replace(/[\\%_]/g, '\\$&')}%`;
        where.push(sql`(applicant_key like ${like} or lower(coalesce(code, '')) like ${like})`);
      }
      const cond = sql.join(where, sql` and `);
      const order =
        f.sort === 'submittedAt'
          ? sql`submitted_at desc nulls last, created_at desc, id desc`
          : f.sort === 'createdAt'
            ? sql`created_at desc, id desc`
            : sql`coalesce(due_at, created_at) asc, id asc`;
      const [items, total] = await Promise.all([
        sql<DossierRow>`
          select * from dossier.dossier where ${cond}
          order by ${order} limit ${f.limit} offset ${f.offset}`.execute(db),
        sql<{ n: number }>`select count(*)::int8 as n from dossier.dossier where ${cond}`.execute(db),
      ]);
      return { items: items.rows, total: total.rows[0]!.n };
    },

    // --- history -------------------------------------------------------------------------
    async history(dossierId: string): Promise<HistoryRow[]> {
      const r = await sql<HistoryRow>`
        select * from dossier.history where dossier_id = ${dossierId} order by seq`.execute(db);
      return r.rows;
    },

    // --- codes and idempotency -----------------------------------------------------------
    /**
     * The next number of the day for this agency: one upsert, unique under any concurrency.
     *
     * Run on its own (autocommit, never inside a dossier's transaction), it commits
     * asynchronously (`synchronous_commit = off`, local to this statement's implicit transaction):
     * the (agency, day) row lock is then held for the statement only, not for a WAL flush, which
     * is what every submission to one desk queued on. Nothing is lost that matters: the dossier
     * that uses the number commits afterwards with a synchronous commit, and flushing its commit
     * record flushes all WAL before it, this increment included. After a crash only numbers no
     * committed dossier carries can be handed out again.
     */
    async nextSequence(tx: Db, agency: string, day: string): Promise<number> {
      const r = await sql<{ last: number }>`
        insert into dossier.code_sequence (agency, day, last)
        select ${agency}, ${day}::date, 1 from (select set_config('synchronous_commit', 'off', true)) as async_commit
        on conflict (agency, day) do update set last = dossier.code_sequence.last + 1
        returning last`.execute(tx);
      return r.rows[0]!.last;
    },

    async findIdempotency(account: string, key: string, tx: Db = db): Promise<IdempotencyRow | undefined> {
      const r = await sql<IdempotencyRow>`
        select request_hash, dossier_id::text as dossier_id, response, claimant_boot is not null as pending
        from dossier.idempotency where account = ${account} and key = ${key}`.execute(tx);
      return r.rows[0];
    },

    /**
     * Claims the key for a submission about to take its number (ARCHITECTURE.md, deviation 10):
     * a row with an empty answer naming the claimant — this process's boot id and the database
     * session that runs this statement (pid and start time: the session ends when its node dies).
     * Autocommit, one statement, committed asynchronously like nextSequence (same reasoning: the
     * dossier's own synchronous commit flushes this row with it; a claim lost in a crash of
     * PostgreSQL belonged to a submission that never committed). false = already claimed or answered.
     */
    async claimIdempotency(row: {
      account: string;
      key: string;
      requestHash: string;
      dossierId: string;
      boot: string;
      now: Date;
    }): Promise<boolean> {
      const r = await sql`
        insert into dossier.idempotency
          (account, key, request_hash, dossier_id, response, created_at,
           claimant_boot, claimant_pid, claimant_started, claimed_at)
        select ${row.account}, ${row.key}, ${row.requestHash}, ${row.dossierId}, '{}'::jsonb, ${row.now},
               ${row.boot}, pg_backend_pid(),
               (select backend_start from pg_stat_activity where pid = pg_backend_pid()), clock_timestamp()
        from (select set_config('synchronous_commit', 'off', true)) as async_commit
        on conflict (account, key) do nothing`.execute(db);
      return Number(r.numAffectedRows ?? 0) === 1;
    },

    /**
     * Takes over a claim whose owner is gone: its database session no longer exists (its node was
     * killed or restarted), or it is older than `leaseMs` (an owner that is alive but lost track
     * of it). One statement, so two retries cannot both take it; an owner that is in fact alive
     * then fails to complete it (insertSubmission matches the claim's dossier id) and rolls back.
     */
    async takeOverIdempotency(
      row: { account: string; key: string; requestHash: string; dossierId: string; boot: string },
      leaseMs: number,
    ): Promise<boolean> {
      const r = await sql`
        update dossier.idempotency i set
          dossier_id = ${row.dossierId}, claimant_boot = ${row.boot}, claimant_pid = pg_backend_pid(),
          claimant_started = (select backend_start from pg_stat_activity where pid = pg_backend_pid()),
          claimed_at = clock_timestamp()
        where i.account = ${row.account} and i.key = ${row.key} and i.request_hash = ${row.requestHash}
          and i.claimant_boot is not null
          and (i.claimed_at < clock_timestamp() - make_interval(secs => ${leaseMs / 1000})
               or not exists (
                 select 1 from pg_stat_activity a
                 where a.pid = i.claimant_pid and a.backend_start = i.claimant_started))`.execute(db);
      return Number(r.numAffectedRows ?? 0) === 1;
    },

    /** Gives back a claim whose submission failed, so a retry need not wait for a takeover. */
    async releaseIdempotency(account: string, key: string, dossierId: string): Promise<void> {
      await sql`
        delete from dossier.idempotency
        where account = ${account} and key = ${key} and dossier_id = ${dossierId} and claimant_boot is not null`.execute(
        db,
      );
    },

    /**
     * Deletes a draft and its rows if it is still a draft without history; false otherwise. The
     * row is locked first, so a concurrent `submit` either went first (not a draft any more) or
     * waits and then finds no dossier.
     */
    async deleteDraft(tx: Db, id: string): Promise<boolean> {
      const locked = await sql<{ id: string }>`
        select id from dossier.dossier d where id = ${id} and status = 'draft'
          and not exists (select 1 from dossier.history h where h.dossier_id = d.id)
          and not exists (select 1 from dossier.payment p where p.dossier_id = d.id)
        for update`.execute(tx);
      if (locked.rows.length === 0) return false;
      await sql`delete from dossier.component where dossier_id = ${id}`.execute(tx);
      await sql`delete from dossier.fee where dossier_id = ${id}`.execute(tx);
      await sql`delete from dossier.result_file where dossier_id = ${id}`.execute(tx);
      await sql`delete from dossier.idempotency where dossier_id = ${id}`.execute(tx);
      await sql`delete from dossier.dossier where id = ${id}`.execute(tx);
      return true;
    },

    // --- result documents ----------------------------------------------------------------
    async insertResultFile(tx: Db, row: ResultFileRow): Promise<void> {
      await sql`
        insert into dossier.result_file (id, dossier_id, sha256, size, mime, file_name, uploaded_by, uploaded_at)
        values (${row.id}, ${row.dossier_id}, ${row.sha256}, ${row.size}, ${row.mime}, ${row.file_name},
                ${row.uploaded_by}, ${row.uploaded_at})`.execute(tx);
    },

    async resultFiles(dossierId: string, tx: Db = db): Promise<ResultFileRow[]> {
      const r = await sql<ResultFileRow>`
        select id::text as id, dossier_id::text as dossier_id, sha256, size, mime, file_name, uploaded_by, uploaded_at
        from dossier.result_file where dossier_id = ${dossierId} order by uploaded_at, id`.execute(tx);
      return r.rows.map((x) => ({ ...x, size: Number(x.size) }));
    },

    // --- components ----------------------------------------------------------------------
    async components(dossierId: string, tx: Db = db): Promise<ComponentRow[]> {
      const r = await sql<ComponentRow>`
        select * from dossier.component where dossier_id = ${dossierId} order by idx, seq`.execute(tx);
      return r.rows;
    },

    async insertComponent(tx: Db, row: Omit<ComponentRow, 'seq' | 'supersedes'>): Promise<ComponentRow> {
      const r = await sql<ComponentRow>`
        insert into dossier.component (dossier_id, idx, seq, sha256, size, mime, file_name, supersedes, uploaded_by, uploaded_at)
        select ${row.dossier_id}, ${row.idx}, coalesce(max(seq), 0) + 1, ${row.sha256}, ${row.size}, ${row.mime},
               ${row.file_name}, max(seq), ${row.uploaded_by}, ${row.uploaded_at}
        from dossier.component where dossier_id = ${row.dossier_id} and idx = ${row.idx}
        returning *`.execute(tx);
      return r.rows[0]!;
    },

    // --- fees and payments ---------------------------------------------------------------
    async fees(dossierId: string, tx: Db = db): Promise<FeeRow[]> {
      const r = await sql<FeeRow>`select * from dossier.fee where dossier_id = ${dossierId} order by id`.execute(tx);
      return r.rows;
    },

    async insertPayment(tx: Db, row: PaymentRow): Promise<void> {
      await sql`
        insert into dossier.payment (id, dossier_id, amount_vnd, status, gateway, transaction_no, created_at, completed_at)
        values (${row.id}, ${row.dossier_id}, ${row.amount_vnd}, ${row.status}, ${row.gateway}, null, ${row.created_at}, null)`.execute(
        tx,
      );
    },

    async getPayment(id: string, tx: Db = db): Promise<PaymentRow | undefined> {
      const r = await sql<PaymentRow>`select * from dossier.payment where id = ${id}`.execute(tx);
      return r.rows[0];
    },

    async lockPayment(tx: Db, id: string): Promise<PaymentRow | undefined> {
      const r = await sql<PaymentRow>`select * from dossier.payment where id = ${id} for update`.execute(tx);
      return r.rows[0];
    },

    async payments(dossierId: string): Promise<PaymentRow[]> {
      const r = await sql<PaymentRow>`
        select * from dossier.payment where dossier_id = ${dossierId} order by created_at`.execute(db);
      return r.rows;
    },

    async recordCallback(
      tx: Db,
      paymentId: string,
      transactionNo: string,
      status: string,
      now: Date,
    ): Promise<boolean> {
      const r = await sql`
        insert into dossier.payment_callback (payment_id, transaction_no, status, received_at)
        values (${paymentId}, ${transactionNo}, ${status}, ${now}) on conflict do nothing`.execute(tx);
      return Number(r.numAffectedRows ?? 0) === 1;
    },

    async completePayment(
      tx: Db,
      id: string,
      status: 'paid' | 'failed',
      transactionNo: string,
      now: Date,
    ): Promise<void> {
      await sql`
        update dossier.payment set status = ${status}, transaction_no = ${transactionNo}, completed_at = ${now}
        where id = ${id} and status = 'pending'`.execute(tx);
      if (status === 'paid') {
        await sql`
          update dossier.fee set status = 'paid', payment_id = ${id}, paid_at = ${now}
          where dossier_id = (select dossier_id from dossier.payment where id = ${id}) and status = 'unpaid'`.execute(
          tx,
        );
      }
    },

    // --- rate limit, notifications, secrets ------------------------------------------------
    /**
     * The public lookup, for a batch of requests in one statement (dossier.lookup.ts): adds the
     * batch's attempts to their rate-limit buckets of the current window (returning each bucket's
     * count after the batch) and reads the public part of the dossiers with these codes. Buckets
     * are upserted in sorted order, so two batches never wait for each other in a cycle.
     *
     * The statement commits asynchronously (`synchronous_commit = off` for its own implicit
     * transaction): the counts are rate-limit state, not records, so the batch does not wait for a
     * WAL flush. A crash of PostgreSQL can forget at most the last fraction of a second of
     * attempts (the WAL writer flushes within 3 × wal_writer_delay, 600 ms by default); nothing
     * else is written here.
     */
    async lookupBatch(
      attempts: readonly { bucket: string; n: number }[],
      windowStart: Date,
      codes: readonly string[],
    ): Promise<{ counts: Map<string, number>; dossiers: PublicDossierRow[] }> {
      const sorted = [...attempts].sort((a, b) => (a.bucket < b.bucket ? -1 : a.bucket > b.bucket ? 1 : 0));
      const r = await sql<{ bucket: string | null; count: number | null; doc: PublicDossierJson | null }>`
        with up as (
          insert into dossier.lookup_attempt (bucket, window_start, count)
          select b.bucket, ${windowStart}, b.n
          from unnest(${textArray(sorted.map((a) => a.bucket))}, ${sorted.map((a) => a.n)}::int4[]) with ordinality
            as b(bucket, n, ord),
            (select set_config('synchronous_commit', 'off', true)) as async_commit
          order by b.ord
          on conflict (bucket, window_start) do update set count = dossier.lookup_attempt.count + excluded.count
          returning bucket, count)
        select up.bucket, up.count, null::jsonb as doc from up
        union all
        select null, null, jsonb_build_object(
          'code', d.code, 'lookup_checks', to_jsonb(d.lookup_checks), 'procedure_code', d.procedure_code,
          'procedure_name', d.procedure_name, 'process_id', d.process_id, 'process_version', d.process_version,
          'status', d.status, 'submitted_at', d.submitted_at, 'received_at', d.received_at,
          'appointment_at', d.appointment_at, 'completed_at', d.completed_at, 'timeliness', d.timeliness,
          'history', coalesce((select jsonb_agg(h.entry order by h.seq) from dossier.history h where h.dossier_id = d.id),
                              '[]'::jsonb))
        from dossier.dossier d where d.code = any(${textArray(codes)})`.execute(db);
      const counts = new Map<string, number>();
      const dossiers: PublicDossierRow[] = [];
      const at = (v: string | null) => (v === null ? null : new Date(v));
      for (const x of r.rows) {
        if (x.doc === null) counts.set(x.bucket!, x.count!);
        else {
          dossiers.push({
            ...x.doc,
            submitted_at: at(x.doc.submitted_at),
            received_at: at(x.doc.received_at),
            appointment_at: at(x.doc.appointment_at),
            completed_at: at(x.doc.completed_at),
          });
        }
      }
      return { counts, dossiers };
    },

    /** Rate-limit rows of windows that have ended (the cleanup job, dossier.jobs.ts). */
    async deleteLookupAttemptsBefore(tx: Db, windowStartAtMost: Date): Promise<number> {
      const r = await sql`delete from dossier.lookup_attempt where window_start <= ${windowStartAtMost}`.execute(tx);
      return Number(r.numAffectedRows ?? 0);
    },

    async insertNotification(
      tx: Db,
      row: {
        id: string;
        dossier_id: string;
        kind: 'reminder' | 'overdue' | 'step_overdue';
        /** The step a step_overdue notification is about ('' for the dossier's own due instant). */
        step_id?: string;
        due_at: Date;
        recipient_agency: string;
        recipient_role: string;
        recipient_account: string | null;
        message: string;
        created_at: Date;
      },
    ): Promise<boolean> {
      const r = await sql`
        insert into dossier.notification
          (id, dossier_id, kind, step_id, due_at, recipient_agency, recipient_role, recipient_account, message, created_at)
        values (${row.id}, ${row.dossier_id}, ${row.kind}, ${row.step_id ?? ''}, ${row.due_at}, ${row.recipient_agency},
                ${row.recipient_role}, ${row.recipient_account}, ${row.message}, ${row.created_at})
        on conflict (dossier_id, kind, step_id, due_at) do nothing`.execute(tx);
      return Number(r.numAffectedRows ?? 0) === 1;
    },

    async notifications(dossierId: string): Promise<{ kind: string; due_at: Date; recipient_agency: string }[]> {
      const r = await sql<{ kind: string; due_at: Date; recipient_agency: string }>`
        select kind, due_at, recipient_agency from dossier.notification where dossier_id = ${dossierId} order by created_at`.execute(
        db,
      );
      return r.rows;
    },

    async countByStatus(): Promise<Record<string, number>> {
      const r = await sql<{ status: string; n: number }>`
        select status, count(*)::int8 as n from dossier.dossier group by status`.execute(db);
      return Object.fromEntries(r.rows.map((x) => [x.status, x.n]));
    },
  };
}

/**
 * The visibility rule of dossier.policy.ts as SQL, for the list here and the office queues
 * (dossier.queues.ts). `alias`: the dossier table's alias in the caller's query, if any.
 */
export function visibilityClause(v: VisibilityFilter, alias?: string) {
  if (v.all) return sql`true`;
  const c = (column: string) => sql.ref(alias ? `${alias}.${column}` : column);
  const parts = [
    sql`${c('applicant_account')} = ${v.accountId}`,
    sql`${c('assignee_id')} = ${v.accountId}`,
    sql`${v.accountId} = any(${c('co_handler_ids')})`,
  ];
  if (v.leaderAgencies.length > 0) parts.push(sql`${c('handling_agency')} = any(${textArray(v.leaderAgencies)})`);
  if (v.oneStopAgencies.length > 0) parts.push(sql`${c('receiving_agency')} = any(${textArray(v.oneStopAgencies)})`);
  for (const q of v.queue) {
    if (q.all) parts.push(sql`(${c('assignee_id')} is null and ${c('step_role')} = ${q.role})`);
    else if (q.agencies.length > 0) {
      parts.push(
        sql`(${c('assignee_id')} is null and ${c('step_role')} = ${q.role} and ${c('handling_agency')} = any(${textArray(q.agencies)}))`,
      );
    }
  }
  return sql`(${sql.join(parts, sql` or `)})`;
}

export type DossierRepository = ReturnType<typeof dossierRepository>;
