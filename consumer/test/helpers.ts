import { execFile, execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmod, chown, cp, mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { createEvent, eventCodec, EVENT_TYPES, type KafkloudEvent } from '@kafkloud/streamer';
import type { IncomingRecord, OutgoingRecord } from '@kafkloud/streamer/kafka';
import { freePort, silentLogger, testKafkaClient, uniqueName } from '@kafkloud/streamer/testing';
import { pino } from 'pino';
import { createLogger } from '@kafkloud/streamer/logger';
import { parseConfig, type Config, type DatabaseTarget } from '../src/config.js';
import { openDatabase, type Database } from '../src/db/connection.js';
import {
  createConsumerService,
  type ConsumerService,
  type ConsumerServiceOptions,
} from '../src/service.js';

export const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const TOKEN = 'test-token-0123456789abcdef';
export const AUTH = { authorization: `Bearer ${TOKEN}` };

export function brokers(): string[] {
  const value = process.env.KAFKA_BROKERS;
  if (!value) throw new Error('KAFKA_BROKERS is not set: the global setup did not run');
  return value.split(',');
}

export type Backend = 'postgres' | 'pglite';

/** A new empty database: a random Postgres database, or a PGlite directory in a temp dir. */
export async function createTestDatabase(
  backend: Backend,
  adminUrl = ADMIN_URL,
): Promise<{ target: DatabaseTarget; drop(): Promise<void> }> {
  if (backend === 'pglite') {
    const dir = await mkdtemp(join(tmpdir(), 'kafkloud-pglite-'));
    const template = process.env.KAFKLOUD_TEST_PGLITE_TEMPLATE;
    if (template) await cp(template, dir, { recursive: true });
    return {
      target: { kind: 'pglite', dataDir: dir },
      drop: () => rm(dir, { recursive: true, force: true }),
    };
  }
  const name = uniqueName('consumer_test').replaceAll('-', '_');
  const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    target: { kind: 'postgres', url: url.toString() },
    async drop() {
      const dropper = postgres(adminUrl, { max: 1, onnotice: () => undefined });
      await dropper.unsafe(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

export async function openMigrated(target: DatabaseTarget): Promise<Database> {
  const database = await openDatabase(target);
  await database.migrate();
  return database;
}

export function testConfig(options: {
  prefix: string;
  group: string;
  target: DatabaseTarget;
  sessionTimeoutMs?: number;
}): Config {
  return parseConfig({
    KAFKA_BROKERS: brokers().join(','),
    KAFKLOUD_TOPIC_PREFIX: options.prefix,
    KAFKLOUD_API_TOKENS: TOKEN,
    CONSUMER_GROUP: options.group,
    LOG_LEVEL: 'silent',
    PORT: '0',
    CONSUMER_SESSION_TIMEOUT_MS: String(options.sessionTimeoutMs ?? 10_000),
    ...(options.target.kind === 'postgres'
      ? { DATABASE_URL: options.target.url }
      : { KAFKLOUD_DATA_DIR: options.target.dataDir }),
  });
}

export type RunningConsumer = {
  service: ConsumerService;
  baseUrl: string;
  stop(): Promise<void>;
};

/** The consumer in this process, with real adapters, listening on a free port. */
export async function startConsumer(
  config: Config,
  database: Database,
  stream?: ConsumerServiceOptions['stream'],
): Promise<RunningConsumer> {
  const service = createConsumerService({
    config,
    // TEST_LOGS=<file> keeps the consumer's logs of a run for diagnosis.
    logger: process.env.TEST_LOGS
      ? createLogger('consumer', {
          level: 'debug',
          destination: pino.destination(process.env.TEST_LOGS),
        })
      : silentLogger,
    apiTokens: [TOKEN],
    database,
    stream,
  });
  const server: Server = createServer(service.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  await service.start();
  const { port } = server.address() as AddressInfo;
  return {
    service,
    baseUrl: `http://127.0.0.1:${port}`,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await service.close();
    },
  };
}

export function makeEvent(index: number, overrides: Partial<KafkloudEvent> = {}): KafkloudEvent {
  return {
    ...createEvent({
      id: randomUUID(),
      type: EVENT_TYPES.message,
      source: '/kafkloud/test',
      correlationid: randomUUID(),
      data: { index, text: `event ${index}` },
    }),
    ...overrides,
  } as KafkloudEvent;
}

/** Sends records through a plain kafkloud producer, in sends of `chunk`. */
export async function produce(records: readonly OutgoingRecord[], chunk = 500): Promise<void> {
  const producer = testKafkaClient(brokers(), 'kafkloud-consumer-test').producer();
  await producer.connect();
  try {
    for (let i = 0; i < records.length; i += chunk)
      await producer.send(records.slice(i, i + chunk));
  } finally {
    await producer.disconnect();
  }
}

export function eventRecord(topic: string, event: KafkloudEvent): OutgoingRecord {
  return { topic, key: event.id, value: eventCodec.encode(event) };
}

export async function getJson(
  baseUrl: string,
  path: string,
  headers: Record<string, string> = AUTH,
) {
  const response = await fetch(`${baseUrl}${path}`, { headers });
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    body: text ? (JSON.parse(text) as unknown) : undefined,
  };
}

export type SseMessage = { id: string | undefined; data: string };

/** A minimal SSE reader over fetch, so a test sees exactly what went over the wire. */
export async function openStream(url: string, headers: Record<string, string> = AUTH) {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { ...headers, accept: 'text/event-stream' },
    signal: controller.signal,
  });
  if (!response.body) throw new Error('no body');
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const messages: SseMessage[] = [];
  let buffer = '';
  const pump = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let id: string | undefined;
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('id: ')) id = line.slice(4);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          if (data.length > 0) messages.push({ id, data: data.join('\n') });
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    messages,
    close() {
      controller.abort();
      return pump;
    },
  };
}

/** Reads a topic from the beginning with a throwaway group until `isDone` says so. */
export async function readTopic(
  topic: string,
  isDone: (records: IncomingRecord[]) => boolean,
  timeoutMs = 20_000,
) {
  const client = testKafkaClient(brokers(), 'kafkloud-consumer-test-reader');
  const groupId = uniqueName('reader');
  const consumer = client.consumer({ groupId });
  const records: IncomingRecord[] = [];
  await consumer.connect();
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  await consumer.run({
    topics: [topic],
    fromBeginning: true,
    handleBatch: async (batch) => {
      records.push(...batch.records);
      if (isDone(records)) resolveDone();
    },
  });
  const timer = setTimeout(resolveDone, timeoutMs);
  await done;
  clearTimeout(timer);
  await consumer.disconnect();
  const admin = client.admin();
  await admin.connect();
  await admin.deleteGroups([groupId]).catch(() => undefined);
  await admin.disconnect();
  return records;
}

const PG_BIN = '/usr/lib/postgresql/15/bin';

/** Runs a Postgres binary as the postgres user when we are root (initdb refuses root). */
async function runPg(args: string[]): Promise<void> {
  const command = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--', ...args] : args;
  await promisify(execFile)(command[0]!, command.slice(1), { timeout: 60_000 });
}

/** A private Postgres server in a temporary directory on a free port, to stop and start at will. */
export async function startPrivatePostgres() {
  const dir = await mkdtemp(join(tmpdir(), 'kafkloud-pg-'));
  await chmod(dir, 0o777);
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    await chown(dir, uid, gid);
  }
  const dataDir = join(dir, 'data');
  const port = await freePort();
  await runPg([`${PG_BIN}/initdb`, '-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const start = () =>
    runPg([
      `${PG_BIN}/pg_ctl`,
      '-D',
      dataDir,
      '-o',
      options,
      '-w',
      '-l',
      join(dir, 'log'),
      'start',
    ]);
  const stop = () => runPg([`${PG_BIN}/pg_ctl`, '-D', dataDir, '-m', 'fast', '-w', 'stop']);
  await start();
  return {
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    async destroy() {
      await stop().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
