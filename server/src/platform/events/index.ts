export { Dispatcher, type EventHandler, retryDelayMs, type Subscription } from './events.dispatcher.ts';
export { connectNatsRelay, type NatsRelay, STREAM_NAME } from './events.nats.ts';
export {
  type DomainEvent,
  insertEvent,
  insertEvents,
  insertEventsStatement,
  type NewEvent,
  type PendingEvent,
  pendingEvent,
  subjectOf,
} from './events.outbox.ts';
