import { describe, expect, it } from 'vitest';
import { createEvent, eventCodec, topicNames, EVENT_TYPES } from '../src/index.js';
import { eventually, testKafkaClient, uniqueName } from '../src/testing/index.js';
import { baseUrl, stack } from './helpers.js';

const MALFORMED = [
  Buffer.from('{"specversion":'),
  Buffer.from([0xff, 0xfe, 0xfd]),
  Buffer.from('{"specversion":"1.0","id":"x"}'),
  Buffer.from(''),
];

describe('malformed records in every consumed topic', () => {
  it('when malformed records arrive on every topic the consumer and seer read, then they end in the DLQ and the next valid event is persisted and learned', async () => {
    const { brokers, prefix, token } = stack();
    const topics = topicNames(prefix);
    const client = testKafkaClient(brokers);
    const producer = client.producer();
    await producer.connect();
    const consumed = [
      topics.events,
      topics.timestampCommands,
      topics.receipts,
      topics.seerStatements,
      topics.seerQuestions,
    ];
    const poisoned = consumed.flatMap((topic) =>
      MALFORMED.map((value, i) => ({ topic, key: `poison-${i}`, value })),
    );
    await producer.send(poisoned);
    const event = createEvent({
      id: uniqueName('after-poison'),
      source: '/kafkloud/system-test',
      type: EVENT_TYPES.doit,
      correlationid: uniqueName('c'),
      data: {},
    });
    await producer.send([{ topic: topics.events, key: event.id, value: eventCodec.encode(event) }]);
    await producer.disconnect();

    const status = await eventually(
      async () => {
        const res = await fetch(`${baseUrl('consumer')}/status/${event.id}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        if (!res.ok) return undefined;
        const body = (await res.json()) as { stages: { learned?: unknown } };
        return body.stages.learned ? body : undefined;
      },
      {
        timeoutMs: 60_000,
        message: 'the valid event after the poison was not persisted and learned',
      },
    );
    expect(status.stages.learned).toBeDefined();

    const origins = new Set<string>();
    const reader = client.consumer({ groupId: uniqueName('dlq-reader') });
    await reader.connect();
    await reader.run({
      topics: [topics.eventsDlq],
      fromBeginning: true,
      handleBatch: async (batch) => {
        for (const record of batch.records) {
          const origin = Object.entries(record.headers).find(([name]) => /topic/i.test(name))?.[1];
          const hasReason = Object.entries(record.headers).some(
            ([name, value]) => /error|reason/i.test(name) && value.length > 0,
          );
          if (origin && hasReason) origins.add(origin);
        }
      },
    });
    await eventually(() => (consumed.every((t) => origins.has(t)) ? true : undefined), {
      timeoutMs: 60_000,
      message: `DLQ holds records from ${[...origins].join(', ')} only`,
    }).catch(() => undefined);
    await reader.disconnect();
    expect([...origins].sort()).toEqual([...consumed].sort());
  });
});
