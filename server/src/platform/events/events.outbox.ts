/**
 * Transactional outbox. A module publishes an event by inserting it into platform.outbox inside
 * the same transaction as the change it describes: if the change commits, the event exists; if
 * it rolls back, the event never existed. The dispatcher delivers committed events afterwards.
 */
import { sql, type Transaction } from 'kysely';
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

export async function insertEvent(tx: Transaction<any>, clock: Clock, event: NewEvent): Promise<string> {
  if (!NAME.test(event.module) || !NAME.test(event.type)) {
    throw new Error(`Tên sự kiện không hợp lệ: ${event.module}/${event.type}`);
  }
  const id = uuidv7();
  const now = clock.now();
  await sql`
    insert into platform.outbox (id, module, type, payload, occurred_at, next_attempt_at)
    values (${id}, ${event.module}, ${event.type}, ${JSON.stringify(event.payload)}::jsonb, ${now}, ${now})`.execute(
    tx,
  );
  return id;
}

export function subjectOf(event: Pick<DomainEvent, 'module' | 'type'>): string {
  return `tinhso.${event.module}.${event.type}`;
}
