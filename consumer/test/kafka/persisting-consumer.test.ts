import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestTopics,
  eventually,
  uniqueName,
  type TestTopics,
} from '@kafkloud/streamer/testing';
import { selectRows, type Database } from '../../src/db/connection.js';
import { DLQ_HEADERS } from '@kafkloud/streamer/kafka';
import {
  brokers,
  createTestDatabase,
  eventRecord,
  getJson,
  makeEvent,
  openMigrated,
  produce,
  readTopic,
  startConsumer,
  testConfig,
  type Backend,
  type RunningConsumer,
} from '../helpers.js';

async function countEvents(database: Database, ids?: readonly string[]): Promise<number> {
  const rows = await selectRows<{ count: string | number }>(
    database.db,
    ids
      ? sql`select count(*) as count from events where id in ${ids}`
      : sql`select count(*) as count from events`,
  );
  return Number(rows[0]?.count ?? 0);
}

describe.each<Backend>(['postgres', 'pglite'])('persisting consumer on %s', (backend) => {
  let topics: TestTopics;
  let drop: () => Promise<void>;
  let database: Database;
  let consumer: RunningConsumer;
  const group = uniqueName('consumer');

  beforeAll(async () => {
    topics = await createTestTopics(brokers());
    const created = await createTestDatabase(backend);
    drop = created.drop;
    database = await openMigrated(created.target);
    consumer = await startConsumer(
      testConfig({ prefix: topics.prefix, group, target: created.target }),
      database,
    );
  });

  afterAll(async () => {
    await consumer?.stop();
    await drop?.();
    await topics?.cleanup([group]);
  });

  it('when 1,001 events are produced, then 1,001 rows exist and /status/{id} answers 200 for each', async () => {
    const events = Array.from({ length: 1_001 }, (_, i) => makeEvent(i));
    await produce(events.map((event) => eventRecord(topics.topics.events, event)));
    const ids = events.map((event) => event.id);
    await eventually(
      async () => ((await countEvents(database, ids)) === 1_001 ? true : undefined),
      {
        timeoutMs: 30_000,
      },
    );
    const statuses: { status: number; body: { id: string; stages: object } }[] = [];
    for (let i = 0; i < events.length; i += 50) {
      statuses.push(
        ...(await Promise.all(
          events.slice(i, i + 50).map(async (event) => {
            const { status, body } = await getJson(consumer.baseUrl, `/status/${event.id}`);
            return { status, body: body as { id: string; stages: object } };
          }),
        )),
      );
    }
    expect(statuses.filter((s) => s.status === 200)).toHaveLength(1_001);
    expect(statuses[0]?.body.id).toBe(events[0]?.id);
    expect(statuses[0]?.body.stages).toHaveProperty('persisted');
  });

  it('when the same event is delivered twice, then it is stored once', async () => {
    const event = makeEvent(0);
    const marker = makeEvent(1);
    await produce([eventRecord(topics.topics.events, event)]);
    await produce([
      eventRecord(topics.topics.events, event),
      eventRecord(topics.topics.events, marker),
    ]);
    await eventually(async () =>
      (await countEvents(database, [marker.id])) === 1 ? true : undefined,
    );
    // The repeat and the marker may sit in different partitions: wait until nothing is left to read.
    await eventually(async () => {
      const { body } = await getJson(consumer.baseUrl, '/status');
      return (body as { lag: number }).lag === 0 ? true : undefined;
    });
    expect(await countEvents(database, [event.id])).toBe(1);
    const { status } = await getJson(consumer.baseUrl, `/status/${event.id}`);
    expect(status).toBe(200);
  });

  it('when a poison record arrives, then it is dead-lettered with its reason and later records persist', async () => {
    const after = makeEvent(2);
    const invalid = { ...makeEvent(3), type: 'kafkloud.unknown.v1' };
    await produce([
      { topic: topics.topics.events, key: 'poison', value: Buffer.from('{not json'), partition: 0 },
      { topic: topics.topics.events, key: 'invalid', value: JSON.stringify(invalid), partition: 0 },
      { ...eventRecord(topics.topics.events, after), partition: 0 },
    ]);
    await eventually(async () =>
      (await countEvents(database, [after.id])) === 1 ? true : undefined,
    );
    const letters = await readTopic(topics.topics.eventsDlq, (records) => records.length >= 2);
    const poison = letters.find((record) => record.key?.toString() === 'poison');
    expect(poison?.value?.toString()).toBe('{not json');
    expect(poison?.headers[DLQ_HEADERS.reason]).toMatch(/not valid JSON/);
    expect(poison?.headers[DLQ_HEADERS.originTopic]).toBe(topics.topics.events);
    expect(poison?.headers[DLQ_HEADERS.originPartition]).toBe('0');
    expect(poison?.headers[DLQ_HEADERS.originOffset]).toMatch(/^\d+$/);
    const schemaFailure = letters.find((record) => record.key?.toString() === 'invalid');
    expect(schemaFailure?.headers[DLQ_HEADERS.field]).toBe('type');
    const metrics = await (await fetch(`${consumer.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/kafkloud_consumer_dead_letters_total\{[^}]*\} 2/);
    const { body } = await getJson(consumer.baseUrl, '/status');
    expect((body as { totals: { deadLettered: number } }).totals.deadLettered).toBe(2);
  });

  it('when a fetched batch holds more dead letters than one produce request may carry, then all are dead-lettered', async () => {
    const { body: before } = await getJson(consumer.baseUrl, '/status');
    const initial = (before as { totals: { deadLettered: number } }).totals.deadLettered;
    const junk = Array.from({ length: 200 }, (_, i) => ({
      topic: topics.topics.events,
      key: `junk-${i}`,
      value: Buffer.alloc(8_000, 'x'),
      partition: 1,
    }));
    const after = makeEvent(5);
    await produce([...junk, { ...eventRecord(topics.topics.events, after), partition: 1 }], 50);
    await eventually(
      async () => ((await countEvents(database, [after.id])) === 1 ? true : undefined),
      {
        timeoutMs: 30_000,
      },
    );
    const { body } = await getJson(consumer.baseUrl, '/status');
    expect((body as { totals: { deadLettered: number } }).totals.deadLettered).toBe(initial + 200);
  });

  it('when a timestamp.command.v1 record is written, then GET /api/v1/timestamp/{command_id} returns it', async () => {
    const commandId = randomUUID();
    await produce([
      {
        topic: topics.topics.timestampCommands,
        key: null,
        value: JSON.stringify({
          command_id: commandId,
          event_timestamp: '2026-11-23T10:00:00+01:00',
        }),
      },
    ]);
    const found = await eventually(async () => {
      const response = await getJson(consumer.baseUrl, `/api/v1/timestamp/${commandId}`);
      return response.status === 200 ? response.body : undefined;
    });
    expect(found).toMatchObject({
      command_id: commandId,
      event_timestamp: '2026-11-23T09:00:00.000Z',
    });
    expect(Date.parse((found as { created_at: string }).created_at)).not.toBeNaN();
    expect((await getJson(consumer.baseUrl, `/api/v1/timestamp/${randomUUID()}`)).status).toBe(404);
  });

  it('when a learned receipt arrives, then /status/{id} shows the learned stage', async () => {
    const event = makeEvent(4);
    await produce([eventRecord(topics.topics.events, event)]);
    await produce([
      {
        topic: topics.topics.receipts,
        key: event.id,
        value: JSON.stringify({
          eventId: event.id,
          stage: 'learned',
          at: new Date().toISOString(),
        }),
      },
    ]);
    const status = await eventually(async () => {
      const { body } = await getJson(consumer.baseUrl, `/status/${event.id}`);
      return (body as { stages?: { learned?: unknown } } | undefined)?.stages?.learned
        ? body
        : undefined;
    });
    expect(status).toMatchObject({ id: event.id, stages: { learned: { at: expect.any(String) } } });
  });
});
