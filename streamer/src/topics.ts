/**
 * The topic catalogue. Topics are created by `provision`, never auto-created by the broker.
 * Retention is unlimited on the topics the database and seer are rebuilt from.
 */
export type CleanupPolicy = 'delete' | 'compact';

export type TopicSpec = {
  name: string;
  description: string;
  partitions: number;
  cleanupPolicy: CleanupPolicy;
  /** -1 keeps records forever. */
  retentionMs: number;
  key: string;
  value: string;
};

const DAY_MS = 24 * 60 * 60 * 1000;

export const TOPICS = {
  events: 'kafkloud.events.v1',
  eventsDlq: 'kafkloud.events.dlq.v1',
  receipts: 'kafkloud.receipts.v1',
  timestampCommands: 'timestamp.command.v1',
  seerStatements: 'seer.statements.v1',
  seerQuestions: 'seer.questions.v1',
  seerAnswers: 'seer.answers.v1',
} as const;

export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];

export const CATALOGUE: readonly TopicSpec[] = [
  {
    name: TOPICS.events,
    description: 'Every kafkloud event, the source of truth the database is rebuilt from.',
    partitions: 3,
    cleanupPolicy: 'delete',
    retentionMs: -1,
    key: 'event id',
    value: 'CloudEvents 1.0 structured JSON',
  },
  {
    name: TOPICS.eventsDlq,
    description: 'Records that could not be decoded or validated, with the reason in headers.',
    partitions: 1,
    cleanupPolicy: 'delete',
    retentionMs: 30 * DAY_MS,
    key: 'original key',
    value: 'original bytes',
  },
  {
    name: TOPICS.receipts,
    description: 'Stage receipts from sinks other than the consumer (seer: learned).',
    partitions: 3,
    cleanupPolicy: 'delete',
    retentionMs: -1,
    key: 'event id',
    value: '{ eventId, stage, at }',
  },
  {
    name: TOPICS.timestampCommands,
    description: 'Timestamp commands in the existing command service format.',
    partitions: 3,
    cleanupPolicy: 'delete',
    retentionMs: -1,
    key: 'any',
    value: '{ command_id, event_timestamp }',
  },
  {
    name: TOPICS.seerStatements,
    description: 'Statements for seer to learn.',
    partitions: 1,
    cleanupPolicy: 'delete',
    retentionMs: -1,
    key: 'any',
    value: 'UTF-8 text',
  },
  {
    name: TOPICS.seerQuestions,
    description: 'Questions for seer.',
    partitions: 1,
    cleanupPolicy: 'delete',
    retentionMs: 7 * DAY_MS,
    key: 'question id',
    value: 'UTF-8 text or { id, question }',
  },
  {
    name: TOPICS.seerAnswers,
    description: "Seer's answers, keyed by question id.",
    partitions: 1,
    cleanupPolicy: 'delete',
    retentionMs: 7 * DAY_MS,
    key: 'question id',
    value: '{ questionId, question, answer, sources }',
  },
];

export type Placement = { replicationFactor: number; minInsyncReplicas: number };

/** One broker: RF 1. Three or more: RF 3 with min.insync.replicas 2, so one broker may fail. */
export function placementFor(brokerCount: number): Placement {
  if (brokerCount >= 3) return { replicationFactor: 3, minInsyncReplicas: 2 };
  return { replicationFactor: 1, minInsyncReplicas: 1 };
}

/** The broker-side configs a catalogue topic must carry. */
export function topicConfigs(spec: TopicSpec, placement: Placement): Record<string, string> {
  return {
    'cleanup.policy': spec.cleanupPolicy,
    'retention.ms': String(spec.retentionMs),
    'min.insync.replicas': String(placement.minInsyncReplicas),
  };
}

export type TopicNames = { -readonly [K in keyof typeof TOPICS]: string };

/**
 * The catalogue's names under an optional prefix. Tests and side-by-side stacks use a prefix
 * (`KAFKLOUD_TOPIC_PREFIX`) so they never share topics with a running stack.
 */
export function topicNames(prefix = ''): TopicNames {
  const names = {} as TopicNames;
  for (const [key, name] of Object.entries(TOPICS) as [keyof typeof TOPICS, string][]) {
    names[key] = `${prefix}${name}`;
  }
  return names;
}

export function catalogueFor(prefix = ''): TopicSpec[] {
  return CATALOGUE.map((spec) => ({ ...spec, name: `${prefix}${spec.name}` }));
}
