/**
 * Run-at-time jobs stored in the database: deadline reminders, escalations, sync retries.
 * See docs/decisions/0001-jobs-queue.md for why this is a small table and not pg-boss.
 *
 * A job is claimed with a lease (FOR UPDATE SKIP LOCKED, so nodes never claim the same row),
 * then its handler runs in a transaction that also marks the job done — only if this node still
 * holds the lease. The handler's database effects and the completion commit together: a job
 * whose node dies mid-way is retried after its lease expires and its half-done effects were
 * rolled back, so database effects happen exactly once. Effects outside the database (e-mail,
 * calls to national systems) are at-least-once and must be idempotent.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Logger } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import type { Clock } from '../clock/index.ts';

export interface Job<P = Record<string, unknown>> {
  id: string;
  name: string;
  payload: P;
  runAt: Date;
  attempts: number;
  maxAttempts: number;
}

export type JobHandler<P = any> = (job: Job<P>, tx: Transaction<any>) => Promise<void>;

export interface NewJob<P = Record<string, unknown>> {
  name: string;
  payload: P;
  runAt: Date;
  maxAttempts?: number;
  /** At most one live job per key (e.g. "reminder:<dossier id>:<step>"); a second schedule is ignored. */
  singletonKey?: string;
}

interface JobRow {
  id: string;
  name: string;
  payload: Record<string, unknown>;
  run_at: Date;
  attempts: number;
  max_attempts: number;
}

/** Backoff before retry n (1-based): 5 s, 10 s, 20 s … capped at one hour, with ±20 % jitter. */
export function jobBackoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(5000 * 2 ** Math.max(0, attempt - 1), 3_600_000);
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** Schedules a job inside the caller's transaction: the change and its timer commit together. */
export async function scheduleJob(
  tx: Transaction<any> | Kysely<any>,
  clock: Clock,
  job: NewJob,
): Promise<string | null> {
  const id = uuidv7();
  const r = await sql`
    insert into platform.job (id, name, payload, run_at, status, attempts, max_attempts, singleton_key, created_at)
    values (${id}, ${job.name}, ${JSON.stringify(job.payload)}::jsonb, ${job.runAt}, 'pending', 0,
            ${job.maxAttempts ?? 5}, ${job.singletonKey ?? null}, ${clock.now()})
    on conflict (singleton_key) do nothing`.execute(tx);
  return Number(r.numAffectedRows ?? 0) === 1 ? id : null;
}

export async function cancelJobs(tx: Transaction<any> | Kysely<any>, singletonKeyPrefix: string): Promise<number> {
  const r = await sql`
    update platform.job set status = 'cancelled', singleton_key = null
    where status = 'pending' and singleton_key like ${`${singletonKeyPrefix.replace(/[\\%_]/g, '\\$&')}%`}`.execute(tx);
  return Number(r.numAffectedRows ?? 0);
}

export interface JobRunnerOptions {
  db: Kysely<any>;
  clock: Clock;
  logger: Logger;
  nodeId: string;
  batchSize?: number;
  leaseMs?: number;
}

export class JobRunner {
  readonly #o: Required<JobRunnerOptions>;
  readonly #handlers = new Map<string, JobHandler>();

  constructor(options: JobRunnerOptions) {
    this.#o = { batchSize: 10, leaseMs: 5 * 60_000, ...options };
  }

  register(name: string, handler: JobHandler): void {
    if (this.#handlers.has(name)) throw new Error(`Trùng tên loại công việc: ${name}`);
    this.#handlers.set(name, handler);
  }

  /** Claims and runs one batch of due jobs. Returns how many were claimed. */
  async runOnce(): Promise<number> {
    const { db, clock, nodeId, batchSize, leaseMs } = this.#o;
    const names = [...this.#handlers.keys()];
    if (names.length === 0) return 0;
    const now = clock.now();
    // A node claims only the jobs it has handlers for (mixed versions during a rolling update).
    const claimed = await sql<JobRow>`
      update platform.job set status = 'running', claimed_by = ${nodeId},
        claimed_until = ${new Date(now.getTime() + leaseMs)}, attempts = attempts + 1
      where id in (
        select id from platform.job
        where name in (${sql.join(names)})
          and ((status = 'pending' and run_at <= ${now}) or (status = 'running' and claimed_until < ${now}))
        order by run_at limit ${batchSize}
        for update skip locked)
      returning id, name, payload, run_at, attempts, max_attempts`.execute(db);
    for (const row of claimed.rows) await this.#run(row);
    return claimed.rows.length;
  }

  async #run(row: JobRow): Promise<void> {
    const { db, clock, nodeId, logger } = this.#o;
    const handler = this.#handlers.get(row.name)!;
    const job: Job = {
      id: row.id,
      name: row.name,
      payload: row.payload,
      runAt: row.run_at,
      attempts: row.attempts,
      maxAttempts: row.max_attempts,
    };
    try {
      await db.transaction().execute(async (tx) => {
        // Lock our own row first: if the lease was lost to another node, stop before any effect.
        const mine = await sql`
          select id from platform.job where id = ${row.id} and claimed_by = ${nodeId}
            and status = 'running' and attempts = ${row.attempts} for update`.execute(tx);
        if (mine.rows.length === 0) throw new LeaseLost();
        await handler(job, tx);
        await sql`
          update platform.job set status = 'done', finished_at = ${clock.now()}, claimed_by = null,
            claimed_until = null, last_error = null
          where id = ${row.id}`.execute(tx);
      });
    } catch (err) {
      if (err instanceof LeaseLost) {
        logger.warn({ jobId: row.id, name: row.name }, 'mất quyền giữ công việc; nút khác đã nhận');
        return;
      }
      const final = row.attempts >= row.max_attempts;
      logger.warn({ err, jobId: row.id, name: row.name, attempt: row.attempts, final }, 'công việc thất bại');
      await sql`
        update platform.job set status = ${final ? 'failed' : 'pending'},
          run_at = ${new Date(clock.now().getTime() + jobBackoffMs(row.attempts))},
          last_error = ${String(err).slice(0, 2000)}, claimed_by = null, claimed_until = null,
          finished_at = ${final ? clock.now() : null}
        where id = ${row.id} and claimed_by = ${nodeId}`.execute(db);
    }
  }

  async counts(): Promise<Record<string, number>> {
    const r = await sql<{ status: string; n: number }>`
      select status, count(*)::int8 as n from platform.job group by status`.execute(this.#o.db);
    return Object.fromEntries(r.rows.map((x) => [x.status, x.n]));
  }
}

class LeaseLost extends Error {}
