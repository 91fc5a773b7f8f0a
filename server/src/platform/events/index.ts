export { Dispatcher, type EventHandler, retryDelayMs, type Subscription } from './events.dispatcher.ts';
export { connectNatsRelay, type NatsRelay, STREAM_NAME } from './events.nats.ts';
export { type DomainEvent, insertEvent, type NewEvent, subjectOf } from './events.outbox.ts';
