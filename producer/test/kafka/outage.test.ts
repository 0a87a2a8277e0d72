import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { acceptedSchema, topicNames } from '@kafkloud/streamer';
import { KAFKA_SCRIPT, eventually, startBroker, type TestBroker } from '@kafkloud/streamer/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authorized,
  readRecords,
  startProducer,
  testConfig,
  type RunningProducer,
} from '../helpers.js';

const run = promisify(execFile);

/** Stops or starts the private broker while keeping its data, as a broker restart would. */
async function broker(action: 'stop' | 'start', owned: TestBroker & { dataDir?: string }) {
  const port = owned.brokers[0]?.split(':')[1];
  if (!owned.dataDir || !port) throw new Error('expected a private broker from startBroker');
  await run(KAFKA_SCRIPT, [action], {
    env: {
      ...process.env,
      BROKERS: '1',
      KAFKA_PORT: port,
      KAFKLOUD_DATA_DIR: owned.dataDir,
      KAFKA_HEAP: '384m',
    },
    maxBuffer: 10 * 1024 * 1024,
  });
}

describe('when Kafka goes away and comes back', () => {
  let owned: TestBroker & { dataDir?: string };
  let producer: RunningProducer;
  let topic: string;

  beforeAll(async () => {
    owned = await startBroker(1);
    // The private broker's start provisioned the unprefixed catalogue; no one else uses it.
    topic = topicNames('').events;
    producer = await startProducer(
      testConfig({
        KAFKA_BROKERS: owned.brokers.join(','),
        PRODUCER_SEND_TIMEOUT_MS: '3000',
      }),
    );
  });

  afterAll(async () => {
    await producer?.close();
    await owned?.stop();
  });

  const post = async () => {
    const started = Date.now();
    const response = await fetch(`${producer.url}/app`, { method: 'POST', headers: authorized });
    return { response, elapsedMs: Date.now() - started, body: (await response.json()) as unknown };
  };

  it('then requests get 503 within 5 s, never 202, and 202 again without a restart', async () => {
    const ok = await post();
    expect(ok.response.status).toBe(202);
    const acknowledged = [acceptedSchema.parse(ok.body)];

    await broker('stop', owned);
    const during = await Promise.all(Array.from({ length: 5 }, post));
    for (const attempt of during) {
      expect(attempt.response.status).toBe(503);
      expect(attempt.elapsedMs).toBeLessThan(5_000);
      expect(Number(attempt.response.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(attempt.response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    const sequential = await post();
    expect(sequential.response.status).toBe(503);
    expect(sequential.elapsedMs).toBeLessThan(5_000);
    await eventually(
      async () => ((await fetch(`${producer.url}/readyz`)).status === 503 ? true : undefined),
      {
        timeoutMs: 5_000,
      },
    );

    await broker('start', owned);
    const recovered = await eventually(
      async () => {
        const attempt = await post();
        return attempt.response.status === 202 ? attempt : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, message: 'no 202 after the broker came back' },
    );
    acknowledged.push(acceptedSchema.parse(recovered.body));
    await eventually(
      async () => ((await fetch(`${producer.url}/readyz`)).status === 200 ? true : undefined),
      {
        timeoutMs: 10_000,
      },
    );

    // Every acknowledged event is in Kafka at the position the producer returned.
    const records = await readRecords(owned.brokers, topic, acknowledged.length);
    const positions = new Set(records.map((record) => `${record.partition}/${record.offset}`));
    for (const answer of acknowledged)
      expect(positions).toContain(`${answer.partition}/${answer.offset}`);
  });
});
