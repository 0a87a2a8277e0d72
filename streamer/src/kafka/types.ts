/**
 * kafkloud's own view of a Kafka client. Services depend on these types only, so the
 * library underneath (kafkajs today) can be replaced without touching them.
 */
export type Headers = Record<string, string>;

export type OutgoingRecord = {
  topic: string;
  key: string | null;
  value: Buffer | string | null;
  headers?: Headers;
  /** Omit to let the key choose the partition (murmur2, as the Java client does). */
  partition?: number;
};

export type RecordPosition = { topic: string; partition: number; offset: string };

export type Producer = {
  connect(): Promise<void>;
  /**
   * Sends records and resolves, once every one is acknowledged by all in-sync replicas,
   * with the partition and offset of each record in input order.
   */
  send(records: readonly OutgoingRecord[]): Promise<RecordPosition[]>;
  disconnect(): Promise<void>;
};

export type IncomingRecord = {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Headers;
  /** Record timestamp, milliseconds since the epoch, as a string. */
  timestamp: string;
};

export type RecordBatch = {
  topic: string;
  partition: number;
  records: readonly IncomingRecord[];
  highWatermark: string;
  /** Must be called at least every few seconds while a batch is being handled. */
  heartbeat(): Promise<void>;
  /** False once the consumer is stopping: long handlers should give up and throw. */
  isRunning(): boolean;
};

export type BatchHandler = (batch: RecordBatch) => Promise<void>;

export type ConsumerRunOptions = {
  topics: readonly string[];
  fromBeginning?: boolean;
  partitionsConsumedConcurrently?: number;
  /**
   * Called for each fetched batch. The batch's offsets are committed only after it
   * resolves; if it throws, nothing of the batch is committed and the batch is redelivered.
   */
  handleBatch: BatchHandler;
};

export type Consumer = {
  connect(): Promise<void>;
  run(options: ConsumerRunOptions): Promise<void>;
  /** Stops fetching, waits for the batch in hand, leaves the group. */
  disconnect(): Promise<void>;
  isConnected(): boolean;
};

export type PartitionInfo = {
  partition: number;
  leader: number;
  replicas: number[];
  isr: number[];
  offline: number[];
};

export type TopicOffsets = { partition: number; low: string; high: string }[];

export type GroupOffsets = { topic: string; partition: number; offset: string | null }[];

export type ClusterInfo = {
  clusterId: string;
  controller: number | null;
  brokers: { nodeId: number; host: string; port: number }[];
};

export type GroupSummary = {
  groupId: string;
  state: string;
  members: number;
  protocolType: string;
};

export type Admin = {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  describeCluster(): Promise<ClusterInfo>;
  listTopics(): Promise<string[]>;
  describeTopics(
    topics: readonly string[],
  ): Promise<{ name: string; partitions: PartitionInfo[] }[]>;
  createTopics(
    topics: {
      name: string;
      partitions: number;
      replicationFactor: number;
      configs: Record<string, string>;
    }[],
  ): Promise<void>;
  describeTopicConfigs(topics: readonly string[]): Promise<Record<string, Record<string, string>>>;
  alterTopicConfigs(topic: string, configs: Record<string, string>): Promise<void>;
  deleteTopics(topics: readonly string[]): Promise<void>;
  topicOffsets(topic: string): Promise<TopicOffsets>;
  groupOffsets(groupId: string, topics: readonly string[]): Promise<GroupOffsets>;
  listGroups(): Promise<GroupSummary[]>;
  deleteGroups(groupIds: readonly string[]): Promise<void>;
  /**
   * The last `count` records of one partition, oldest first, read by a short-lived consumer in a
   * throwaway group that commits nothing and is deleted afterwards. Gives up after `timeoutMs`
   * with what it has read.
   */
  latestRecords(
    topic: string,
    partition: number,
    count: number,
    options?: { timeoutMs?: number },
  ): Promise<IncomingRecord[]>;
};

export type KafkaClient = {
  producer(options?: { transactionalId?: never }): Producer;
  consumer(options: {
    groupId: string;
    sessionTimeoutMs?: number;
    /** Upper bound of one fetch per partition (default 1 MiB): larger fetches, fewer batches. */
    maxBytesPerPartition?: number;
  }): Consumer;
  admin(): Admin;
};
