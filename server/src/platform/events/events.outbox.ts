/**
 * Transactional outbox. A module publishes an event by inserting it into platform.outbox inside
 * the same transaction as the change it describes: if the change commits, the event exists; if
 * it rolls back, the event never existed. The dispatcher delivers committed events afterwards.
 */
import { type RawBuilder, sql, type Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Clock } from '../clock/index.ts';

export interface DomainEvent<P = Record<string, unknown>> {
  id: string;
  seq: number;
  module: string;
  /** "<entity>.<verb>", e.g. "dossier.submitted"; the NATS subject is tinhso.<module>.<type>. */
  type: string;
  payload: P;
  occurredAt: Date;
}

export interface NewEvent<P = Record<string, unknown>> {
  module: string;
  type: string;
  payload: P;
}

const NAME = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;

/** An event as published inside a change, not yet written: its id, instant and payload as they were then. */
export interface PendingEvent {
  id: string;
  module: string;
  type: string;
  /** The payload's JSON, taken when it was published (a later change to the object is not the event). */
  payloadJson: string;
  occurredAt: Date;
}

/** Checks the event's names and fixes its id, instant and payload; nothing is written yet. */
export function pendingEvent(clock: Clock, event: NewEvent): PendingEvent {
  if (!NAME.test(event.module) || !NAME.test(event.type)) {
    throw new Error(`Tên sự kiện không hợp lệ: ${event.module}/${event.type}`);
  }
  return {
    id: uuidv7(),
    module: event.module,
    type: event.type,
    payloadJson: JSON.stringify(event.payload),
    occurredAt: clock.now(),
  };
}

/**
 * Writes events in one statement, in the order given: the outbox's `seq` (a sequence default)
 * is drawn row by row in VALUES order, so delivery order is publication order.
 */
export async function insertEvents(tx: Transaction<any>, events: readonly PendingEvent[]): Promise<void> {
  if (events.length === 0) return;
  await insertEventsStatement(events).execute(tx);
}

/** The statement of insertEvents, for a caller that sends it within another (as a CTE). `events` must not be empty. */
export function insertEventsStatement(events: readonly PendingEvent[]): RawBuilder<unknown> {
  const values = events.map(
    (e) => sql`(${e.id}, ${e.module}, ${e.type}, ${e.payloadJson}::jsonb, ${e.occurredAt}, ${e.occurredAt})`,
  );
  return sql`
    insert into platform.outbox (id, module, type, payload, occurred_at, next_attempt_at)
    values ${sql.join(values)}`;
}

export async function insertEvent(tx: Transaction<any>, clock: Clock, event: NewEvent): Promise<string> {
  const pending = pendingEvent(clock, event);
  await insertEvents(tx, [pending]);
  return pending.id;
}

export function subjectOf(event: Pick<DomainEvent, 'module' | 'type'>): string {
  return `tinhso.${event.module}.${event.type}`;
}
