export type PartitionView = {
  partition: number;
  leader: number;
  replicas: number[];
  isr: number[];
  offline: number[];
  low: string;
  high: string;
  /** high - low: the records the partition holds now (kafkajs cannot read log sizes). */
  records: string;
};

export type TopicView = {
  name: string;
  description: string | null;
  isCatalogue: boolean;
  partitions: PartitionView[];
  records: string;
  isUnderReplicated: boolean;
};

export type GroupPartitionView = {
  topic: string;
  partition: number;
  committed: string | null;
  high: string;
  lag: string;
};

export type GroupView = {
  groupId: string;
  state: string;
  members: number;
  partitions: GroupPartitionView[];
  lag: string;
};

export type ClusterSnapshot = {
  clusterId: string;
  controller: number | null;
  brokers: { nodeId: number; host: string; port: number }[];
  topics: TopicView[];
  otherTopicCount: number;
  groups: GroupView[];
  takenAt: string;
};

/** Records retained: high - low. */
export function recordCount(low: string, high: string): string {
  const count = BigInt(high) - BigInt(low);
  return (count < 0n ? 0n : count).toString();
}

/**
 * Lag of a group on one partition. With no committed offset the group starts from the earliest
 * retained record, so everything retained is unread.
 */
export function lagOf(committed: string | null, low: string, high: string): string {
  const from = committed === null ? BigInt(low) : BigInt(committed);
  const lag = BigInt(high) - (from < BigInt(low) ? BigInt(low) : from);
  return (lag < 0n ? 0n : lag).toString();
}

export function sum(values: readonly string[]): string {
  return values.reduce((total, value) => total + BigInt(value), 0n).toString();
}

export function isUnderReplicated(partitions: readonly Pick<PartitionView, 'isr' | 'replicas'>[]) {
  return partitions.some((partition) => partition.isr.length < partition.replicas.length);
}

export type DecodedRecord = {
  partition: number;
  offset: string;
  timestamp: string;
  key: string | null;
  value: string | null;
  isJson: boolean;
  headers: Record<string, string>;
};

/** UTF-8 text, pretty-printed when it is JSON. */
export function decodeValue(bytes: Uint8Array | null): { text: string | null; isJson: boolean } {
  if (bytes === null) return { text: null, isJson: false };
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  try {
    return { text: JSON.stringify(JSON.parse(text), null, 2), isJson: true };
  } catch {
    return { text, isJson: false };
  }
}
