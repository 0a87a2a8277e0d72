import { randomUUID } from 'node:crypto';
import {
  answerCodec,
  askResponseSchema,
  createEvent,
  eventCodec,
  EVENT_TYPES,
  questionCodec,
  receiptCodec,
  statementCodec,
  type Answer,
  type MessageEvent,
  type TopicNames,
} from '@kafkloud/streamer';
import { DLQ_HEADERS, type Producer } from '@kafkloud/streamer/kafka';
import {
  createTestTopics,
  eventually,
  testKafkaClient,
  uniqueName,
  type TestTopics,
} from '@kafkloud/streamer/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNKNOWN_ANSWER } from '../../src/domain/answer-question.js';
import {
  askJson,
  brokersFromEnv,
  collectRecords,
  startSeer,
  type RunningSeer,
} from '../helpers.js';

const brokers = brokersFromEnv();
const collection = uniqueName('c');
let testTopics: TestTopics;
let topics: TopicNames;
let running: RunningSeer;
let producer: Producer;
let reader: Awaited<ReturnType<typeof collectRecords>>;
const groups: string[] = [];

beforeAll(async () => {
  testTopics = await createTestTopics(brokers);
  topics = testTopics.topics;
  const group = uniqueName('seer-test');
  groups.push(group);
  running = await startSeer({
    KAFKLOUD_TOPIC_PREFIX: testTopics.prefix,
    SEER_COLLECTION: collection,
    SEER_GROUP: group,
  });
  await running.seer.startConsuming();
  producer = testKafkaClient(brokers, 'seer-test-producer').producer();
  await producer.connect();
  reader = await collectRecords(brokers, [topics.seerAnswers, topics.receipts, topics.eventsDlq]);
  groups.push(reader.groupId);
});

afterAll(async () => {
  await reader?.stop();
  await producer?.disconnect();
  await running?.close();
  await testTopics?.cleanup(groups);
});

function answerFor(questionId: string): Promise<Answer> {
  return eventually(
    () =>
      reader.records
        .filter((record) => record.topic === topics.seerAnswers)
        .map((record) => answerCodec.decode(record.value))
        .find((answer) => answer.questionId === questionId),
    { timeoutMs: 30_000, message: `no answer to ${questionId}` },
  );
}

function receiptsFor(eventId: string): number {
  return reader.records
    .filter((record) => record.topic === topics.receipts)
    .map((record) => receiptCodec.decode(record.value))
    .filter((receipt) => receipt.eventId === eventId && receipt.stage === 'learned').length;
}

async function askQuestion(id: string, question: string): Promise<Answer> {
  await producer.send([
    { topic: topics.seerQuestions, key: id, value: questionCodec.encode({ id, question }) },
  ]);
  return answerFor(id);
}

function messageEvent(data: Record<string, string>): MessageEvent {
  return createEvent<MessageEvent>({
    id: randomUUID(),
    type: EVENT_TYPES.message,
    source: '/kafkloud/seer-test',
    correlationid: randomUUID(),
    data,
  });
}

async function produceEvents(events: readonly MessageEvent[]) {
  return producer.send(
    events.map((event) => ({
      topic: topics.events,
      key: event.id,
      value: eventCodec.encode(event),
    })),
  );
}

describe('the Jukies over Kafka', () => {
  it('when asked before and after "Jukies are sweet", then the first answer does not know and the second cites it', async () => {
    const first = await askQuestion('jukies-1', 'How do Jukies taste?');
    expect(first.isKnown).toBe(false);
    expect(first.answer).toBe(UNKNOWN_ANSWER);
    expect(first.sources).toEqual([]);

    await producer.send([
      { topic: topics.seerStatements, key: null, value: statementCodec.encode('Jukies are sweet') },
    ]);
    // Topics are consumed independently: wait until the statement is in the index.
    await eventually(async () => {
      const response = await running.call('/ask', askJson('How do Jukies taste?'));
      const body = askResponseSchema.parse(await response.json());
      return body.isKnown ? body : undefined;
    });

    const second = await askQuestion('jukies-2', 'How do Jukies taste?');
    expect(second.isKnown).toBe(true);
    expect(second.answer).toContain('Jukies are sweet');
    expect(second.sources[0]).toMatchObject({
      text: 'Jukies are sweet',
      ref: { kind: 'statement', origin: 'kafka' },
    });
  });

  it('when a question arrives as plain text keyed by its id, then the answer carries that id', async () => {
    await producer.send([
      { topic: topics.seerQuestions, key: 'plain-1', value: 'Is anything known about zebras?' },
    ]);
    const answer = await answerFor('plain-1');
    expect(answer.question).toBe('Is anything known about zebras?');
  });
});

describe('records that break their contract', () => {
  it('when a statement and a question are not UTF-8, then both are dead-lettered with reason and origin and the next ones are still handled', async () => {
    const garbage = Buffer.from([0xff, 0xfe, 0xfd]);
    await producer.send([
      { topic: topics.seerStatements, key: 'bad-statement', value: garbage },
      { topic: topics.seerStatements, key: null, value: 'Quorlings hibernate under basalt.' },
      { topic: topics.seerQuestions, key: 'bad-question', value: garbage },
      { topic: topics.seerQuestions, key: 'after-bad', value: 'Where do quorlings hibernate?' },
    ]);
    const letters = await eventually(() => {
      const found = reader.records.filter(
        (record) =>
          record.topic === topics.eventsDlq &&
          ['bad-statement', 'bad-question'].includes(record.key?.toString() ?? ''),
      );
      return found.length === 2 ? found : undefined;
    });
    for (const letter of letters) {
      expect(letter.value?.equals(garbage)).toBe(true);
      expect(letter.headers[DLQ_HEADERS.reason]).toMatch(/UTF-8/i);
      expect(letter.headers[DLQ_HEADERS.originOffset]).toMatch(/^\d+$/);
    }
    expect(letters.map((letter) => letter.headers[DLQ_HEADERS.originTopic]).sort()).toEqual(
      [topics.seerQuestions, topics.seerStatements].sort(),
    );
    const answer = await answerFor('after-bad');
    expect(answer.question).toBe('Where do quorlings hibernate?');
  });
});

describe('events', () => {
  it('when an event is produced, then it is learned, a receipt is published and it is a source of a question about it', async () => {
    const event = messageEvent({ note: 'The zorblax shipment reached Lisbon harbour on Tuesday.' });
    const [position] = await produceEvents([event]);
    await eventually(() => (receiptsFor(event.id) > 0 ? true : undefined), { timeoutMs: 30_000 });

    const response = await running.call(
      '/ask',
      askJson('When did the zorblax shipment reach Lisbon?'),
    );
    const body = askResponseSchema.parse(await response.json());
    expect(body.isKnown).toBe(true);
    const source = body.sources.find((candidate) => candidate.id === `event:${event.id}`);
    expect(source?.ref).toEqual({
      kind: 'event',
      eventId: event.id,
      topic: topics.events,
      partition: position?.partition,
      offset: position?.offset,
    });
    expect(source?.text).toContain('zorblax shipment reached Lisbon harbour');
  });

  it('when the events are replayed by a fresh group, then the vector count is unchanged', async () => {
    const events = Array.from({ length: 20 }, (_, i) =>
      messageEvent({ note: `Replay check number ${i}: crate ${i} holds ${i * 3} lanterns.` }),
    );
    await produceEvents(events);
    await eventually(() => (events.every((e) => receiptsFor(e.id) >= 1) ? true : undefined), {
      timeoutMs: 30_000,
    });
    const before = await running.seer.store.count();

    const replayGroup = uniqueName('seer-replay');
    groups.push(replayGroup);
    const replay = await startSeer({
      KAFKLOUD_TOPIC_PREFIX: testTopics.prefix,
      SEER_COLLECTION: collection,
      SEER_GROUP: replayGroup,
    });
    try {
      await replay.seer.startConsuming();
      // Each event is learned again (a second receipt) without adding a vector.
      await eventually(() => (events.every((e) => receiptsFor(e.id) >= 2) ? true : undefined), {
        timeoutMs: 45_000,
      });
      expect(await running.seer.store.count()).toBe(before);
    } finally {
      await replay.close();
    }
  });

  it('when Chroma and Kafka are reachable and consuming, then /readyz is 200', async () => {
    const response = await fetch(`${running.url}/readyz`);
    const body = (await response.json()) as { status: string };
    expect(response.status).toBe(200);
    expect(body.status).toBe('ready');
  });
});
