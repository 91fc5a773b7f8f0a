/**
 * Delivers committed outbox events at least once, to in-process consumers and to NATS.
 *
 * Claiming uses a lease (claimed_by / claimed_until) instead of a long transaction: PGlite has a
 * single connection, so a transaction held open while consumers run their own transactions would
 * deadlock; on PostgreSQL the lease lets several nodes share the work, and a crashed node's lease
 * simply expires. Each consumer runs in its own transaction that also inserts
 * (consumer, event id) into platform.event_receipt: a redelivered event is skipped, so each
 * effect is applied once.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { Clock } from '../clock/index.ts';
import type { NatsRelay } from './events.nats.ts';
import type { DomainEvent } from './events.outbox.ts';

export type EventHandler = (event: DomainEvent, tx: Transaction<any>) => Promise<void>;

export interface Subscription {
  /** Stable consumer name: the idempotency key together with the event id. */
  consumer: string;
  /** Exact "<module>.<type>" or a prefix ending in ".*" (e.g. "dossier.*"), or "*". */
  pattern: string;
  handler: EventHandler;
}

interface OutboxRow {
  id: string;
  seq: number;
  module: string;
  type: string;
  payload: Record<string, unknown>;
  occurred_at: Date;
  attempts: number;
}

export interface DispatcherOptions {
  db: Kysely<any>;
  clock: Clock;
  logger: Logger;
  nodeId: string;
  nats: NatsRelay | undefined;
  batchSize?: number;
  leaseMs?: number;
}

function matches(pattern: string, event: Pick<DomainEvent, 'module' | 'type'>): boolean {
  const name = `${event.module}.${event.type}`;
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return name.startsWith(pattern.slice(0, -1));
  return name === pattern;
}

/** Delay before retry n (1-based): 1 s, 2 s, 4 s … capped at 10 minutes. */
export function retryDelayMs(attempt: number): number {
  return Math.min(1000 * 2 ** Math.max(0, attempt - 1), 10 * 60 * 1000);
}

function toEvent(row: OutboxRow): DomainEvent {
  return {
    id: row.id,
    seq: row.seq,
    module: row.module,
    type: row.type,
    payload: row.payload,
    occurredAt: row.occurred_at,
  };
}

export class Dispatcher {
  readonly #o: Required<Omit<DispatcherOptions, 'nats'>> & { nats: NatsRelay | undefined };
  readonly #subs: Subscription[] = [];

  constructor(options: DispatcherOptions) {
    this.#o = { batchSize: 100, leaseMs: 60_000, ...options };
  }

  subscribe(sub: Subscription): void {
    if (this.#subs.some((s) => s.consumer === sub.consumer)) {
      throw new Error(`Trùng tên bộ tiêu thụ sự kiện: ${sub.consumer}`);
    }
    this.#subs.push(sub);
  }

  /**
   * Claims and delivers one batch. Returns the number of events claimed.
   *
   * The batch is published to NATS in one pipeline (JetStream acks awaited together; the stream
   * keeps the order the messages were sent in) and the delivered events are marked with one
   * UPDATE: marking each event on its own made the dispatcher fall behind a sustained write load
   * (bench/RESULTS.md, issue 2 note). A crash between delivery and the mark redelivers the
   * batch: NATS drops duplicates by Nats-Msg-Id and consumers by their receipts.
   */
  async runOnce(): Promise<number> {
    const { db, clock, nodeId, batchSize, leaseMs, nats } = this.#o;
    const now = clock.now();
    const claimed = await sql<OutboxRow>`
      update platform.outbox set claimed_by = ${nodeId}, claimed_until = ${new Date(now.getTime() + leaseMs)}
      where id in (
        select id from platform.outbox
        where delivered_at is null and next_attempt_at <= ${now}
          and (claimed_until is null or claimed_until < ${now})
        order by seq limit ${batchSize}
        for update skip locked)
      returning id, seq, module, type, payload, occurred_at, attempts`.execute(db);
    const rows = [...claimed.rows].sort((a, b) => a.seq - b.seq);
    if (rows.length === 0) return 0;
    const events = rows.map(toEvent);
    const published = nats
      ? await Promise.allSettled(events.map((e) => nats.publish(e)))
      : events.map(() => ({ status: 'fulfilled' as const, value: undefined }));
    const delivered: string[] = [];
    for (const [i, row] of rows.entries()) {
      const outcome = published[i]!;
      try {
        if (outcome.status === 'rejected') throw outcome.reason;
        await this.#consume(events[i]!);
        delivered.push(row.id);
      } catch (err) {
        await this.#failed(row, err);
      }
    }
    if (delivered.length > 0) {
      await sql`
        update platform.outbox set delivered_at = ${clock.now()}, claimed_by = null, claimed_until = null,
          attempts = attempts + 1, last_error = null
        where id in (${sql.join(delivered)}) and claimed_by = ${nodeId}`.execute(db);
    }
    return rows.length;
  }

  /** Runs every matching consumer in its own transaction with its receipt (applied once). */
  async #consume(event: DomainEvent): Promise<void> {
    const { db, clock } = this.#o;
    for (const sub of this.#subs) {
      if (!matches(sub.pattern, event)) continue;
      await db.transaction().execute(async (tx) => {
        const receipt = await sql`
          insert into platform.event_receipt (consumer, event_id, processed_at)
          values (${sub.consumer}, ${event.id}, ${clock.now()})
          on conflict do nothing`.execute(tx);
        if (Number(receipt.numAffectedRows ?? 0) === 0) return; // already applied
        await sub.handler(event, tx);
      });
    }
  }

  async #failed(row: OutboxRow, err: unknown): Promise<void> {
    const { db, clock, nodeId, logger } = this.#o;
    const attempt = row.attempts + 1;
    logger.warn({ err, eventId: row.id, type: row.type, attempt }, 'giao sự kiện thất bại, sẽ thử lại');
    await sql`
      update platform.outbox set attempts = ${attempt}, last_error = ${String(err).slice(0, 2000)},
        next_attempt_at = ${new Date(clock.now().getTime() + retryDelayMs(attempt))},
        claimed_by = null, claimed_until = null
      where id = ${row.id} and claimed_by = ${nodeId}`.execute(db);
  }

  /** Events committed but not yet delivered (for /metrics and /readyz). */
  async backlog(): Promise<{ pending: number; oldestAgeMs: number | null }> {
    const r = await sql<{ pending: number; oldest: Date | null }>`
      select count(*)::int8 as pending, min(occurred_at) as oldest from platform.outbox where delivered_at is null`.execute(
      this.#o.db,
    );
    const row = r.rows[0]!;
    return {
      pending: row.pending,
      oldestAgeMs: row.oldest ? this.#o.clock.now().getTime() - row.oldest.getTime() : null,
    };
  }
}
