import type { ConsumerStatus } from '@kafkloud/streamer';
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
  const [totals, committed, watermarks, deadLetterOffsets] = await Promise.all([
    sources.store.totals(),
    sources.admin.groupOffsets(sources.group, sources.topics),
    Promise.all(
      sources.topics.map(async (topic) => ({
        topic,
        offsets: await sources.admin.topicOffsets(topic),
      })),
    ),
    sources.admin.topicOffsets(sources.deadLetterTopic),
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
