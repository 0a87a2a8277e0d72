import { randomUUID } from 'node:crypto';
import kafkajs from 'kafkajs';
import type {
  Admin as KjsAdmin,
  IHeaders,
  Kafka as KafkaInstance,
  LogEntry,
  PartitionMetadata,
} from 'kafkajs';
import type { Logger } from 'pino';
import type {
  Admin,
  Consumer,
  ConsumerRunOptions,
  Headers,
  IncomingRecord,
  KafkaClient,
  OutgoingRecord,
  Producer,
  RecordPosition,
} from './types.js';

export type KafkaSettings = {
  brokers: readonly string[];
  clientId: string;
  /** Bounds connection attempts; a dead broker is reported within this time. */
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Retries of a failed request before the call rejects. */
  retries?: number;
  maxRetryTimeMs?: number;
};

// kafkajs is CommonJS: its named exports are reached through the default import.
const { ConfigResourceTypes, Kafka, logLevel, Partitioners } = kafkajs;

const KAFKAJS_TO_PINO = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
  [logLevel.NOTHING]: 'silent',
} as const;

function routeLogsTo(logger: Logger) {
  const kafkaLogger = logger.child({ component: 'kafkajs' });
  return () =>
    ({ level, log, namespace }: LogEntry) => {
      const { message, ...extra } = log;
      const pinoLevel = KAFKAJS_TO_PINO[level];
      if (pinoLevel === 'silent') return;
      kafkaLogger[pinoLevel]({ namespace, ...extra }, message);
    };
}

function headersToStrings(headers: IHeaders | undefined): Headers {
  const result: Headers = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) result[name] = first.toString();
  }
  return result;
}

/** Creates kafkloud's Kafka client over kafkajs with safe defaults. */
export function createKafkaClient(settings: KafkaSettings, logger: Logger): KafkaClient {
  const retries = settings.retries ?? 5;
  const kafka = new Kafka({
    clientId: settings.clientId,
    brokers: [...settings.brokers],
    connectionTimeout: settings.connectionTimeoutMs ?? 3_000,
    requestTimeout: settings.requestTimeoutMs ?? 10_000,
    retry: { retries, initialRetryTime: 100, maxRetryTime: settings.maxRetryTimeMs ?? 2_000 },
    logLevel: logLevel.WARN,
    logCreator: routeLogsTo(logger),
  });

  return {
    producer: () => createProducer(kafka, retries),
    consumer: (options) => createConsumer(kafka, options),
    admin: () => createAdmin(kafka.admin(), kafka),
  };
}

function createProducer(kafka: KafkaInstance, retries: number): Producer {
  const producer = kafka.producer({
    // Java-compatible murmur2 partitioning, the same function used below to place records.
    createPartitioner: Partitioners.DefaultPartitioner,
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    retry: { retries: Math.max(retries, 1) },
  });
  // Partition counts per topic, so each record's partition is known before sending and its
  // offset can be derived from the partition's base offset.
  const admin = kafka.admin();
  const partitionsByTopic = new Map<string, PartitionMetadata[]>();
  const partitioner = Partitioners.DefaultPartitioner();

  async function partitionsOf(topic: string): Promise<PartitionMetadata[]> {
    const known = partitionsByTopic.get(topic);
    if (known) return known;
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    const partitions = metadata.topics[0]?.partitions ?? [];
    if (partitions.length === 0) throw new Error(`topic ${topic} has no partitions`);
    partitionsByTopic.set(topic, partitions);
    return partitions;
  }

  return {
    async connect() {
      await admin.connect();
      await producer.connect();
    },
    async send(records: readonly OutgoingRecord[]): Promise<RecordPosition[]> {
      if (records.length === 0) return [];
      const placed: { record: OutgoingRecord; partition: number }[] = [];
      for (const record of records) {
        const partitionMetadata = await partitionsOf(record.topic);
        const partition =
          record.partition ??
          partitioner({
            topic: record.topic,
            partitionMetadata,
            message: { key: record.key, value: record.value },
          });
        placed.push({ record, partition });
      }

      const byTopic = new Map<string, { partition: number; record: OutgoingRecord }[]>();
      for (const item of placed) {
        const list = byTopic.get(item.record.topic) ?? [];
        list.push(item);
        byTopic.set(item.record.topic, list);
      }
      const metadata = await producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic.entries()].map(([topic, items]) => ({
          topic,
          messages: items.map(({ record, partition }) => ({
            key: record.key,
            value: record.value,
            partition,
            ...(record.headers ? { headers: record.headers } : {}),
          })),
        })),
      });

      // Records of one partition in one send form one batch, in order: record i of that
      // partition sits at baseOffset + i.
      const baseOffsets = new Map<string, bigint>();
      for (const entry of metadata) {
        if (entry.baseOffset === undefined) throw new Error('broker returned no base offset');
        baseOffsets.set(`${entry.topicName}\u0000${entry.partition}`, BigInt(entry.baseOffset));
      }
      const seen = new Map<string, bigint>();
      return placed.map(({ record, partition }) => {
        const slot = `${record.topic}\u0000${partition}`;
        const base = baseOffsets.get(slot);
        if (base === undefined) throw new Error(`no acknowledgement for ${slot}`);
        const index = seen.get(slot) ?? 0n;
        seen.set(slot, index + 1n);
        return { topic: record.topic, partition, offset: (base + index).toString() };
      });
    },
    async disconnect() {
      await producer.disconnect();
      await admin.disconnect();
    },
  };
}

function createConsumer(
  kafka: KafkaInstance,
  options: { groupId: string; sessionTimeoutMs?: number; maxBytesPerPartition?: number },
): Consumer {
  const consumer = kafka.consumer({
    groupId: options.groupId,
    sessionTimeout: options.sessionTimeoutMs ?? 30_000,
    heartbeatInterval: 3_000,
    allowAutoTopicCreation: false,
    retry: { retries: Number.MAX_SAFE_INTEGER, maxRetryTime: 5_000 },
    ...(options.maxBytesPerPartition ? { maxBytesPerPartition: options.maxBytesPerPartition } : {}),
  });
  let isConnected = false;
  consumer.on(consumer.events.CONNECT, () => {
    isConnected = true;
  });
  consumer.on(consumer.events.DISCONNECT, () => {
    isConnected = false;
  });
  consumer.on(consumer.events.CRASH, () => {
    isConnected = false;
  });

  return {
    async connect() {
      await consumer.connect();
      isConnected = true;
    },
    isConnected: () => isConnected,
    async run(run: ConsumerRunOptions) {
      await consumer.subscribe({
        topics: [...run.topics],
        fromBeginning: run.fromBeginning ?? false,
      });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: run.partitionsConsumedConcurrently ?? 1,
        eachBatch: async ({
          batch,
          heartbeat,
          isRunning,
          resolveOffset,
          commitOffsetsIfNecessary,
        }) => {
          if (batch.messages.length === 0) return;
          const records: IncomingRecord[] = batch.messages.map((message) => ({
            topic: batch.topic,
            partition: batch.partition,
            offset: message.offset,
            key: message.key,
            value: message.value,
            headers: headersToStrings(message.headers),
            timestamp: message.timestamp,
          }));
          await run.handleBatch({
            topic: batch.topic,
            partition: batch.partition,
            records,
            highWatermark: batch.highWatermark,
            heartbeat,
            isRunning,
          });
          // Invariant: the committed offset never passes a record the handler has not finished.
          // The batch's own commit fails fast, where `consumer.commitOffsets` would retry
          // forever against a coordinator that has moved (a broker died or came back): the
          // error makes kafkajs rejoin the group, which looks the coordinator up anew, and the
          // uncommitted batch is redelivered, which the handlers tolerate (they are idempotent).
          const last = batch.lastOffset();
          await commitOffsetsIfNecessary({
            topics: [
              {
                topic: batch.topic,
                partitions: [
                  { partition: batch.partition, offset: (BigInt(last) + 1n).toString() },
                ],
              },
            ],
          });
          resolveOffset(last);
        },
      });
    },
    async disconnect() {
      await consumer.disconnect();
      isConnected = false;
    },
  };
}

function createAdmin(admin: KjsAdmin, kafka: KafkaInstance): Admin {
  return {
    connect: () => admin.connect(),
    disconnect: () => admin.disconnect(),
    async describeCluster() {
      const cluster = await admin.describeCluster();
      return {
        clusterId: cluster.clusterId,
        controller: cluster.controller,
        brokers: cluster.brokers.map(({ nodeId, host, port }) => ({ nodeId, host, port })),
      };
    },
    listTopics: () => admin.listTopics(),
    async describeTopics(topics) {
      const metadata = await admin.fetchTopicMetadata({ topics: [...topics] });
      return metadata.topics.map((topic) => ({
        name: topic.name,
        partitions: topic.partitions
          .map((p) => ({
            partition: p.partitionId,
            leader: p.leader,
            replicas: p.replicas,
            isr: p.isr,
            offline: p.offlineReplicas ?? [],
          }))
          .sort((a, b) => a.partition - b.partition),
      }));
    },
    async createTopics(topics) {
      // kafkajs's own waitForLeaders gives up when a broker that has not caught up with the
      // new topic answers UNKNOWN_TOPIC_OR_PARTITION, which KRaft clusters do for a moment.
      await admin.createTopics({
        waitForLeaders: false,
        topics: topics.map((topic) => ({
          topic: topic.name,
          numPartitions: topic.partitions,
          replicationFactor: topic.replicationFactor,
          configEntries: Object.entries(topic.configs).map(([name, value]) => ({ name, value })),
        })),
      });
      const names = topics.map((topic) => topic.name);
      const deadline = Date.now() + 30_000;
      for (;;) {
        const hasLeaders = await admin
          .fetchTopicMetadata({ topics: names })
          .then((metadata) =>
            metadata.topics.every(
              (topic) =>
                topic.partitions.length > 0 && topic.partitions.every((p) => p.leader >= 0),
            ),
          )
          .catch(() => false);
        if (hasLeaders) return;
        if (Date.now() > deadline) throw new Error(`no leaders for ${names.join(', ')} after 30 s`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async describeTopicConfigs(topics) {
      const described = await admin.describeConfigs({
        includeSynonyms: false,
        resources: topics.map((name) => ({ type: ConfigResourceTypes.TOPIC, name })),
      });
      const result: Record<string, Record<string, string>> = {};
      for (const resource of described.resources) {
        const configs: Record<string, string> = {};
        for (const entry of resource.configEntries) configs[entry.configName] = entry.configValue;
        result[resource.resourceName] = configs;
      }
      return result;
    },
    async alterTopicConfigs(topic, configs) {
      await admin.alterConfigs({
        validateOnly: false,
        resources: [
          {
            type: ConfigResourceTypes.TOPIC,
            name: topic,
            configEntries: Object.entries(configs).map(([name, value]) => ({ name, value })),
          },
        ],
      });
    },
    async deleteTopics(topics) {
      await admin.deleteTopics({ topics: [...topics] });
    },
    async topicOffsets(topic) {
      const offsets = await admin.fetchTopicOffsets(topic);
      return offsets
        .map(({ partition, low, high }) => ({ partition, low, high }))
        .sort((a, b) => a.partition - b.partition);
    },
    async groupOffsets(groupId, topics) {
      const fetched = await admin.fetchOffsets({ groupId, topics: [...topics] });
      return fetched.flatMap(({ topic, partitions }) =>
        partitions.map(({ partition, offset }) => ({
          topic,
          partition,
          offset: offset === '-1' ? null : offset,
        })),
      );
    },
    async listGroups() {
      const { groups } = await admin.listGroups();
      if (groups.length === 0) return [];
      const described = await admin.describeGroups(groups.map((g) => g.groupId));
      return described.groups.map((group) => ({
        groupId: group.groupId,
        state: group.state,
        members: group.members.length,
        protocolType: group.protocolType,
      }));
    },
    async deleteGroups(groupIds) {
      await admin.deleteGroups([...groupIds]);
    },
    latestRecords: (topic, partition, count, options) =>
      readLatest(kafka, admin, { topic, partition, count, timeoutMs: options?.timeoutMs ?? 5_000 }),
  };
}

async function readLatest(
  kafka: KafkaInstance,
  admin: KjsAdmin,
  request: { topic: string; partition: number; count: number; timeoutMs: number },
): Promise<IncomingRecord[]> {
  const { topic, partition, count, timeoutMs } = request;
  const range = (await admin.fetchTopicOffsets(topic)).find((o) => o.partition === partition);
  if (!range) throw new Error(`topic ${topic} has no partition ${partition}`);
  const low = BigInt(range.low);
  const high = BigInt(range.high);
  if (high <= low || count <= 0) return [];
  const start = high - BigInt(count) > low ? high - BigInt(count) : low;

  const groupId = `kafkloud-browse-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 100 });
  const records: IncomingRecord[] = [];
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic] });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, timeoutMs);
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            if (batch.partition !== partition) return;
            for (const message of batch.messages) {
              if (BigInt(message.offset) >= high) break;
              records.push({
                topic,
                partition,
                offset: message.offset,
                key: message.key,
                value: message.value,
                headers: headersToStrings(message.headers),
                timestamp: message.timestamp,
              });
            }
            // Offsets may have gaps (compaction, transaction markers): stop on the batch's end.
            if (BigInt(batch.lastOffset()) + 1n >= high) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .then(() => consumer.seek({ topic, partition, offset: start.toString() }))
        .catch((error: unknown) => {
          clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(String(error)));
        });
    });
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined);
  }
  return records.slice(-count);
}
