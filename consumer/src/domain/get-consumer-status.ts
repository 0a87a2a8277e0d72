import type { ConsumerStatus } from '@kafkloud/streamer';
import { AppError } from '@kafkloud/streamer/http';
import type { Admin } from '@kafkloud/streamer/kafka';
import type { EventStore } from './types.js';

export type StatusSources = {
  store: EventStore;
  admin: Admin;
  group: string;
  topics: readonly string[];
  deadLetterTopic: string;
};

/** Row totals, and per partition the group's committed offset, the high watermark and the lag. */
export async function getConsumerStatus(sources: StatusSources): Promise<ConsumerStatus> {
  const fromKafka = Promise.all([
    sources.admin.groupOffsets(sources.group, sources.topics),
    Promise.all(
      sources.topics.map(async (topic) => ({
        topic,
        offsets: await sources.admin.topicOffsets(topic),
      })),
    ),
    sources.admin.topicOffsets(sources.deadLetterTopic),
  ]).catch((error: unknown) => {
    // While a broker fails over the admin calls can fail in any way (kafkajs even throws
    // TypeErrors mid-election): that is an outage to retry, not a bug of this request.
    throw new AppError('unavailable', 'Kafka offsets are not available right now', {
      cause: error,
      retryAfter: 2,
    });
  });
  const [totals, [committed, watermarks, deadLetterOffsets]] = await Promise.all([
    sources.store.totals(),
    fromKafka,
  ]);
  const committedBySlot = new Map(
    committed.map((c) => [`${c.topic}\u0000${c.partition}`, c.offset]),
  );
  const partitions = watermarks.flatMap(({ topic, offsets }) =>
    offsets.map(({ partition, low, high }) => {
      const committedOffset = committedBySlot.get(`${topic}\u0000${partition}`) ?? null;
      const lag = Number(BigInt(high) - BigInt(committedOffset ?? low));
      return { topic, partition, committedOffset, highWatermark: high, lag: Math.max(lag, 0) };
    }),
  );
  const deadLettered = deadLetterOffsets.reduce(
    (sum, { low, high }) => sum + Number(BigInt(high) - BigInt(low)),
    0,
  );
  return {
    totals: { ...totals, deadLettered },
    group: sources.group,
    partitions,
    lag: partitions.reduce((sum, p) => sum + p.lag, 0),
  };
}
