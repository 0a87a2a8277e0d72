import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IncomingRecord } from '@kafkloud/streamer/kafka';
import { eventually, silentLogger, testKafkaClient, uniqueName } from '@kafkloud/streamer/testing';
import { parseConfig, type Config } from '../src/config.js';
import { createProducerService, type ProducerService } from '../src/service.js';

export const TEST_TOKEN = 'test-token-0123456789abcdef';

export function brokersFromEnv(): string[] {
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers) throw new Error('KAFKA_BROKERS is not set: run through vitest (global setup)');
  return brokers.split(',');
}

export function testConfig(overrides: Record<string, string>): Config {
  const result = parseConfig({
    KAFKLOUD_API_TOKENS: TEST_TOKEN,
    BROADCASTER_ENABLED: 'false',
    LOG_LEVEL: 'silent',
    PORT: '0',
    // Generous: tests share two cores with a broker; the outage test sets its own bound.
    PRODUCER_SEND_TIMEOUT_MS: '15000',
    ...overrides,
  });
  if (!result.isOk) throw new Error(result.problems.join('; '));
  return result.config;
}

export type RunningProducer = {
  url: string;
  service: ProducerService;
  server: Server;
  close(): Promise<void>;
};

/** The real service on a free loopback port, connected to Kafka. */
export async function startProducer(config: Config): Promise<RunningProducer> {
  const service = createProducerService({
    config,
    logger: silentLogger,
    apiTokens: config.apiTokens,
  });
  await service.start();
  const server = createServer(service.app);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  await eventually(async () => ((await fetch(`${url}/readyz`)).status === 200 ? true : undefined), {
    timeoutMs: 30_000,
    message: 'producer never became ready',
  });
  return {
    url,
    service,
    server,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await service.close();
    },
  };
}

export const authorized = { authorization: `Bearer ${TEST_TOKEN}` };

/** Every record on `topic`, read from the beginning until `count` have arrived. */
export async function readRecords(
  brokers: readonly string[],
  topic: string,
  count: number,
  timeoutMs = 30_000,
): Promise<IncomingRecord[]> {
  const groupId = uniqueName('producer-test');
  const consumer = testKafkaClient(brokers, groupId).consumer({ groupId });
  const records: IncomingRecord[] = [];
  await consumer.connect();
  try {
    await consumer.run({
      topics: [topic],
      fromBeginning: true,
      handleBatch: async (batch) => {
        records.push(...batch.records);
      },
    });
    await eventually(() => (records.length >= count ? true : undefined), {
      timeoutMs,
      message: `expected ${count} records on ${topic}, saw ${records.length}`,
    });
    return records;
  } finally {
    await consumer.disconnect();
  }
}
