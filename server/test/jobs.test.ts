/** Database jobs: due jobs run exactly once across nodes; failures retry with backoff and roll their effects back. */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp, migrationsOf } from '../src/app.ts';
import { ManualClock } from '../src/platform/clock/index.ts';
import { type Database, migrateAll } from '../src/platform/db/index.ts';
import { jobBackoffMs, scheduleJob } from '../src/platform/jobs/index.ts';
import { probeModule } from './fixtures/probe.module.ts';
import { createTestDatabase, quietLogger, testConfig, testDbKind } from './support.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function freshDb(): Promise<{ open: () => Promise<Database>; database: Database }> {
  const testDb = await createTestDatabase();
  const database = await testDb.open();
  cleanups.push(async () => {
    await database.close();
    await testDb.drop();
  });
  return { open: () => testDb.open(), database };
}

async function scheduleMany(database: Database, clock: ManualClock, count: number) {
  await database.db.transaction().execute(async (tx) => {
    for (let i = 0; i < count; i++) {
      await scheduleJob(tx, clock, {
        name: 'probe.work',
        payload: { i },
        runAt: new Date(clock.now().getTime() - 1000),
      });
    }
  });
}

async function runs(database: Database) {
  const totals = await sql<{ total: number; distinct_jobs: number }>`
    select count(*)::int8 as total, count(distinct job_id)::int8 as distinct_jobs from probe.job_run`.execute(
    database.db,
  );
  const perNode = await sql<{ node: string; n: number }>`
    select node, count(*)::int8 as n from probe.job_run group by node`.execute(database.db);
  return { ...totals.rows[0]!, perNode: Object.fromEntries(perNode.rows.map((r) => [r.node, r.n])) };
}

describe('jobs', () => {
  it.skipIf(testDbKind !== 'postgres')(
    'two app nodes on one PostgreSQL run each of 1,000 due jobs exactly once',
    async () => {
      const { open, database } = await freshDb();
      const clock = new ManualClock(new Date());
      const second = await open();
      cleanups.push(() => second.close());
      const nodeA = await buildApp(testConfig({ TINHSO_NODE_ID: 'A' }), {
        logger: quietLogger,
        database,
        clock,
        extraModules: [probeModule({ nodeId: 'A' })],
      });
      const nodeB = await buildApp(testConfig({ TINHSO_NODE_ID: 'B' }), {
        logger: quietLogger,
        database: second,
        clock,
        extraModules: [probeModule({ nodeId: 'B' })],
      });
      await scheduleMany(database, clock, 1000);
      // Both nodes drain concurrently, each with its own connection pool.
      await Promise.all([nodeA.tinhso.workers.drain(), nodeB.tinhso.workers.drain()]);
      await nodeA.close();
      await nodeB.close();
      const result = await runs(database);
      expect(result).toMatchObject({ total: 1000, distinct_jobs: 1000 });
      expect(result.perNode.A).toBeGreaterThan(0);
      expect(result.perNode.B).toBeGreaterThan(0);
      expect(await nodeA.tinhso.jobs.counts()).toEqual({ done: 1000 });
    },
  );

  it('one node runs 1,000 due jobs exactly once and leaves future jobs alone', async () => {
    const { database } = await freshDb();
    const clock = new ManualClock('2026-11-23T01:00:00Z');
    const app = await buildApp(testConfig(), { logger: quietLogger, database, clock, extraModules: [probeModule()] });
    await scheduleMany(database, clock, 1000);
    await database.db
      .transaction()
      .execute((tx) =>
        scheduleJob(tx, clock, { name: 'probe.work', payload: { i: -1 }, runAt: new Date('2026-11-24T01:00:00Z') }),
      );
    await app.tinhso.workers.drain();
    expect(await runs(database)).toMatchObject({ total: 1000, distinct_jobs: 1000 });
    expect(await app.tinhso.jobs.counts()).toEqual({ done: 1000, pending: 1 });
    clock.set('2026-11-24T01:00:00Z');
    await app.tinhso.workers.drain();
    expect(await app.tinhso.jobs.counts()).toEqual({ done: 1001 });
    await app.close();
  });

  it('a failing job is retried with backoff, its failed attempts leave no effect, and it stops after max attempts', async () => {
    const { database } = await freshDb();
    const clock = new ManualClock('2026-11-23T01:00:00Z');
    const app = await buildApp(testConfig(), {
      logger: quietLogger,
      database,
      clock,
      extraModules: [
        probeModule({
          jobFailures: new Map([
            [1, 2],
            [2, 99],
          ]),
        }),
      ],
    });
    await database.db.transaction().execute(async (tx) => {
      await scheduleJob(tx, clock, { name: 'probe.work', payload: { i: 1 }, runAt: clock.now(), maxAttempts: 5 });
      await scheduleJob(tx, clock, { name: 'probe.work', payload: { i: 2 }, runAt: clock.now(), maxAttempts: 3 });
    });
    for (let round = 0; round < 6; round++) {
      await app.tinhso.workers.drain();
      clock.advance(2 * 3600 * 1000); // beyond any backoff
    }
    const jobs = (
      await sql<{ i: number; status: string; attempts: number; last_error: string | null }>`
        select (payload->>'i')::int as i, status, attempts, last_error from platform.job order by 1`.execute(
        database.db,
      )
    ).rows;
    expect(jobs).toEqual([
      { i: 1, status: 'done', attempts: 3, last_error: null },
      { i: 2, status: 'failed', attempts: 3, last_error: expect.stringContaining('lỗi giả lập lần 3') },
    ]);
    const effects = await sql<{
      i: number;
      n: number;
    }>`select i, count(*)::int8 as n from probe.job_run group by i order by i`.execute(database.db);
    expect(effects.rows).toEqual([{ i: 1, n: 1 }]);
    await app.close();
  });

  it('a singleton key schedules at most one live job', async () => {
    const { database } = await freshDb();
    await migrateAll(database.db, migrationsOf());
    const clock = new ManualClock('2026-11-23T01:00:00Z');
    const first = await database.db
      .transaction()
      .execute((tx) =>
        scheduleJob(tx, clock, { name: 'probe.work', payload: { i: 1 }, runAt: clock.now(), singletonKey: 'k' }),
      );
    const second = await database.db
      .transaction()
      .execute((tx) =>
        scheduleJob(tx, clock, { name: 'probe.work', payload: { i: 2 }, runAt: clock.now(), singletonKey: 'k' }),
      );
    expect(first).toBeTypeOf('string');
    expect(second).toBeNull();
  });

  it('backoff grows and is capped', () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4].map((a) => jobBackoffMs(a, mid))).toEqual([5000, 10000, 20000, 40000]);
    expect(jobBackoffMs(50, mid)).toBe(3_600_000);
  });
});
