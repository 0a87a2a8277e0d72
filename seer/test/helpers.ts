import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { IncomingRecord } from '@kafkloud/streamer/kafka';
import { silentLogger, testKafkaClient, uniqueName } from '@kafkloud/streamer/testing';
import { configSchema } from '../src/config.js';
import { createSeer, type Seer, type SeerOptions } from '../src/service.js';

export const TOKEN = 'test-token-0123456789abcdef';

export type RunningSeer = {
  seer: Seer;
  url: string;
  /** Fetch with the bearer token. */
  call(path: string, init?: RequestInit): Promise<Response>;
  /** POST a body of the given media type, with the bearer token. */
  post(path: string, contentType: string, body: string | Buffer): Promise<Response>;
  close(): Promise<void>;
};

/** A real seer on an ephemeral port over the run's Chroma and broker, with its own collection. */
export async function startSeer(
  env: Record<string, string> = {},
  options: SeerOptions = {},
): Promise<RunningSeer> {
  const config = Object.freeze(
    configSchema.parse({
      KAFKA_BROKERS: process.env.KAFKA_BROKERS,
      CHROMA_URL: process.env.CHROMA_URL,
      KAFKLOUD_API_TOKENS: TOKEN,
      SEER_COLLECTION: uniqueName('c'),
      SEER_GROUP: uniqueName('seer-test'),
      LOG_LEVEL: 'silent',
      ...env,
    }),
  );
  const seer = createSeer(config, silentLogger, {
    retry: { initialDelayMs: 100, maxDelayMs: 500 },
    ...options,
  });
  const server: Server = await new Promise((resolve) => {
    const listening = seer.app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  seer.lifecycle.state = 'running';
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const call = (path: string, init: RequestInit = {}) =>
    fetch(`${url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${TOKEN}`, ...(init.headers ?? {}) },
    });
  return {
    seer,
    url,
    call,
    post: (path, contentType, body) =>
      call(path, { method: 'POST', headers: { 'content-type': contentType }, body }),
    async close() {
      await seer.stop();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export function askJson(question: unknown): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ question }),
  };
}

/** Reads topics from the beginning into memory with a throwaway group. */
export async function collectRecords(
  brokers: readonly string[],
  topics: readonly string[],
): Promise<{ records: IncomingRecord[]; stop(): Promise<void>; groupId: string }> {
  const groupId = uniqueName('seer-test-reader');
  const consumer = testKafkaClient(brokers, 'seer-test-reader').consumer({ groupId });
  const records: IncomingRecord[] = [];
  await consumer.connect();
  await consumer.run({
    topics,
    fromBeginning: true,
    handleBatch: async (batch) => {
      records.push(...batch.records);
    },
  });
  return { records, groupId, stop: () => consumer.disconnect() };
}

export function brokersFromEnv(): string[] {
  return (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
}
