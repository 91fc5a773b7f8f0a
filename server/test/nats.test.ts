/** Outbox events reach NATS JetStream on tinhso.<module>.<event>, carrying the outbox id for deduplication. */
import { randomBytes } from 'node:crypto';
import { AckPolicy, connect, DeliverPolicy } from 'nats';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { probeModule } from './fixtures/probe.module.ts';
import { createTestDatabase, natsUrl, quietLogger, testConfig } from './support.ts';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe.skipIf(!natsUrl)('NATS JetStream relay', () => {
  it('delivers every committed event once to the stream, with its id as Nats-Msg-Id', async () => {
    const testDb = await createTestDatabase();
    const database = await testDb.open();
    cleanups.push(async () => {
      await database.close();
      await testDb.drop();
    });
    const app = await buildApp(testConfig({ NATS_URL: natsUrl! }), {
      logger: quietLogger,
      database,
      extraModules: [probeModule()],
    });
    cleanups.push(() => app.close());
    const marker = randomBytes(6).toString('hex');
    const startedAt = new Date(Date.now() - 1000).toISOString();
    const ctx = app.tinhso.contexts.probe!;
    for (let n = 0; n < 25; n++) {
      await ctx.change({ kind: 'system', id: 'test' }, undefined, (c) => c.publish('thing.sent', { n, marker }));
    }
    await app.tinhso.workers.drain();

    const nc = await connect({ servers: natsUrl! });
    cleanups.push(() => nc.close());
    const jsm = await nc.jetstreamManager();
    const consumerName = `test_${marker}`;
    await jsm.consumers.add('TINHSO', {
      durable_name: consumerName,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.StartTime,
      opt_start_time: startedAt,
      filter_subject: 'tinhso.probe.thing.sent',
    });
    cleanups.push(async () => {
      await jsm.consumers.delete('TINHSO', consumerName);
    });
    const consumer = await nc.jetstream().consumers.get('TINHSO', consumerName);
    const mine: { n: number; id: string; msgId: string | undefined }[] = [];
    const messages = await consumer.fetch({ max_messages: 10_000, expires: 3000 });
    for await (const m of messages) {
      const body = m.json<{ id: string; payload: { n: number; marker: string } }>();
      if (body.payload.marker === marker)
        mine.push({ n: body.payload.n, id: body.id, msgId: m.headers?.get('Nats-Msg-Id') });
      m.ack();
    }
    expect(mine.map((m) => m.n).sort((a, b) => a - b)).toEqual([...Array(25).keys()]);
    for (const m of mine) expect(m.msgId).toBe(m.id);

    // A relay retry of the same outbox id is dropped by JetStream's duplicate window.
    const before = (await jsm.streams.info('TINHSO')).state.messages;
    const { connectNatsRelay } = await import('../src/platform/events/index.ts');
    const relay = await connectNatsRelay(natsUrl!);
    await relay.publish({
      id: mine[0]!.id,
      seq: 1,
      module: 'probe',
      type: 'thing.sent',
      payload: { n: 0, marker },
      occurredAt: new Date(),
    });
    await relay.close();
    expect((await jsm.streams.info('TINHSO')).state.messages).toBe(before);
  });
});
