import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestTopics,
  eventually,
  testKafkaClient,
  uniqueName,
  type TestTopics,
} from '@kafkloud/streamer/testing';
import type { Admin } from '@kafkloud/streamer/kafka';
import { createEventStore } from '../../src/db/store.js';
import {
  brokers,
  createTestDatabase,
  eventRecord,
  makeEvent,
  openMigrated,
  produce,
  startConsumer,
  startPrivatePostgres,
  testConfig,
  type RunningConsumer,
} from '../helpers.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function committedTotal(admin: Admin, group: string, topic: string): Promise<bigint> {
  const offsets = await admin.groupOffsets(group, [topic]);
  return offsets.reduce((sum, { offset }) => sum + BigInt(offset ?? 0), 0n);
}

describe('database outage', () => {
  let topics: TestTopics;
  let server: Awaited<ReturnType<typeof startPrivatePostgres>>;
  let consumer: RunningConsumer;
  let admin: Admin;
  const group = uniqueName('consumer');

  beforeAll(async () => {
    topics = await createTestTopics(brokers());
    server = await startPrivatePostgres();
    admin = testKafkaClient(brokers()).admin();
    await admin.connect();
  });

  afterAll(async () => {
    // Bounded: a stop that hangs must not hide the result of the test itself.
    await Promise.race([consumer?.stop(), sleep(20_000)]);
    await admin?.disconnect();
    await server?.destroy();
    await topics?.cleanup([group]);
  });

  it('when Postgres is stopped for 10 s under load, then the consumer stalls without committing and resumes losing nothing', async () => {
    const created = await createTestDatabase('postgres', server.adminUrl);
    const database = await openMigrated(created.target);
    consumer = await startConsumer(
      testConfig({ prefix: topics.prefix, group, target: created.target }),
      database,
    );
    const store = createEventStore(database.db);

    const produced: string[] = [];
    let isLoading = true;
    const load = (async () => {
      for (let round = 0; isLoading; round += 1) {
        const events = Array.from({ length: 50 }, (_, i) => makeEvent(round * 50 + i));
        await produce(events.map((event) => eventRecord(topics.topics.events, event)));
        produced.push(...events.map((event) => event.id));
        await sleep(100);
      }
    })();

    await eventually(async () => ((await store.totals()).events > 200 ? true : undefined), {
      timeoutMs: 20_000,
    });
    await server.stop();
    await sleep(1_500);
    const committedAtStop = await committedTotal(admin, group, topics.topics.events);
    const producedAtStop = produced.length;
    await sleep(8_500);
    const committedBeforeRestart = await committedTotal(admin, group, topics.topics.events);
    expect(produced.length).toBeGreaterThan(producedAtStop);
    // Stalled: records kept arriving, yet no offset moved while the rows could not be written.
    expect(committedBeforeRestart).toBe(committedAtStop);
    await server.start();
    isLoading = false;
    await load;

    const total = await eventually(
      async () => {
        const { events } = await store.totals();
        return events === produced.length ? events : undefined;
      },
      { timeoutMs: 30_000 },
    );
    expect(total).toBe(new Set(produced).size);
    const metrics = await (await fetch(`${consumer.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/kafkloud_consumer_database_retries_total\{[^}]*\} [1-9]/);
  });
});
