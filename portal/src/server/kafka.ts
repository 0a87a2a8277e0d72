import 'server-only';
import { CATALOGUE, catalogueFor } from '@kafkloud/streamer';
import { createKafkaClient, type Admin, type KafkaClient } from '@kafkloud/streamer/kafka';
import { createLogger } from '@kafkloud/streamer/logger';
import {
  decodeValue,
  isUnderReplicated,
  lagOf,
  recordCount,
  sum,
  type ClusterSnapshot,
  type DecodedRecord,
  type GroupView,
  type TopicView,
} from '@/lib/kafka-view';
import type { Outcome } from '@/lib/problem';
import { env } from './env';

const MAX_TOPICS = 200;
const SNAPSHOT_TTL_MS = 1_500;

type KafkaState = {
  client?: KafkaClient;
  admin?: Promise<Admin>;
  snapshot?: { key: string; at: number; value: Promise<Outcome<ClusterSnapshot>> };
};

// One admin connection per server process, kept across requests (and dev reloads).
const state = ((globalThis as { kafkloudPortalKafka?: KafkaState }).kafkloudPortalKafka ??= {});

function client(): KafkaClient {
  const config = env();
  state.client ??= createKafkaClient(
    {
      brokers: config.KAFKA_BROKERS,
      clientId: 'kafkloud-portal',
      connectionTimeoutMs: 2_000,
      requestTimeoutMs: 5_000,
      retries: 1,
    },
    createLogger('portal', { level: config.LOG_LEVEL }),
  );
  return state.client;
}

async function admin(): Promise<Admin> {
  state.admin ??= (async () => {
    const created = client().admin();
    await created.connect();
    return created;
  })();
  try {
    return await state.admin;
  } catch (error) {
    state.admin = undefined;
    throw error;
  }
}

function kafkaProblem(error: unknown) {
  // A broken connection is dropped so the next request reconnects.
  state.admin = undefined;
  return {
    ok: false as const,
    problem: {
      status: 503,
      code: 'kafka_unreachable',
      title: 'Kafka is unreachable',
      detail: `${env().KAFKA_BROKERS.join(', ')}: ${error instanceof Error ? error.message : 'no answer'}`,
    },
  };
}

async function inBatches<T, R>(items: readonly T[], size: number, task: (item: T) => Promise<R>) {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += size) {
    results.push(...(await Promise.all(items.slice(start, start + size).map(task))));
  }
  return results;
}

async function takeSnapshot(showAll: boolean): Promise<Outcome<ClusterSnapshot>> {
  try {
    const kafka = await admin();
    const prefix = env().KAFKLOUD_TOPIC_PREFIX;
    const catalogue = catalogueFor(prefix);
    const [cluster, allTopics, groups] = await Promise.all([
      kafka.describeCluster(),
      kafka.listTopics(),
      kafka.listGroups(),
    ]);
    const catalogueNames = new Set(catalogue.map((spec) => spec.name));
    const visible = allTopics.filter((name) => !name.startsWith('__'));
    const chosen = visible
      .filter((name) => catalogueNames.has(name) || showAll)
      .sort(
        (a, b) =>
          Number(catalogueNames.has(b)) - Number(catalogueNames.has(a)) || a.localeCompare(b),
      )
      .slice(0, MAX_TOPICS);
    const described = chosen.length > 0 ? await kafka.describeTopics(chosen) : [];
    const offsets = new Map(
      await inBatches(chosen, 16, async (name) => [name, await kafka.topicOffsets(name)] as const),
    );

    const topics: TopicView[] = described.map((topic) => {
      const spec = catalogue.find((entry) => entry.name === topic.name);
      const partitions = topic.partitions.map((partition) => {
        const range = offsets.get(topic.name)?.find((o) => o.partition === partition.partition);
        const low = range?.low ?? '0';
        const high = range?.high ?? '0';
        return { ...partition, low, high, records: recordCount(low, high) };
      });
      return {
        name: topic.name,
        description: spec?.description ?? null,
        isCatalogue: spec !== undefined,
        partitions,
        records: sum(partitions.map((p) => p.records)),
        isUnderReplicated: isUnderReplicated(partitions),
      };
    });
    topics.sort(
      (a, b) =>
        catalogueOrder(a.name, prefix) - catalogueOrder(b.name, prefix) ||
        a.name.localeCompare(b.name),
    );

    const catalogueTopics = topics.filter((topic) => topic.isCatalogue);
    // Only groups with committed offsets on the catalogue are shown: a shared broker holds many.
    const groupViews = await inBatches(groups, 8, async (group): Promise<GroupView | null> => {
      const committed = await kafka
        .groupOffsets(
          group.groupId,
          catalogueTopics.map((topic) => topic.name),
        )
        .catch(() => []);
      const partitions = committed
        .filter((entry) => entry.offset !== null)
        .map((entry) => {
          const topic = catalogueTopics.find((t) => t.name === entry.topic);
          const partition = topic?.partitions.find((p) => p.partition === entry.partition);
          const low = partition?.low ?? '0';
          const high = partition?.high ?? '0';
          return {
            topic: entry.topic,
            partition: entry.partition,
            committed: entry.offset,
            high,
            lag: lagOf(entry.offset, low, high),
          };
        });
      if (partitions.length === 0) return null;
      return {
        groupId: group.groupId,
        state: group.state,
        members: group.members,
        partitions,
        lag: sum(partitions.map((p) => p.lag)),
      };
    });

    return {
      ok: true,
      status: 200,
      data: {
        clusterId: cluster.clusterId,
        controller: cluster.controller,
        brokers: [...cluster.brokers].sort((a, b) => a.nodeId - b.nodeId),
        topics,
        otherTopicCount: visible.length - catalogueTopics.length,
        groups: groupViews
          .filter((group): group is GroupView => group !== null)
          .sort((a, b) => a.groupId.localeCompare(b.groupId)),
        takenAt: new Date().toISOString(),
      },
    };
  } catch (error) {
    return kafkaProblem(error);
  }
}

function catalogueOrder(name: string, prefix: string): number {
  const index = CATALOGUE.findIndex((spec) => `${prefix}${spec.name}` === name);
  return index === -1 ? CATALOGUE.length : index;
}

/** The dashboard's view of the cluster; shared for a moment so refreshing tabs cost one read. */
export function clusterSnapshot(options: { showAll?: boolean } = {}) {
  const key = options.showAll ? 'all' : 'catalogue';
  const cached = state.snapshot;
  if (cached && cached.key === key && Date.now() - cached.at < SNAPSHOT_TTL_MS) return cached.value;
  const value = takeSnapshot(options.showAll ?? false);
  state.snapshot = { key, at: Date.now(), value };
  return value;
}

export async function brokerSummary(): Promise<
  Outcome<{ brokers: number; controller: number | null }>
> {
  try {
    const cluster = await (await admin()).describeCluster();
    return {
      ok: true,
      status: 200,
      data: { brokers: cluster.brokers.length, controller: cluster.controller },
    };
  } catch (error) {
    return kafkaProblem(error);
  }
}

export const MAX_BROWSED = 50;

/** The latest `count` records of a partition, decoded for display, newest first. */
export async function latestMessages(
  topic: string,
  partition: number,
  count: number,
): Promise<Outcome<DecodedRecord[]>> {
  try {
    const records = await (
      await admin()
    ).latestRecords(topic, partition, Math.min(count, MAX_BROWSED));
    return {
      ok: true,
      status: 200,
      data: records
        .map((record) => {
          const key = decodeValue(record.key);
          const value = decodeValue(record.value);
          return {
            partition: record.partition,
            offset: record.offset,
            timestamp: new Date(Number(record.timestamp)).toISOString(),
            key: key.text,
            value: value.text,
            isJson: value.isJson,
            headers: record.headers,
          };
        })
        .reverse(),
    };
  } catch (error) {
    return kafkaProblem(error);
  }
}
