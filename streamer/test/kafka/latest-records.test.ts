import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KafkaClient } from '../../src/kafka/types.js';
import { createTestTopics, testKafkaClient, type TestTopics } from '../../src/testing/index.js';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

describe('admin.latestRecords against a real broker', () => {
  let client: KafkaClient;
  let topics: TestTopics;

  beforeAll(async () => {
    client = testKafkaClient(brokers);
    topics = await createTestTopics(brokers);
  });

  afterAll(async () => {
    await topics.cleanup();
  });

  it('when a partition holds more records than asked, then the last ones come back in order and no group is left', async () => {
    const producer = client.producer();
    await producer.connect();
    await producer.send(
      Array.from({ length: 30 }, (_, i) => ({
        topic: topics.topics.eventsDlq,
        key: `key-${i}`,
        value: `value-${i}`,
      })),
    );
    await producer.disconnect();

    const admin = client.admin();
    await admin.connect();
    try {
      const records = await admin.latestRecords(topics.topics.eventsDlq, 0, 5);
      expect(records.map((r) => r.value?.toString())).toEqual([
        'value-25',
        'value-26',
        'value-27',
        'value-28',
        'value-29',
      ]);
      expect(records.map((r) => r.offset)).toEqual(['25', '26', '27', '28', '29']);
      expect(await admin.latestRecords(topics.topics.seerAnswers, 0, 5)).toEqual([]);
      const groups = await admin.listGroups();
      expect(groups.filter((g) => g.groupId.startsWith('kafkloud-browse-'))).toEqual([]);
    } finally {
      await admin.disconnect();
    }
  });
});
