/**
 * DoIt -> IsDone: from the POST /produce of a `kafkloud.doit.v1` event until the consumer's
 * `/status/{id}` shows it persisted and learned by seer, under a steady background load.
 * Baseline in the same run: a bare Kafka round trip (produce, then consume the same record)
 * through kafkloud's client on the same broker.
 *   BENCH_DOITS (default 200), BENCH_LOAD_RATE (default 100 requests/s)
 */
import { startTestStack, steadyLoad } from '../chaos/stack.js';
import { createKafkaClient } from '../src/kafka/kafkajs.js';
import { silentLogger, uniqueName } from '../src/testing/index.js';
import { progress, report, round } from '../src/testing/bench.js';

const DOITS = Number(process.env.BENCH_DOITS ?? 200);
const LOAD_RATE = Number(process.env.BENCH_LOAD_RATE ?? 100);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function kafkaRoundTrips(brokers: string[], topic: string, count: number): Promise<number[]> {
  const client = createKafkaClient({ brokers, clientId: 'bench-roundtrip' }, silentLogger);
  const producer = client.producer();
  await producer.connect();
  const consumer = client.consumer({ groupId: uniqueName('bench-roundtrip') });
  await consumer.connect();
  const waiting = new Map<string, () => void>();
  await consumer.run({
    topics: [topic],
    handleBatch: async (batch) => {
      for (const record of batch.records) waiting.get(record.key?.toString() ?? '')?.();
    },
  });
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const latencies: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const key = `rt-${i}`;
    const started = performance.now();
    const seen = new Promise<void>((resolve) => waiting.set(key, resolve));
    await producer.send([{ topic, key, value: 'x' }]);
    await seen;
    latencies.push(performance.now() - started);
  }
  await consumer.disconnect();
  await producer.disconnect();
  return latencies.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const stack = await startTestStack({ brokerCount: 1, say: progress });
  try {
    const load = steadyLoad(stack.urls.producer, stack.auth, LOAD_RATE);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    progress(`${DOITS} DoIt -> IsDone under ${LOAD_RATE} req/s of background load`);
    const persisted: number[] = [];
    const done: number[] = [];
    for (let i = 0; i < DOITS; i += 1) {
      const started = performance.now();
      const res = await fetch(`${stack.urls.producer}/produce`, {
        method: 'POST',
        headers: { ...stack.auth, 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'kafkloud.doit.v1',
          data: { clickedAt: new Date().toISOString() },
        }),
      });
      if (res.status !== 202) throw new Error(`DoIt answered ${res.status}`);
      const { id } = (await res.json()) as { id: string };
      let persistedAt: number | undefined;
      for (;;) {
        const status = await fetch(`${stack.urls.consumer}/status/${id}`, { headers: stack.auth });
        if (status.ok) {
          const body = (await status.json()) as { stages: { learned?: unknown } };
          persistedAt ??= performance.now() - started;
          if (body.stages.learned) break;
        } else {
          await status.body?.cancel();
        }
        if (performance.now() - started > 30_000) throw new Error(`event ${id} not done in 30 s`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      persisted.push(persistedAt);
      done.push(performance.now() - started);
      if ((i + 1) % 50 === 0) progress(`${i + 1}/${DOITS}`);
    }
    await load.stop();
    persisted.sort((a, b) => a - b);
    done.sort((a, b) => a - b);

    progress('baseline: bare Kafka round trips');
    const baseline = await kafkaRoundTrips(
      stack.cluster.brokers,
      stack.topics.topics.seerAnswers,
      DOITS,
    );

    const rows = [
      ['DoIt -> persisted p50', percentile(persisted, 50), percentile(baseline, 50)],
      ['DoIt -> persisted p99', percentile(persisted, 99), percentile(baseline, 99)],
      ['DoIt -> IsDone (learned) p50', percentile(done, 50), percentile(baseline, 50)],
      ['DoIt -> IsDone (learned) p99', percentile(done, 99), percentile(baseline, 99)],
    ] as const;
    console.log(`\nEnd to end, ${DOITS} DoIts under ${LOAD_RATE} req/s background load`);
    for (const [name, value, base] of rows) {
      console.log(
        `  ${name.padEnd(32)} ${round(value).toString().padStart(8)} ms   bare Kafka round trip ${round(base)} ms`,
      );
      report({
        suite: 'end to end',
        name,
        value: round(value),
        unit: 'ms',
        baseline: round(base),
        baselineName: 'bare Kafka produce -> consume round trip',
        ratio: round(value / base, 2),
        goal:
          name.endsWith('p99') && name.includes('IsDone')
            ? '≤ 5,000 ms (the portal shows IsDone within 5 s)'
            : undefined,
        met: name.endsWith('p99') && name.includes('IsDone') ? value <= 5_000 : undefined,
      });
    }
    report({
      suite: 'end to end',
      name: 'background load accepted',
      value: load.accepted.size,
      unit: 'events',
      note: `${load.rejected()} not accepted`,
    });
  } finally {
    await stack.stop();
  }
}

await main();
