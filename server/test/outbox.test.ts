/** The outbox: nothing committed is lost, whatever stops between commit and delivery; each effect applies once. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { ManualClock } from '../src/platform/clock/index.ts';
import type { Database } from '../src/platform/db/index.ts';
import { probeModule } from './fixtures/probe.module.ts';
import { createTestDatabase, quietLogger, type TestDatabase, testConfig, testDbKind } from './support.ts';

const actor = { kind: 'system' as const, id: 'test' };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function freshDb(onDisk = false): Promise<{ testDb: TestDatabase; database: Database }> {
  const testDb = await createTestDatabase({ onDisk });
  const database = await testDb.open();
  cleanups.push(async () => {
    await database.close();
    await testDb.drop();
  });
  return { testDb, database };
}

async function publish(app: Awaited<ReturnType<typeof buildApp>>, count: number) {
  const ctx = app.tinhso.contexts.probe!;
  for (let n = 0; n < count; n++) {
    await ctx.change(actor, undefined, async (c) => {
      await c.publish('thing.happened', { n });
    });
  }
}

async function effects(database: Database) {
  const r = await sql<{ total: number; distinct_events: number; distinct_n: number }>`
    select count(*)::int8 as total, count(distinct event_id)::int8 as distinct_events, count(distinct n)::int8 as distinct_n
    from probe.effect`.execute(database.db);
  return r.rows[0]!;
}

async function undelivered(database: Database) {
  const r = await sql<{
    n: number;
  }>`select count(*)::int8 as n from platform.outbox where delivered_at is null`.execute(database.db);
  return r.rows[0]!.n;
}

describe('outbox delivery', () => {
  it('events committed while the dispatcher is down are delivered after restart, each effect once', async () => {
    const { database } = await freshDb();
    const first = await buildApp(testConfig(), { logger: quietLogger, database, extraModules: [probeModule()] });
    await publish(first, 60);
    await first.close(); // "crash" after commit, before any delivery
    expect(await undelivered(database)).toBe(60);

    const second = await buildApp(testConfig(), { logger: quietLogger, database, extraModules: [probeModule()] });
    await second.tinhso.workers.drain();
    expect(await undelivered(database)).toBe(0);
    expect(await effects(database)).toEqual({ total: 60, distinct_events: 60, distinct_n: 60 });

    // A crash after the consumer committed but before the outbox row was marked: redelivery is a no-op.
    await sql`update platform.outbox set delivered_at = null`.execute(database.db);
    await second.tinhso.workers.drain();
    expect(await undelivered(database)).toBe(0);
    expect(await effects(database)).toEqual({ total: 60, distinct_events: 60, distinct_n: 60 });
    await second.close();
  });

  it('a failing consumer is retried with backoff; its failed attempt left no effect', async () => {
    const { database } = await freshDb();
    const clock = new ManualClock('2026-11-23T02:00:00Z');
    const failOnce = new Set<string>();
    const app = await buildApp(testConfig(), {
      logger: quietLogger,
      database,
      clock,
      extraModules: [probeModule({ failOnce })],
    });
    await publish(app, 3);
    const ids = (await sql<{ id: string }>`select id from platform.outbox order by seq`.execute(database.db)).rows;
    failOnce.add(ids[1]!.id);
    await app.tinhso.workers.drain();
    expect(await undelivered(database)).toBe(1);
    expect((await effects(database)).total).toBe(2); // the failed handler's insert was rolled back
    const row = (
      await sql<{ attempts: number; last_error: string; next_attempt_at: Date }>`
        select attempts, last_error, next_attempt_at from platform.outbox where id = ${ids[1]!.id}`.execute(database.db)
    ).rows[0]!;
    expect(row.attempts).toBe(1);
    expect(row.last_error).toContain('lỗi giả lập');
    expect(row.next_attempt_at.getTime()).toBe(clock.now().getTime() + 1000);

    await app.tinhso.workers.drain(); // not yet due
    expect(await undelivered(database)).toBe(1);
    clock.advance(1000);
    await app.tinhso.workers.drain();
    expect(await undelivered(database)).toBe(0);
    expect(await effects(database)).toEqual({ total: 3, distinct_events: 3, distinct_n: 3 });
    await app.close();
  });

  it.skipIf(testDbKind !== 'postgres')(
    'a process killed with SIGKILL in the middle of delivering loses nothing and applies nothing twice',
    async () => {
      const { testDb, database } = await freshDb();
      const setup = await buildApp(testConfig(), { logger: quietLogger, database, extraModules: [probeModule()] });
      await publish(setup, 200);
      await setup.close();

      const child = spawn(process.execPath, [fileURLToPath(new URL('./fixtures/outbox-child.ts', import.meta.url))], {
        env: { ...process.env, DATABASE_URL: testDb.url, TINHSO_ENV: 'test' },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const exited = new Promise((r) => child.on('exit', r));
      // Wait until some, not all, effects are applied, then kill without warning.
      for (let i = 0; i < 600; i++) {
        const e = await effects(database);
        if (e.total >= 20) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      child.kill('SIGKILL');
      await exited;
      const atKill = await effects(database);
      expect(atKill.total).toBeGreaterThan(0);
      expect(atKill.total).toBeLessThan(200);

      // Restart later than the dead node's lease: its claimed events are taken over.
      const clock = new ManualClock(new Date(Date.now() + 5 * 60_000));
      const restarted = await buildApp(testConfig(), {
        logger: quietLogger,
        database,
        clock,
        extraModules: [probeModule()],
      });
      await restarted.tinhso.workers.drain();
      await restarted.close();
      expect(await undelivered(database)).toBe(0);
      expect(await effects(database)).toEqual({ total: 200, distinct_events: 200, distinct_n: 200 });
    },
  );
});
