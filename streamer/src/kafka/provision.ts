import { CATALOGUE, placementFor, topicConfigs, type TopicSpec } from '../topics.js';
import type { Admin } from './types.js';

export type TopicDrift = {
  topic: string;
  setting: string;
  expected: string;
  actual: string;
  /** Partition counts and replication factors cannot be fixed in place without moving data. */
  isFixable: boolean;
};

export type ProvisionReport = {
  brokerCount: number;
  replicationFactor: number;
  created: string[];
  unchanged: string[];
  fixed: string[];
  drift: TopicDrift[];
};

/**
 * Creates the catalogue's missing topics and compares the existing ones with the catalogue.
 * Differences are reported, never silently ignored; with `fix` the fixable ones (topic
 * configs) are altered to match.
 */
export async function provision(
  admin: Admin,
  options: {
    catalogue?: readonly TopicSpec[];
    fix?: boolean;
    /**
     * The cluster's size. Only live brokers are registered, so while a node restarts the
     * registered count is lower; placement must follow the cluster, not the moment.
     */
    expectedBrokers?: number;
  } = {},
): Promise<ProvisionReport> {
  const catalogue = options.catalogue ?? CATALOGUE;
  const cluster = await admin.describeCluster();
  const placement = placementFor(options.expectedBrokers ?? cluster.brokers.length);
  const existing = new Set(await admin.listTopics());

  const missing = catalogue.filter((spec) => !existing.has(spec.name));
  if (missing.length > 0) {
    await admin.createTopics(
      missing.map((spec) => ({
        name: spec.name,
        partitions: spec.partitions,
        replicationFactor: placement.replicationFactor,
        configs: topicConfigs(spec, placement),
      })),
    );
  }

  const present = catalogue.filter((spec) => existing.has(spec.name));
  const drift: TopicDrift[] = [];
  if (present.length > 0) {
    const described = await admin.describeTopics(present.map((spec) => spec.name));
    const configs = await admin.describeTopicConfigs(present.map((spec) => spec.name));
    for (const spec of present) {
      const topic = described.find((t) => t.name === spec.name);
      const partitions = topic?.partitions.length ?? 0;
      if (partitions !== spec.partitions) {
        drift.push({
          topic: spec.name,
          setting: 'partitions',
          expected: String(spec.partitions),
          actual: String(partitions),
          isFixable: false,
        });
      }
      const replicas = topic?.partitions[0]?.replicas.length ?? 0;
      if (replicas !== placement.replicationFactor) {
        drift.push({
          topic: spec.name,
          setting: 'replication.factor',
          expected: String(placement.replicationFactor),
          actual: String(replicas),
          isFixable: false,
        });
      }
      const actual = configs[spec.name] ?? {};
      for (const [name, expected] of Object.entries(topicConfigs(spec, placement))) {
        if (actual[name] !== expected) {
          drift.push({
            topic: spec.name,
            setting: name,
            expected,
            actual: actual[name] ?? '(unset)',
            isFixable: true,
          });
        }
      }
    }
  }

  const fixed: string[] = [];
  if (options.fix) {
    const fixableTopics = new Set(drift.filter((d) => d.isFixable).map((d) => d.topic));
    for (const spec of catalogue.filter((s) => fixableTopics.has(s.name))) {
      await admin.alterTopicConfigs(spec.name, topicConfigs(spec, placement));
      fixed.push(spec.name);
    }
  }

  return {
    brokerCount: cluster.brokers.length,
    replicationFactor: placement.replicationFactor,
    created: missing.map((spec) => spec.name),
    unchanged: present
      .map((spec) => spec.name)
      .filter((name) => !drift.some((d) => d.topic === name)),
    fixed,
    drift: options.fix ? drift.filter((d) => !d.isFixable || !fixed.includes(d.topic)) : drift,
  };
}
