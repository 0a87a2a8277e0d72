/**
 * Consumer benchmark.
 *   1. Persist throughput from a pre-filled topic (BENCH_EVENTS, default 200,000) into a real
 *      Postgres, against Postgres's own COPY of the same rows into an empty copy of the schema,
 *      in the same run (goal: at least 0.5x COPY). The same figure for PGlite.
 *   2. Produced -> persisted latency at 500 events/s (goal: p99 <= 100 ms).
 * Env: KAFKA_BROKERS (else a local or private broker), BENCH_POSTGRES_URL (admin URL, default
 * postgres://postgres@127.0.0.1:5432/postgres), BENCH_EVENTS, BENCH_LATENCY_SECONDS, BENCH_QUICK=1.
 */
import { randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { createEvent, eventCodec, EVENT_TYPES, type TopicNames } from '@kafkloud/streamer';
import { createMetricsRegistry } from '@kafkloud/streamer/http';
import { createKafkaClient, type KafkaClient } from '@kafkloud/streamer/kafka';
import {
  createTestTopics,
  progress,
  report,
  round,
  silentLogger,
  startOrReuseBroker,
  uniqueName,
} from '@kafkloud/streamer/testing';
import type { DatabaseTarget } from '../src/config.js';
import { openDatabase, type Database } from '../src/db/connection.js';
import { createEventStore } from '../src/db/store.js';
import type { EventStore } from '../src/domain/types.js';
import {
  FETCH_BYTES_PER_PARTITION,
  runPersistingConsumer,
} from '../src/kafka/persisting-consumer.js';
import { createConsumerMetrics } from '../src/metrics.js';

const QUICK = process.env.BENCH_QUICK === '1';
const EVENTS = Number(process.env.BENCH_EVENTS ?? (QUICK ? 20_000 : 200_000));
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? (QUICK ? 5 : 20));
const RATE = 500;
const run = promisify(execFile);
const ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const databases: string[] = [];
async function createPostgresDatabase(): Promise<DatabaseTarget> {
  const name = uniqueName('consumer_bench').replaceAll('-', '_');
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  databases.push(name);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return { kind: 'postgres', url: url.toString() };
}

function makeEvent(index: number) {
  return createEvent({
    id: randomUUID(),
    type: EVENT_TYPES.message,
    source: '/kafkloud/bench',
    correlationid: randomUUID(),
    data: { index, text: `benchmark event ${index}`, isBench: true },
  });
}

async function prefill(kafka: KafkaClient, topic: string, count: number): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  const chunk = 2_000;
  for (let i = 0; i < count; i += chunk) {
    const events = Array.from({ length: Math.min(chunk, count - i) }, (_, j) => makeEvent(i + j));
    await producer.send(
      events.map((event) => ({ topic, key: event.id, value: eventCodec.encode(event) })),
    );
    if ((i / chunk) % 20 === 0) progress(`pre-filled ${i + events.length}/${count}`);
  }
  await producer.disconnect();
}

type Observer = (rows: { producedAt: Date }[], committedAt: number) => void;

/** Runs the consumer's own pipeline (no HTTP) with a fresh group until `expected` new events are written. */
async function persistAll(
  kafka: KafkaClient,
  topics: TopicNames,
  database: Database,
  expected: number,
  observe?: Observer,
): Promise<{
  seconds: number;
  databaseSeconds: number;
  batches: number;
  stop: () => Promise<void>;
  isDone: Promise<void>;
}> {
  const inner = createEventStore(database.db);
  let written = 0;
  let firstAt: number | undefined;
  let resolveDone: () => void = () => undefined;
  const isDone = new Promise<void>((resolve) => (resolveDone = resolve));
  let doneAt = 0;
  let databaseMs = 0;
  let batches = 0;
  const store: EventStore = {
    ...inner,
    async persist(batch) {
      firstAt ??= performance.now();
      const writeStarted = performance.now();
      const result = await inner.persist(batch);
      databaseMs += performance.now() - writeStarted;
      batches += 1;
      observe?.(batch.events, Date.now());
      written += result.insertedEvents;
      if (written >= expected && doneAt === 0) {
        doneAt = performance.now();
        resolveDone();
      }
      return result;
    },
  };
  const consumer = kafka.consumer({
    groupId: uniqueName('consumer-bench'),
    maxBytesPerPartition: FETCH_BYTES_PER_PARTITION,
  });
  await consumer.connect();
  await runPersistingConsumer(consumer, {
    fromBeginning: true,
    deps: {
      store,
      topics,
      metrics: createConsumerMetrics(createMetricsRegistry('consumer-bench')),
      logger: silentLogger,
      deadLetters: { publish: async () => undefined },
    },
  });
  return {
    get seconds() {
      return ((doneAt || performance.now()) - (firstAt ?? performance.now())) / 1_000;
    },
    isDone,
    get databaseSeconds() {
      return databaseMs / 1_000;
    },
    get batches() {
      return batches;
    },
    stop: () => consumer.disconnect(),
  };
}

/**
 * Postgres's own bulk path for the same rows: dump them with psql's \copy, then time loading
 * both tables through COPY FROM STDIN in one transaction into an empty copy of the schema.
 */
async function copyBaseline(
  source: string,
  target: string,
): Promise<{ seconds: number; rows: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'kafkloud-bench-copy-'));
  const tables = [
    {
      name: 'events',
      columns:
        'id, type, source, time, data, correlation_id, topic, partition, "offset", produced_at, persisted_at',
    },
    { name: 'event_stages', columns: 'event_id, stage, at' },
  ];
  const psql = (url: string, script: string) =>
    run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', script], {
      maxBuffer: 1 << 20,
    });
  try {
    for (const table of tables) {
      await psql(
        source,
        `\\copy (select ${table.columns} from ${table.name} order by seq) to '${dir}/${table.name}.tsv'`,
      );
    }
    const script = join(dir, 'load.sql');
    await writeFile(
      script,
      [
        'begin;',
        ...tables.map((t) => `\\copy ${t.name} (${t.columns}) from '${dir}/${t.name}.tsv'`),
        'commit;',
        '',
      ].join('\n'),
    );
    const started = performance.now();
    await run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', target, '-f', script]);
    const seconds = (performance.now() - started) / 1_000;
    const { stdout } = await run('psql', [
      '-X',
      '-A',
      '-t',
      '-d',
      target,
      '-c',
      'select count(*) from events',
    ]);
    return { seconds, rows: Number(stdout.trim()) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function main(): Promise<void> {
  const broker = await startOrReuseBroker();
  const kafka = createKafkaClient(
    { brokers: broker.brokers, clientId: 'kafkloud-consumer-bench' },
    silentLogger,
  );
  const filled = await createTestTopics(broker.brokers);
  const live = await createTestTopics(broker.brokers);
  const pgliteDir = await mkdtemp(join(tmpdir(), 'kafkloud-bench-pglite-'));
  try {
    progress(`pre-filling ${EVENTS} events`);
    await prefill(kafka, filled.topics.events, EVENTS);

    progress('persisting into Postgres');
    const pgTarget = await createPostgresDatabase();
    const pgDatabase = await openDatabase(pgTarget);
    await pgDatabase.migrate();
    const pgRun = await persistAll(kafka, filled.topics, pgDatabase, EVENTS);
    await pgRun.isDone;
    await pgRun.stop();
    const pgSeconds = pgRun.seconds;
    progress(
      `Postgres: ${round(pgSeconds, 2)} s, of which ${round(pgRun.databaseSeconds, 2)} s in ${pgRun.batches} write transactions`,
    );
    await pgDatabase.close();

    progress('COPY of the same rows into an empty schema');
    const copyTarget = await createPostgresDatabase();
    const copyDatabase = await openDatabase(copyTarget);
    await copyDatabase.migrate();
    await copyDatabase.close();
    const copy = await copyBaseline(
      (pgTarget as { url: string }).url,
      (copyTarget as { url: string }).url,
    );
    if (copy.rows !== EVENTS) throw new Error(`COPY wrote ${copy.rows} rows, expected ${EVENTS}`);

    progress('persisting into PGlite');
    const pglite = await openDatabase({ kind: 'pglite', dataDir: pgliteDir });
    await pglite.migrate();
    const pgliteRun = await persistAll(kafka, filled.topics, pglite, EVENTS);
    await pgliteRun.isDone;
    await pgliteRun.stop();
    const pgliteSeconds = pgliteRun.seconds;
    await pglite.close();

    progress(`latency at ${RATE} events/s for ${LATENCY_SECONDS} s`);
    const latencyTarget = await createPostgresDatabase();
    const latencyDatabase = await openDatabase(latencyTarget);
    await latencyDatabase.migrate();
    const latencies: number[] = [];
    let isMeasuring = false;
    const total = RATE * LATENCY_SECONDS;
    const latencyRun = await persistAll(
      kafka,
      live.topics,
      latencyDatabase,
      total + 1,
      (rows, committedAt) => {
        if (!isMeasuring) return;
        for (const row of rows) latencies.push(committedAt - row.producedAt.getTime());
      },
    );
    const producer = kafka.producer();
    await producer.connect();
    const send = (events: ReturnType<typeof makeEvent>[]) =>
      producer.send(
        events.map((event) => ({
          topic: live.topics.events,
          key: event.id,
          value: eventCodec.encode(event),
        })),
      );
    await send([makeEvent(-1)]);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    isMeasuring = true;
    const perTick = 10;
    const tickMs = (1_000 * perTick) / RATE;
    const started = performance.now();
    for (let sent = 0; sent < total; sent += perTick) {
      const due = started + (sent / perTick) * tickMs;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      await send(Array.from({ length: perTick }, (_, i) => makeEvent(sent + i)));
    }
    const achievedRate = total / ((performance.now() - started) / 1_000);
    await latencyRun.isDone;
    await latencyRun.stop();
    await producer.disconnect();
    await latencyDatabase.close();
    const sorted = latencies.sort((a, b) => a - b);

    const result = {
      events: EVENTS,
      postgresEventsPerSecond: Math.round(EVENTS / pgSeconds),
      copyEventsPerSecond: Math.round(EVENTS / copy.seconds),
      ratioToCopy: round(copy.seconds / pgSeconds, 3),
      pgliteEventsPerSecond: Math.round(EVENTS / pgliteSeconds),
      latencyMs: {
        rate: round(achievedRate, 0),
        samples: sorted.length,
        p50: percentile(sorted, 50),
        p95: percentile(sorted, 95),
        p99: percentile(sorted, 99),
        max: sorted.at(-1) ?? Number.NaN,
      },
      loadAverage: loadavg().map((value) => round(value, 2)),
    };
    console.log(
      `consumer benchmark: ${EVENTS} events pre-filled, load average ${result.loadAverage.join(' ')}`,
    );
    console.log(
      `  Kafka -> Postgres (consumer)   ${result.postgresEventsPerSecond} events/s (${round(pgSeconds, 2)} s)`,
    );
    console.log(
      `  COPY of the same rows          ${result.copyEventsPerSecond} events/s (${round(copy.seconds, 2)} s)`,
    );
    console.log(`  ratio to COPY                  ${result.ratioToCopy}x (goal >= 0.5x)`);
    console.log(
      `  Kafka -> PGlite (consumer)     ${result.pgliteEventsPerSecond} events/s (${round(pgliteSeconds, 2)} s)`,
    );
    console.log(
      `  produced -> persisted at ${result.latencyMs.rate}/s: p50 ${result.latencyMs.p50} ms, p95 ${result.latencyMs.p95} ms, p99 ${result.latencyMs.p99} ms (goal <= 100), max ${result.latencyMs.max} ms, ${result.latencyMs.samples} samples`,
    );
    console.log(JSON.stringify({ bench: 'consumer', ...result }));
    report({
      suite: 'consumer',
      name: 'persist throughput, Kafka -> Postgres',
      value: result.postgresEventsPerSecond,
      unit: 'events/s',
      baseline: result.copyEventsPerSecond,
      baselineName: 'Postgres COPY of the same rows',
      ratio: result.ratioToCopy,
      goal: '>= 0.5x COPY',
      met: result.ratioToCopy >= 0.5,
      note: `${EVENTS} events`,
      whyNotMet:
        'COPY streams rows into two tables and nothing more; the consumer also reads the records from Kafka, decodes and validates each envelope, skips ids it already has (ON CONFLICT DO NOTHING against the primary key) and commits the offsets, batch by batch, in one writer so stage sequence numbers follow partition order. The write transactions alone take about twice as long as COPY.',
    });
    report({
      suite: 'consumer',
      name: 'share of persist time in database write transactions',
      value: round((pgRun.databaseSeconds / pgSeconds) * 100, 1),
      unit: '%',
      note: `${round(pgRun.databaseSeconds, 2)} of ${round(pgSeconds, 2)} s in ${pgRun.batches} transactions; the rest is fetching from Kafka, decoding and committing offsets`,
    });
    report({
      suite: 'consumer',
      name: 'persist throughput, Kafka -> PGlite',
      value: result.pgliteEventsPerSecond,
      unit: 'events/s',
      baseline: result.postgresEventsPerSecond,
      baselineName: 'Kafka -> Postgres',
      ratio: round(result.pgliteEventsPerSecond / result.postgresEventsPerSecond, 3),
    });
    report({
      suite: 'consumer',
      name: `produced -> persisted p99 at ${RATE} events/s`,
      value: result.latencyMs.p99,
      unit: 'ms',
      goal: '<= 100 ms',
      met: result.latencyMs.p99 <= 100,
      note: `p50 ${result.latencyMs.p50} ms, p95 ${result.latencyMs.p95} ms, ${result.latencyMs.samples} samples at ${result.latencyMs.rate}/s`,
    });
  } finally {
    await filled.cleanup().catch(() => undefined);
    await live.cleanup().catch(() => undefined);
    await rm(pgliteDir, { recursive: true, force: true });
    const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
    for (const name of databases)
      await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
    await broker.stop();
  }
}

await main();
