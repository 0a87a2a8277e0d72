import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provision } from '../../src/kafka/provision.js';
import type { Admin } from '../../src/kafka/types.js';
import {
  createTestTopics,
  eventually,
  testKafkaClient,
  type TestTopics,
} from '../../src/testing/index.js';
import { catalogueFor } from '../../src/topics.js';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

describe('provision', () => {
  let admin: Admin;
  let topics: TestTopics;

  beforeAll(async () => {
    admin = testKafkaClient(brokers).admin();
    await admin.connect();
    topics = await createTestTopics(brokers);
  });

  afterAll(async () => {
    await admin.disconnect();
    await topics.cleanup();
  });

  it('when every topic exists as catalogued, then a second run creates nothing and finds no drift', async () => {
    const report = await provision(admin, { catalogue: catalogueFor(topics.prefix) });
    expect(report.created).toEqual([]);
    expect(report.drift).toEqual([]);
    expect(report.unchanged).toHaveLength(7);
    const described = await admin.describeTopics([topics.topics.events]);
    expect(described[0]?.partitions).toHaveLength(3);
  });

  it('when a topic config drifts, then it is reported, and --fix restores it', async () => {
    await admin.alterTopicConfigs(topics.topics.eventsDlq, {
      'cleanup.policy': 'delete',
      'retention.ms': '1000',
      'min.insync.replicas': '1',
    });
    // Config changes reach the broker's metadata cache asynchronously.
    const report = await eventually(async () => {
      const attempt = await provision(admin, { catalogue: catalogueFor(topics.prefix) });
      return attempt.drift.length > 0 ? attempt : undefined;
    });
    expect(report.drift).toEqual([
      {
        topic: topics.topics.eventsDlq,
        setting: 'retention.ms',
        expected: String(30 * 24 * 60 * 60 * 1000),
        actual: '1000',
        isFixable: true,
      },
    ]);

    const fixed = await provision(admin, { catalogue: catalogueFor(topics.prefix), fix: true });
    expect(fixed.fixed).toEqual([topics.topics.eventsDlq]);
    expect(fixed.drift).toEqual([]);
    const again = await eventually(async () => {
      const attempt = await provision(admin, { catalogue: catalogueFor(topics.prefix) });
      return attempt.drift.length === 0 ? attempt : undefined;
    });
    expect(again.drift).toEqual([]);
  });

  it('when a topic has fewer partitions than catalogued, then the drift is reported as not fixable', async () => {
    const catalogue = catalogueFor(topics.prefix).map((spec) =>
      spec.name === topics.topics.seerAnswers ? { ...spec, partitions: 4 } : spec,
    );
    const report = await provision(admin, { catalogue });
    expect(report.drift).toContainEqual({
      topic: topics.topics.seerAnswers,
      setting: 'partitions',
      expected: '4',
      actual: '1',
      isFixable: false,
    });
  });
});
