/**
 * Relay of outbox events to NATS JetStream (when NATS_URL is set). JetStream is a transport, not
 * a record (ARCHITECTURE.md, "Durability"): the outbox stays the source of truth, every message
 * carries the outbox id as Nats-Msg-Id so JetStream drops duplicates within its window and
 * consumers can deduplicate beyond it.
 */
import { connect, headers, type JetStreamClient, type NatsConnection, RetentionPolicy, StorageType } from 'nats';
import { type DomainEvent, subjectOf } from './events.outbox.ts';

export const STREAM_NAME = 'TINHSO';

export interface NatsRelay {
  publish(event: DomainEvent): Promise<void>;
  connection: NatsConnection;
  close(): Promise<void>;
}

export async function connectNatsRelay(
  url: string,
  options: { stream?: string; subjects?: string[] } = {},
): Promise<NatsRelay> {
  const nc = await connect({ servers: url, name: 'tinhso', timeout: 5000 });
  const stream = options.stream ?? STREAM_NAME;
  const subjects = options.subjects ?? ['tinhso.>'];
  const jsm = await nc.jetstreamManager();
  try {
    await jsm.streams.info(stream);
  } catch {
    await jsm.streams.add({
      name: stream,
      subjects,
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      // Window in which JetStream drops a repeated Nats-Msg-Id.
      duplicate_window: 2 * 60 * 1_000_000_000,
      max_age: 30 * 24 * 3600 * 1_000_000_000,
    });
  }
  const js: JetStreamClient = nc.jetstream();
  return {
    connection: nc,
    async publish(event) {
      const h = headers();
      h.set('tinhso-event-type', event.type);
      h.set('tinhso-module', event.module);
      const body = JSON.stringify({
        id: event.id,
        seq: event.seq,
        module: event.module,
        type: event.type,
        occurredAt: event.occurredAt.toISOString(),
        payload: event.payload,
      });
      await js.publish(subjectOf(event), new TextEncoder().encode(body), { msgID: event.id, headers: h });
    },
    async close() {
      await nc.drain();
    },
  };
}
