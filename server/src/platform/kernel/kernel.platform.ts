/**
 * What every module receives: the database, the clock, the logger, the audit log, the outbox,
 * jobs and files — and one way to change state: `change()`, a transaction in which the module
 * writes its rows, its audit record and its events together (ARCHITECTURE.md principle 3).
 */
import type { FastifyInstance } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Logger } from 'pino';
import type { Config } from '../../config.ts';
import type { Actor, AuditEntry, AuditLog, PendingAuditEntry } from '../audit/index.ts';
import type { Clock } from '../clock/index.ts';
import {
  type Dispatcher,
  insertEvents,
  insertEventsStatement,
  type NewEvent,
  type PendingEvent,
  pendingEvent,
  type Subscription,
} from '../events/index.ts';
import type { BlobStore } from '../files/index.ts';
import type { JobHandler, JobRunner, NewJob } from '../jobs/index.ts';
import { scheduleJob } from '../jobs/index.ts';

export interface ChangeContext {
  tx: Transaction<any>;
  /** Appends the audit row for this change (module is filled in); written when the work returns, before the commit. */
  audit(entry: Omit<AuditEntry, 'module' | 'actor' | 'requestId'> & { actor?: Actor }): Promise<void>;
  /** Publishes an event of this module through the outbox; written when the work returns, before the commit, in publication order. */
  publish(type: string, payload: Record<string, unknown>): Promise<string>;
  /** Schedules a job that commits with the change. */
  schedule(job: NewJob): Promise<string | null>;
}

export interface ModuleContext {
  module: string;
  config: Config;
  db: Kysely<any>;
  clock: Clock;
  logger: Logger;
  /** Content-addressed file store (local directory or S3-compatible). */
  files: BlobStore;
  /** One transaction: the change, its audit record(s) and its events commit or roll back together. */
  change<T>(actor: Actor, requestId: string | undefined, work: (c: ChangeContext) => Promise<T>): Promise<T>;
  subscribe(sub: Subscription): void;
  registerJob(name: string, handler: JobHandler): void;
}

export interface ModuleDefinition<Api = unknown> {
  /** Also the Postgres schema that holds the module's tables. */
  name: string;
  migrations: Record<string, Migration>;
  /**
   * Builds the module's public API (handed to other modules) and registers its routes.
   * `apis` holds the public APIs of the modules set up before this one (MODULES is in
   * dependency order); a module reaches another only through that API, never its tables.
   */
  setup(ctx: ModuleContext, app: FastifyInstance, apis: Readonly<Record<string, unknown>>): Promise<Api>;
  /** Loads the demo province's data for this module (never in production). */
  seedDemo?(api: Api, ctx: ModuleContext): Promise<void>;
}

export interface KernelDeps {
  config: Config;
  db: Kysely<any>;
  clock: Clock;
  logger: Logger;
  audit: AuditLog;
  dispatcher: Dispatcher;
  jobs: JobRunner;
  files: BlobStore;
  /** Wakes the dispatcher after a commit, so events do not wait for the next poll. */
  onCommit: () => void;
}

export function moduleContext(module: string, deps: KernelDeps): ModuleContext {
  const { db, clock, audit } = deps;
  return {
    module,
    config: deps.config,
    db,
    clock,
    logger: deps.logger.child({ module }),
    files: deps.files,
    async change(actor, requestId, work) {
      const result = await db.transaction().execute(async (tx) => {
        // The change's events and audit rows are taken as the work makes them and written after
        // it: the events in one statement sent with the first audit head's lock, then one
        // statement per audit chain for its rows, however many there are. A change waits on fewer
        // round trips, and an audit chain's head row is locked only for the last statements
        // before the commit (every other writer to that chain waits on it).
        const events: PendingEvent[] = [];
        const audits: PendingAuditEntry[] = [];
        const value = await work({
          tx,
          audit: async (entry) => {
            audits.push({
              ...entry,
              module,
              actor: entry.actor ?? actor,
              ...(requestId ? { requestId } : {}),
              at: clock.now(),
              // As the entry was when the change made it, like the row it describes.
              data: JSON.parse(JSON.stringify(entry.data ?? {})),
            });
          },
          publish: async (type: string, payload: Record<string, unknown>) => {
            const event = pendingEvent(clock, { module, type, payload } satisfies NewEvent);
            events.push(event);
            return event.id;
          },
          schedule: (job) => scheduleJob(tx, clock, job),
        });
        if (audits.length === 0) await insertEvents(tx, events);
        else {
          // The events go with the first audit head's lock: one round trip for both.
          await audit.recordAll(tx, audits, events.length > 0 ? { alongside: insertEventsStatement(events) } : {});
        }
        return value;
      });
      deps.onCommit();
      return result;
    },
    subscribe: (sub) => deps.dispatcher.subscribe(sub),
    registerJob: (name, handler) => deps.jobs.register(name, handler),
  };
}
