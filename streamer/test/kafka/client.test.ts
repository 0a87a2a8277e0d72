import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncomingRecord, KafkaClient } from '../../src/kafka/types.js';
import {
  createTestTopics,
  eventually,
  testKafkaClient,
  uniqueName,
  type TestTopics,
} from '../../src/testing/index.js';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

describe('kafka client against a real broker', () => {
  let client: KafkaClient;
  let topics: TestTopics;
  const groups: string[] = [];

  beforeAll(async () => {
    client = testKafkaClient(brokers);
    topics = await createTestTopics(brokers);
  });

  afterAll(async () => {
    await topics.cleanup(groups);
  });

  it('when records are sent, then each reported position holds exactly that record', async () => {
    const producer = client.producer();
    await producer.connect();
    const records = Array.from({ length: 50 }, (_, i) => ({
      topic: topics.topics.events,
      key: `key-${i}`,
      value: `value-${i}`,
      headers: { correlationId: `c-${i}` },
    }));
    const positions = await producer.send(records);
    await producer.disconnect();

    expect(positions).toHaveLength(50);
    const unique = new Set(positions.map((p) => `${p.partition}/${p.offset}`));
    expect(unique.size).toBe(50);

    const groupId = uniqueName('g');
    groups.push(groupId);
    const consumer = client.consumer({ groupId });
    await consumer.connect();
    const seen = new Map<string, IncomingRecord>();
    await consumer.run({
      topics: [topics.topics.events],
      fromBeginning: true,
      handleBatch: async (batch) => {
        for (const record of batch.records)
          seen.set(`${record.partition}/${record.offset}`, record);
      },
    });
    await eventually(() => (seen.size >= 50 ? true : undefined), { timeoutMs: 30_000 });
    await consumer.disconnect();

    positions.forEach((position, i) => {
      const record = seen.get(`${position.partition}/${position.offset}`);
      expect(record?.value?.toString()).toBe(`value-${i}`);
      expect(record?.key?.toString()).toBe(`key-${i}`);
      expect(record?.headers.correlationId).toBe(`c-${i}`);
    });
  });

  it('when a consumer group handles a batch, then it joins, consumes and commits its offsets', async () => {
    const producer = client.producer();
    await producer.connect();
    const positions = await producer.send(
      Array.from({ length: 12 }, (_, i) => ({
        topic: topics.topics.receipts,
        key: `k${i}`,
        value: 'x',
      })),
    );
    await producer.disconnect();

    const groupId = uniqueName('g');
    groups.push(groupId);
    const consumer = client.consumer({ groupId });
    await consumer.connect();
    let consumed = 0;
    await consumer.run({
      topics: [topics.topics.receipts],
      fromBeginning: true,
      handleBatch: async (batch) => {
        consumed += batch.records.length;
      },
    });

    const admin = client.admin();
    await admin.connect();
    const expected = new Map<number, bigint>();
    for (const p of positions) {
      const next = BigInt(p.offset) + 1n;
      if ((expected.get(p.partition) ?? 0n) < next) expected.set(p.partition, next);
    }
    await eventually(
      async () => {
        const committed = await admin.groupOffsets(groupId, [topics.topics.receipts]);
        const isDone = [...expected].every(
          ([partition, offset]) =>
            committed.find((c) => c.partition === partition)?.offset === offset.toString(),
        );
        return isDone ? true : undefined;
      },
      { timeoutMs: 30_000, message: 'offsets were not committed' },
    );
    await consumer.disconnect();
    await admin.disconnect();
    expect(consumed).toBe(12);
  });

  it('when the handler throws, then the batch is not committed and is delivered again', async () => {
    const producer = client.producer();
    await producer.connect();
    await producer.send([{ topic: topics.topics.seerStatements, key: null, value: 'once' }]);
    await producer.disconnect();

    const groupId = uniqueName('g');
    groups.push(groupId);
    const consumer = client.consumer({ groupId });
    await consumer.connect();
    let attempts = 0;
    await consumer.run({
      topics: [topics.topics.seerStatements],
      fromBeginning: true,
      handleBatch: async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('database down');
      },
    });
    await eventually(() => (attempts >= 2 ? true : undefined), { timeoutMs: 30_000 });
    await consumer.disconnect();
    expect(attempts).toBeGreaterThanOrEqual(2);
  });
});
