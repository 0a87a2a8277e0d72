/**
 * The producer's own path over two Kafka clients: 64 callers each submitting one event at a
 * time through the producer's batcher (which coalesces what arrives while a send is in
 * flight) and waiting for its acknowledgement, as POST /produce does, without HTTP. Once over
 * kafkloud's kafkajs client, once over @platformatic/kafka behind the same send contract.
 * Both are idempotent with acks=all, which keeps one produce request per broker in flight.
 *
 *   BENCH_PATH_SECONDS  seconds per client (default 10)   BENCH_CONNECTIONS  callers (default 64)
 */
import { randomUUID } from 'node:crypto';
import {
  createEvent,
  eventCodec,
  EVENT_TYPES,
  type MessageEvent,
  type TopicNames,
} from '@kafkloud/streamer';
import {
  createKafkaClient,
  type OutgoingRecord,
  type RecordPosition,
} from '@kafkloud/streamer/kafka';
import {
  createTestTopics,
  progress,
  report,
  round,
  silentLogger,
  startOrReuseBroker,
} from '@kafkloud/streamer/testing';
import { Producer as PlatformaticProducer } from '@platformatic/kafka';
import { createBatcher } from '../src/kafka/batcher.js';

const SECONDS = Number(process.env.BENCH_PATH_SECONDS ?? 10);
const CALLERS = Number(process.env.BENCH_CONNECTIONS ?? 64);

type Send = (records: readonly OutgoingRecord[]) => Promise<RecordPosition[]>;
type PathFigures = { recordsPerSecond: number; p50Ms: number; p99Ms: number; sends: number };

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
}

async function drive(send: Send, topics: TopicNames): Promise<PathFigures> {
  let sends = 0;
  const batcher = createBatcher({
    send: (records) => {
      sends += 1;
      return send(records);
    },
    maxBatch: 500,
    timeoutMs: 10_000,
    retryAfterSeconds: 1,
  });
  const latencies: number[] = [];
  // Partitions are named so both clients place records alike and positions can be checked.
  let next = 0;
  const until = performance.now() + SECONDS * 1000;
  const caller = async () => {
    while (performance.now() < until) {
      const event = createEvent<MessageEvent>({
        id: randomUUID(),
        type: EVENT_TYPES.message,
        source: '/kafkloud/bench',
        correlationid: randomUUID(),
        data: { bench: 'hello from the producer path' },
      });
      const started = performance.now();
      await batcher.submit({
        topic: topics.events,
        partition: next++ % 3,
        key: event.id,
        value: eventCodec.encode(event),
        headers: { correlationId: event.correlationid },
      });
      latencies.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CALLERS }, caller));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    recordsPerSecond: Math.round(latencies.length / seconds),
    p50Ms: round(percentile(latencies, 0.5), 2),
    p99Ms: round(percentile(latencies, 0.99), 2),
    sends,
  };
}

/** @platformatic/kafka behind the producer's send contract: positions in input order. */
function platformaticSend(producer: PlatformaticProducer): Send {
  return async (records) => {
    const result = await producer.send({
      messages: records.map((record) => ({
        topic: record.topic,
        partition: record.partition,
        ...(record.key === null ? {} : { key: Buffer.from(record.key) }),
        value: Buffer.isBuffer(record.value) ? record.value : Buffer.from(record.value ?? ''),
        headers: new Map(
          Object.entries(record.headers ?? {}).map(([k, v]) => [Buffer.from(k), Buffer.from(v)]),
        ),
      })),
    });
    // One send of one topic-partition batch yields its base offset; the records of a partition
    // keep their order within it, so record i of that partition sits at base + i.
    const base = new Map(
      (result.offsets ?? []).map((o) => [`${o.topic}\u0000${o.partition}`, BigInt(o.offset)]),
    );
    const seen = new Map<string, bigint>();
    return records.map((record) => {
      const partition = record.partition ?? 0;
      const slot = `${record.topic}\u0000${partition}`;
      const index = seen.get(slot) ?? 0n;
      seen.set(slot, index + 1n);
      return {
        topic: record.topic,
        partition,
        offset: ((base.get(slot) ?? 0n) + index).toString(),
      };
    });
  };
}

const broker = await startOrReuseBroker();
const testTopics = await createTestTopics(broker.brokers);
try {
  progress(`producer path: ${CALLERS} callers, ${SECONDS} s per client`);
  const kafkajs = createKafkaClient(
    { brokers: broker.brokers, clientId: 'kafkloud-bench-path' },
    silentLogger,
  ).producer();
  await kafkajs.connect();
  progress('producer path over kafkajs');
  const overKafkajs = await drive((records) => kafkajs.send(records), testTopics.topics);
  await kafkajs.disconnect();

  const platformatic = new PlatformaticProducer({
    clientId: 'kafkloud-bench-path-platformatic',
    bootstrapBrokers: [...broker.brokers],
    idempotent: true,
    acks: -1,
  });
  progress('producer path over @platformatic/kafka');
  const overPlatformatic = await drive(platformaticSend(platformatic), testTopics.topics);
  await platformatic.close();

  const ratio = round(overPlatformatic.recordsPerSecond / overKafkajs.recordsPerSecond, 2);
  console.log(`\nProducer path (batcher, ${CALLERS} callers, acks=all, idempotent)`);
  for (const [name, f] of [
    ['kafkajs', overKafkajs],
    ['@platformatic/kafka', overPlatformatic],
  ] as const) {
    console.log(
      `  ${name.padEnd(22)} ${String(f.recordsPerSecond).padStart(7)} acknowledged/s   p50 ${f.p50Ms} ms   p99 ${f.p99Ms} ms   ${f.sends} sends`,
    );
  }
  console.log(`  @platformatic/kafka / kafkajs: x${ratio}`);
  for (const [name, f] of [
    ['kafkajs', overKafkajs],
    ['@platformatic/kafka', overPlatformatic],
  ] as const) {
    report({
      suite: 'kafka clients',
      name: `producer path over ${name}`,
      value: f.recordsPerSecond,
      unit: 'acknowledged events/s',
      note: `the producer's batcher, ${CALLERS} callers, p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms, ${f.sends} sends`,
    });
  }
  report({
    suite: 'kafka clients',
    name: '@platformatic/kafka / kafkajs (producer path)',
    value: ratio,
    unit: 'x',
  });
} finally {
  await testTopics.cleanup().catch(() => undefined);
  await broker.stop();
}
