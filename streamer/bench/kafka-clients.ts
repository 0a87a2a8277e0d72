/**
 * The broker's ceiling and the Node clients beside it, in one run against one broker:
 * Kafka's own ProducerPerformance / ConsumerPerformance (Java), kafkloud's kafkajs-based client,
 * and @platformatic/kafka, each producing then consuming the same number of 200-byte records
 * with acks=all and an idempotent producer.
 * The Java tools move max(5 x BENCH_RECORDS, 500000) records so JIT warm-up is amortised.
 *   BENCH_RECORDS (default 100000), KAFKA_BROKERS (default 127.0.0.1:9092)
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  Consumer as PlatformaticConsumer,
  Producer as PlatformaticProducer,
  stringDeserializers,
  stringSerializers,
} from '@platformatic/kafka';
import { createKafkaClient } from '../src/kafka/kafkajs.js';
import { parseBrokers } from '../src/kafka/settings.js';
import { silentLogger, uniqueName } from '../src/testing/index.js';
import { progress, report, round } from '../src/testing/bench.js';

const run = promisify(execFile);
const RECORDS = Number(process.env.BENCH_RECORDS ?? 100_000);
const RECORD_BYTES = 200;
// The JVM tools time their own loop, JIT warm-up included: over at least 500,000 records that
// warm-up no longer decides the figure, so the ceiling is the broker's rather than the JVM's.
const JAVA_RECORDS = Math.max(RECORDS * 5, 500_000);
const BATCH = 1_000;
const brokers = parseBrokers(process.env.KAFKA_BROKERS ?? '127.0.0.1:9092');
const libs = fileURLToPath(new URL('../.kafka/libs/*', import.meta.url));
const client = createKafkaClient({ brokers, clientId: 'kafkloud-bench' }, silentLogger);
const payload = 'x'.repeat(RECORD_BYTES);

async function withTopic<T>(fn: (topic: string) => Promise<T>): Promise<T> {
  const topic = uniqueName('bench');
  const admin = client.admin();
  await admin.connect();
  await admin.createTopics([{ name: topic, partitions: 3, replicationFactor: 1, configs: {} }]);
  try {
    return await fn(topic);
  } finally {
    await admin.deleteTopics([topic]).catch(() => undefined);
    await admin.disconnect();
  }
}

async function java(main: string, args: string[]): Promise<string> {
  const { stdout } = await run('java', ['-Xmx512m', '-cp', libs, main, ...args], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

async function javaProducer(topic: string): Promise<number> {
  const out = await java('org.apache.kafka.tools.ProducerPerformance', [
    '--topic',
    topic,
    '--num-records',
    String(JAVA_RECORDS),
    '--record-size',
    String(RECORD_BYTES),
    '--throughput',
    '-1',
    '--producer-props',
    `bootstrap.servers=${brokers.join(',')}`,
    'acks=all',
    'enable.idempotence=true',
  ]);
  const match = /records sent, ([\d.]+) records\/sec/.exec(out.trim().split('\n').at(-1) ?? '');
  if (!match?.[1]) throw new Error(`cannot read ProducerPerformance output:\n${out}`);
  return Number(match[1]);
}

async function javaConsumer(topic: string): Promise<number> {
  const out = await java('org.apache.kafka.tools.ConsumerPerformance', [
    '--bootstrap-server',
    brokers.join(','),
    '--topic',
    topic,
    '--messages',
    String(JAVA_RECORDS),
    '--group',
    uniqueName('bench-java'),
  ]);
  const lines = out.trim().split('\n');
  const header = (lines.find((l) => l.includes('fetch.nMsg.sec')) ?? '')
    .split(',')
    .map((s) => s.trim());
  const values = (lines.at(-1) ?? '').split(',').map((s) => s.trim());
  const value = Number(values[header.indexOf('fetch.nMsg.sec')]);
  if (!Number.isFinite(value)) throw new Error(`cannot read ConsumerPerformance output:\n${out}`);
  return value;
}

async function kafkajsProducer(topic: string): Promise<number> {
  const producer = client.producer();
  await producer.connect();
  const started = performance.now();
  for (let sent = 0; sent < RECORDS; sent += BATCH) {
    const records = Array.from({ length: Math.min(BATCH, RECORDS - sent) }, (_, i) => ({
      topic,
      key: String(sent + i),
      value: payload,
    }));
    await producer.send(records);
  }
  const seconds = (performance.now() - started) / 1000;
  await producer.disconnect();
  return RECORDS / seconds;
}

async function kafkajsConsumer(topic: string): Promise<number> {
  const consumer = client.consumer({ groupId: uniqueName('bench-kafkajs') });
  await consumer.connect();
  let count = 0;
  let started = 0;
  const done = new Promise<number>((resolve) => {
    void consumer.run({
      topics: [topic],
      fromBeginning: true,
      handleBatch: async (batch) => {
        if (started === 0) started = performance.now();
        count += batch.records.length;
        if (count >= RECORDS) resolve((performance.now() - started) / 1000);
      },
    });
  });
  const seconds = await done;
  await consumer.disconnect();
  return RECORDS / seconds;
}

async function platformaticProducer(topic: string): Promise<number> {
  const producer = new PlatformaticProducer({
    clientId: 'kafkloud-bench-platformatic',
    bootstrapBrokers: [...brokers],
    serializers: stringSerializers,
    idempotent: true,
    acks: -1,
  });
  const started = performance.now();
  for (let sent = 0; sent < RECORDS; sent += BATCH) {
    await producer.send({
      messages: Array.from({ length: Math.min(BATCH, RECORDS - sent) }, (_, i) => ({
        topic,
        key: String(sent + i),
        value: payload,
      })),
    });
  }
  const seconds = (performance.now() - started) / 1000;
  await producer.close();
  return RECORDS / seconds;
}

async function platformaticConsumer(topic: string): Promise<number> {
  const consumer = new PlatformaticConsumer({
    groupId: uniqueName('bench-platformatic'),
    clientId: 'kafkloud-bench-platformatic',
    bootstrapBrokers: [...brokers],
    deserializers: stringDeserializers,
  });
  const stream = await consumer.consume({ topics: [topic], mode: 'earliest', autocommit: true });
  let count = 0;
  let started = 0;
  for await (const _message of stream) {
    if (started === 0) started = performance.now();
    count += 1;
    if (count >= RECORDS) break;
  }
  const seconds = (performance.now() - started) / 1000;
  await stream.close();
  await consumer.close(true);
  return RECORDS / seconds;
}

async function main(): Promise<void> {
  progress(
    `Kafka clients: ${RECORDS} records of ${RECORD_BYTES} bytes (Java tools: ${JAVA_RECORDS}), acks=all, idempotent`,
  );
  const results = await withTopic(async (javaTopic) => {
    progress('Java ProducerPerformance');
    const javaProduce = await javaProducer(javaTopic);
    progress('Java ConsumerPerformance');
    const javaConsume = await javaConsumer(javaTopic);
    const kafkajs = await withTopic(async (topic) => {
      progress('kafkajs (kafkloud client) produce');
      const produce = await kafkajsProducer(topic);
      progress('kafkajs (kafkloud client) consume');
      return { produce, consume: await kafkajsConsumer(topic) };
    });
    const platformatic = await withTopic(async (topic) => {
      progress('@platformatic/kafka produce');
      const produce = await platformaticProducer(topic);
      progress('@platformatic/kafka consume');
      return { produce, consume: await platformaticConsumer(topic) };
    });
    return { javaProduce, javaConsume, kafkajs, platformatic };
  });

  const rows: [string, number, number, string][] = [
    ['kafkajs produce', results.kafkajs.produce, results.javaProduce, 'ProducerPerformance (Java)'],
    [
      '@platformatic/kafka produce',
      results.platformatic.produce,
      results.javaProduce,
      'ProducerPerformance (Java)',
    ],
    ['kafkajs consume', results.kafkajs.consume, results.javaConsume, 'ConsumerPerformance (Java)'],
    [
      '@platformatic/kafka consume',
      results.platformatic.consume,
      results.javaConsume,
      'ConsumerPerformance (Java)',
    ],
  ];
  console.log(`\nKafka clients, ${RECORDS} records x ${RECORD_BYTES} B`);
  for (const [name, value, baseline, baselineName] of rows) {
    console.log(
      `  ${name.padEnd(30)} ${Math.round(value).toString().padStart(8)} rec/s   ${baselineName} ${Math.round(baseline)} rec/s   ratio ${round(value / baseline, 2)}`,
    );
    report({
      suite: 'kafka clients',
      name,
      value: Math.round(value),
      unit: 'records/s',
      baseline: Math.round(baseline),
      baselineName,
      ratio: round(value / baseline, 2),
    });
  }
  const produceGain = results.platformatic.produce / results.kafkajs.produce;
  const consumeGain = results.platformatic.consume / results.kafkajs.consume;
  console.log(
    `  @platformatic/kafka vs kafkajs: produce x${round(produceGain, 2)}, consume x${round(consumeGain, 2)}`,
  );
  report({
    suite: 'kafka clients',
    name: '@platformatic/kafka / kafkajs (produce)',
    value: round(produceGain, 2),
    unit: 'x',
  });
  report({
    suite: 'kafka clients',
    name: '@platformatic/kafka / kafkajs (consume)',
    value: round(consumeGain, 2),
    unit: 'x',
  });
}

await main();
