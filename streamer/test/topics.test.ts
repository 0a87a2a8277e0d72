import { describe, expect, it } from 'vitest';
import {
  CATALOGUE,
  TOPICS,
  catalogueFor,
  placementFor,
  topicConfigs,
  topicNames,
} from '../src/topics.js';

describe('topic catalogue', () => {
  it('when listed, then it holds exactly the topics of the architecture', () => {
    expect(CATALOGUE.map((t) => t.name).sort()).toEqual(
      [
        'kafkloud.events.v1',
        'kafkloud.events.dlq.v1',
        'kafkloud.receipts.v1',
        'timestamp.command.v1',
        'seer.statements.v1',
        'seer.questions.v1',
        'seer.answers.v1',
      ].sort(),
    );
  });

  it('when the database must be rebuilt from a topic, then that topic keeps records forever', () => {
    for (const name of [TOPICS.events, TOPICS.receipts, TOPICS.timestampCommands]) {
      expect(CATALOGUE.find((t) => t.name === name)?.retentionMs).toBe(-1);
    }
  });

  it('when there are one, two or three brokers, then the replication follows', () => {
    expect(placementFor(1)).toEqual({ replicationFactor: 1, minInsyncReplicas: 1 });
    expect(placementFor(2)).toEqual({ replicationFactor: 1, minInsyncReplicas: 1 });
    expect(placementFor(3)).toEqual({ replicationFactor: 3, minInsyncReplicas: 2 });
    expect(placementFor(5)).toEqual({ replicationFactor: 3, minInsyncReplicas: 2 });
  });

  it('when a prefix is given, then every name carries it', () => {
    const names = topicNames('t-1.');
    expect(names.events).toBe('t-1.kafkloud.events.v1');
    expect(catalogueFor('t-1.').every((t) => t.name.startsWith('t-1.'))).toBe(true);
  });

  it('when configs are derived, then min.insync.replicas matches the placement', () => {
    const spec = CATALOGUE[0]!;
    expect(topicConfigs(spec, placementFor(3))['min.insync.replicas']).toBe('2');
  });
});
