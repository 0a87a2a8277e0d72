import type { Logger } from 'pino';
import type { TopicNames } from '@kafkloud/streamer';
import type { KafkaClient } from '@kafkloud/streamer/kafka';
import { persistBatch } from '../domain/persist-batch.js';
import type { EventStore } from '../domain/types.js';
import type { ConsumerMetrics } from '../metrics.js';
import { FETCH_BYTES_PER_PARTITION } from './persisting-consumer.js';

export type ReplayProgress = { done: number; total: number };

export type ReplayOptions = {
  kafka: KafkaClient;
  store: EventStore;
  topics: TopicNames;
  groupId: string;
  metrics: ConsumerMetrics;
  logger: Logger;
  onProgress?: (progress: ReplayProgress) => void;
};

/**
 * Rebuilds the tables from the earliest offsets with a fresh group, up to the high watermarks
 * captured at the start, so the result is the topics as they were when the replay began.
 * Dead letters are counted, not republished: the dead-letter topic already holds them.
 */
export async function replayTopics(
  options: ReplayOptions,
): Promise<{ records: number; deadLetters: number }> {
  const { kafka, topics } = options;
  const consumed = [topics.events, topics.timestampCommands, topics.receipts];
  const admin = kafka.admin();
  await admin.connect();
  const remaining = new Map<string, { next: bigint; end: bigint }>();
  let total = 0;
  try {
    for (const topic of consumed) {
      for (const { partition, low, high } of await admin.topicOffsets(topic)) {
        if (BigInt(high) > BigInt(low)) {
          remaining.set(`${topic}\u0000${partition}`, { next: BigInt(low), end: BigInt(high) });
          total += Number(BigInt(high) - BigInt(low));
        }
      }
    }
  } finally {
    await admin.disconnect();
  }

  let done = 0;
  let deadLetters = 0;
  options.onProgress?.({ done, total });
  if (remaining.size === 0) return { records: 0, deadLetters: 0 };

  const consumer = kafka.consumer({
    groupId: options.groupId,
    maxBytesPerPartition: FETCH_BYTES_PER_PARTITION,
  });
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  await consumer.connect();
  try {
    await consumer.run({
      topics: consumed,
      fromBeginning: true,
      handleBatch: async (batch) => {
        const slot = remaining.get(`${batch.topic}\u0000${batch.partition}`);
        if (!slot) return;
        const records = batch.records.filter((record) => BigInt(record.offset) < slot.end);
        if (records.length === 0) return;
        await persistBatch(
          { ...batch, records },
          {
            store: options.store,
            topics,
            metrics: options.metrics,
            logger: options.logger,
            deadLetters: {
              publish: async (letters) => {
                deadLetters += letters.length;
              },
            },
          },
        );
        const last = BigInt(records.at(-1)?.offset ?? '0') + 1n;
        if (last > slot.next) {
          done += Number(last - slot.next);
          slot.next = last;
        }
        options.onProgress?.({ done, total });
        if (slot.next >= slot.end) remaining.delete(`${batch.topic}\u0000${batch.partition}`);
        if (remaining.size === 0) finish();
      },
    });
    await finished;
  } finally {
    await consumer.disconnect();
    const cleaner = kafka.admin();
    await cleaner.connect();
    await cleaner.deleteGroups([options.groupId]).catch(() => undefined);
    await cleaner.disconnect();
  }
  return { records: done, deadLetters };
}
