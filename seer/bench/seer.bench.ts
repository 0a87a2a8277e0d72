/* Seer benchmark: index throughput and /ask latency with BENCH_ITEMS items indexed. */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createEvent, EVENT_TYPES, type MessageEvent } from '@kafkloud/streamer';
import {
  report as benchFigure,
  silentLogger,
  uniqueName,
  type BenchFigure,
} from '@kafkloud/streamer/testing';
import { configSchema } from '../src/config.js';
import { learnEvents, type PositionedEvent } from '../src/domain/learn-events.js';
import { describeEventContent } from '../src/domain/describe-event.js';
import { createSeer } from '../src/service.js';
import { startChroma } from '../test/chroma.js';

const ITEMS = Number(
  process.env.BENCH_ITEMS ?? (process.env.BENCH_QUICK === '1' ? 5_000 : 100_000),
);
const BATCH = Number(process.env.BENCH_BATCH ?? 1_000);
/** Batches in flight at once, as seer consumes its three event partitions concurrently. */
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 3);
const QUESTIONS = Number(process.env.BENCH_QUESTIONS ?? 300);
const TOKEN = 'bench-token-0123456789abcdef';

/** A deterministic pseudo-random generator, so every run indexes the same texts. */
function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const random = mulberry32(42);
const SYLLABLES = ['ka', 'lo', 'mi', 'ren', 'to', 'sha', 'vel', 'dor', 'qui', 'zan', 'por', 'bex'];
const VOCABULARY = Array.from({ length: 3_000 }, () => {
  const length = 2 + Math.floor(random() * 3);
  return Array.from({ length }, () => SYLLABLES[Math.floor(random() * SYLLABLES.length)]).join('');
});
const word = () => VOCABULARY[Math.floor(random() * VOCABULARY.length)]!;
const sentence = (words: number) => Array.from({ length: words }, word).join(' ');

function makeEvents(count: number, topic: string): PositionedEvent[] {
  return Array.from({ length: count }, (_, index) => ({
    event: createEvent<MessageEvent>({
      id: randomUUID(),
      type: EVENT_TYPES.message,
      source: '/kafkloud/bench',
      correlationid: randomUUID(),
      data: { note: `${sentence(12)}.`, order: index },
    }),
    topic,
    partition: index % 3,
    offset: String(Math.floor(index / 3)),
  }));
}

function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

async function timeRequests(count: number, request: (i: number) => Promise<void>) {
  const latencies: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const start = performance.now();
    await request(i);
    latencies.push(performance.now() - start);
  }
  latencies.sort((a, b) => a - b);
  return {
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
  };
}

const fmt = (value: number) => value.toFixed(2);

const CLOCK_TICKS_PER_SECOND = 100;

/**
 * CPU seconds used so far by this process and, when known, by the Chroma server (Linux
 * /proc). On a shared machine wall-clock throughput measures the neighbours too; events per
 * CPU second does not.
 */
function cpuSeconds(chromaPid: number | undefined): { own: number; chroma: number | undefined } {
  const usage = process.cpuUsage();
  let chroma: number | undefined;
  if (chromaPid !== undefined) {
    try {
      const fields = readFileSync(`/proc/${chromaPid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      chroma = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
    } catch {
      chroma = undefined;
    }
  }
  return { own: (usage.user + usage.system) / 1e6, chroma };
}

const externalChroma = process.env.CHROMA_URL;
const chroma = externalChroma ? undefined : await startChroma();
const chromaUrl = externalChroma ?? chroma!.url;
const chromaPid = chroma
  ? Number(readFileSync(join(chroma.dataDir, 'chroma', 'chroma.pid'), 'utf8').trim())
  : undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void (chroma?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  });
}
try {
  const config = Object.freeze(
    configSchema.parse({
      CHROMA_URL: chromaUrl,
      KAFKLOUD_API_TOKENS: TOKEN,
      SEER_COLLECTION: uniqueName('bench'),
      ...(process.env.SEER_HASHED_DIMENSIONS
        ? { SEER_HASHED_DIMENSIONS: process.env.SEER_HASHED_DIMENSIONS }
        : {}),
      LOG_LEVEL: 'silent',
    }),
  );
  const seer = createSeer(config, silentLogger);
  const learn = { store: seer.store, embedder: seer.embedder };
  const events = makeEvents(ITEMS, 'kafkloud.events.v1');

  // Baseline: embedding alone, no store.
  const embedStart = performance.now();
  for (let start = 0; start < events.length; start += BATCH) {
    await seer.embedder.embed(
      events.slice(start, start + BATCH).map(({ event }) => describeEventContent(event)),
      'document',
    );
  }
  const embedSeconds = (performance.now() - embedStart) / 1_000;

  // Index throughput: what the Kafka handler does per batch (embed, upsert into Chroma), with
  // as many batches in flight as seer consumes partitions concurrently.
  const indexStart = performance.now();
  const cpuBefore = cpuSeconds(chromaPid);
  let next = 0;
  let reported = 0;
  const writer = async () => {
    while (next < events.length) {
      const start = next;
      next += BATCH;
      await learnEvents(learn, events.slice(start, start + BATCH));
      const done = Math.min(next, events.length);
      if (done - reported >= 20_000) {
        reported = done;
        const rate = done / ((performance.now() - indexStart) / 1_000);
        console.log(`  indexed ~${done} events (${rate.toFixed(0)} events/s so far)`);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, writer));
  const indexSeconds = (performance.now() - indexStart) / 1_000;
  const cpuAfter = cpuSeconds(chromaPid);
  const indexCpuSeconds =
    cpuAfter.own -
    cpuBefore.own +
    (cpuAfter.chroma !== undefined && cpuBefore.chroma !== undefined
      ? cpuAfter.chroma - cpuBefore.chroma
      : 0);
  const indexed = await seer.store.count();

  const server = await new Promise<Server>((resolve) => {
    const listening = seer.app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  seer.lifecycle.state = 'running';
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
  // Questions about indexed events: pick an event and ask with four of its words.
  const questions = Array.from({ length: QUESTIONS }, (_, i) => {
    const event = events[Math.floor((i * 7_919) % events.length)]!.event as MessageEvent;
    const words = String((event.data as { note: string }).note).split(' ');
    return `What do we know about ${words.slice(2, 6).join(' ')}?`;
  });
  let hits = 0;
  const healthz = await timeRequests(QUESTIONS, async () => {
    await (await fetch(`${url}/healthz`)).arrayBuffer();
  });
  const ask = await timeRequests(QUESTIONS, async (i) => {
    const response = await fetch(`${url}/ask`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ question: questions[i] }),
    });
    const body = (await response.json()) as { isKnown: boolean };
    if (response.status !== 200) throw new Error(`/ask answered ${response.status}`);
    if (body.isKnown) hits += 1;
  });
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await seer.stop();

  const report = {
    bench: 'seer',
    items: ITEMS,
    indexed,
    batch: BATCH,
    concurrency: CONCURRENCY,
    loadAverage: loadavg().map((value) => Number(value.toFixed(2))),
    embedder: seer.embedder.id,
    embedOnlyEventsPerSecond: Math.round(ITEMS / embedSeconds),
    indexEventsPerSecond: Math.round(ITEMS / indexSeconds),
    /** Events per CPU second of seer and Chroma together: the rate two idle cores could reach at best twice. */
    indexEventsPerCpuSecond:
      chromaPid === undefined ? undefined : Math.round(ITEMS / indexCpuSeconds),
    askMs: { p50: Number(fmt(ask.p50)), p95: Number(fmt(ask.p95)), p99: Number(fmt(ask.p99)) },
    healthzMs: { p50: Number(fmt(healthz.p50)), p95: Number(fmt(healthz.p95)) },
    questions: QUESTIONS,
    knownAnswers: hits,
  };
  console.log(
    `seer benchmark: ${ITEMS} events, batches of ${BATCH} x ${CONCURRENCY} in flight, embedder ${report.embedder}, load average ${report.loadAverage.join(' ')}`,
  );
  console.log(`  embed only (baseline)     ${report.embedOnlyEventsPerSecond} events/s`);
  console.log(`  embed + store in Chroma   ${report.indexEventsPerSecond} events/s (goal >= 1000)`);
  if (report.indexEventsPerCpuSecond !== undefined) {
    console.log(
      `  per CPU second            ${report.indexEventsPerCpuSecond} events (seer + Chroma CPU time; wall clock includes waiting for other processes)`,
    );
  }
  console.log(`  index size                ${indexed}`);
  console.log(`  GET /healthz (baseline)   p50 ${fmt(healthz.p50)} ms  p95 ${fmt(healthz.p95)} ms`);
  console.log(
    `  POST /ask                 p50 ${fmt(ask.p50)} ms  p95 ${fmt(ask.p95)} ms  p99 ${fmt(ask.p99)} ms (goal p95 <= 100), ${hits}/${QUESTIONS} known`,
  );
  console.log(JSON.stringify(report));
  // One line per figure in the format streamer/scripts/bench.sh collects into docs/benchmarks.md.
  const figure = (fields: Omit<BenchFigure, 'suite'>) => benchFigure({ suite: 'seer', ...fields });
  const items = `${ITEMS.toLocaleString('en-US')} items indexed`;
  figure({
    name: 'index throughput (embed + store in Chroma)',
    value: report.indexEventsPerSecond,
    unit: 'events/s',
    baseline: report.embedOnlyEventsPerSecond,
    baselineName: 'embed only',
    ratio: Number((report.indexEventsPerSecond / report.embedOnlyEventsPerSecond).toFixed(3)),
    goal: '>= 1000 events/s',
    met: report.indexEventsPerSecond >= 1_000,
    note: `batches of ${BATCH}, ${CONCURRENCY} in flight`,
    whyNotMet:
      "Embedding is not the limit (see the baseline): Chroma's local server spends the time, writing each item's vector, document and metadata to its log and HNSW index, and it slows as the index grows. On two cores it shares the CPU with seer, Kafka and the benchmark itself. Lowering HNSW ef_construction to 50 measured about 15% faster at 40,000 items, not enough to reach the goal, so the index keeps Chroma's defaults.",
  });
  if (report.indexEventsPerCpuSecond !== undefined) {
    figure({
      name: 'index events per CPU second (seer + Chroma)',
      value: report.indexEventsPerCpuSecond,
      unit: 'events/CPU-s',
      note: 'independent of other load on the machine; wall-clock throughput can reach up to twice this on two idle cores',
    });
  }
  for (const [name, value, baseline] of [
    ['POST /ask p50', report.askMs.p50, report.healthzMs.p50],
    ['POST /ask p95', report.askMs.p95, report.healthzMs.p95],
  ] as const) {
    figure({
      name,
      value,
      unit: 'ms',
      baseline,
      baselineName: 'GET /healthz',
      ratio: Number((value / baseline).toFixed(1)),
      ...(name.endsWith('p95') ? { goal: '<= 100 ms', met: value <= 100 } : {}),
      note: items,
    });
  }
} finally {
  await chroma?.stop();
}
