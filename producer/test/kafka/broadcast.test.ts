import { eventCodec } from '@kafkloud/streamer';
import { createTestTopics } from '@kafkloud/streamer/testing';
import { describe, expect, it } from 'vitest';
import { brokersFromEnv, readRecords, startProducer, testConfig } from '../helpers.js';

describe('the broadcaster against a real broker', () => {
  it('when enabled, then valid Hello world events reach the events topic', async () => {
    const brokers = brokersFromEnv();
    const topics = await createTestTopics(brokers);
    const producer = await startProducer(
      testConfig({
        KAFKA_BROKERS: brokers.join(','),
        KAFKLOUD_TOPIC_PREFIX: topics.prefix,
        BROADCASTER_ENABLED: 'true',
        BROADCASTER_MIN_INTERVAL_MS: '20',
        BROADCASTER_MAX_INTERVAL_MS: '60',
      }),
    );
    try {
      const records = await readRecords(brokers, topics.topics.events, 3);
      for (const record of records) {
        const event = eventCodec.decode(record.value);
        expect(event.type).toBe('kafkloud.hello.v1');
        expect(event.source).toBe('/kafkloud/producer/broadcaster');
        expect((event.data as { message: string }).message).toBe('Hello world');
        expect(record.headers.correlationId).toBe(event.correlationid);
        expect(record.key?.toString()).toBe(event.id);
      }
      // Records of different partitions arrive in any order; the sequence numbers say which came first.
      const sequences = records
        .map((record) => (eventCodec.decode(record.value).data as { sequence: number }).sequence)
        .sort((a, b) => a - b);
      expect(sequences.slice(0, 3)).toEqual([0, 1, 2]);
    } finally {
      await producer.close();
      await topics.cleanup();
    }
  });
});
