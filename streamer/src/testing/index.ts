import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { createKafkaClient } from '../kafka/kafkajs.js';
import { provision } from '../kafka/provision.js';
import { parseBrokers } from '../kafka/settings.js';
import type { Admin, KafkaClient } from '../kafka/types.js';
import { catalogueFor, topicNames, type TopicNames } from '../topics.js';

const run = promisify(execFile);

export const KAFKA_SCRIPT = fileURLToPath(new URL('../../scripts/kafka-local.sh', import.meta.url));

/** A name no other test or running stack uses: `prefix-<12 hex>`. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}

/**
 * A free TCP port on 127.0.0.1 (with `consecutive`, that many free ports in a row), drawn
 * below the kernel's ephemeral range (32768+): a port from that range can be taken by some
 * outgoing connection while a test has its server stopped, and the restart then fails.
 */
export async function freePort(consecutive = 1): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const base = 15_000 + Math.floor(Math.random() * (32_000 - 15_000 - consecutive));
    let isFree = true;
    for (let offset = 0; offset < consecutive && isFree; offset += 1) {
      isFree = await listenOnce(base + offset).then(
        () => true,
        () => false,
      );
    }
    if (isFree) return base;
  }
  throw new Error(`no ${consecutive} consecutive free ports found`);
}

function listenOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const chosen = typeof address === 'object' && address ? address.port : port;
      server.close(() => resolve(chosen));
    });
  });
}

export const silentLogger = pino({ level: 'silent' });

export function testKafkaClient(
  brokers: readonly string[],
  clientId = 'kafkloud-test',
): KafkaClient {
  return createKafkaClient(
    { brokers, clientId, connectionTimeoutMs: 1_000, retries: 3 },
    silentLogger,
  );
}

async function isReachable(brokers: readonly string[]): Promise<boolean> {
  const admin = createKafkaClient(
    { brokers, clientId: 'kafkloud-test-probe', connectionTimeoutMs: 500, retries: 0 },
    silentLogger,
  ).admin();
  try {
    await admin.connect();
    await admin.describeCluster();
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

export type TestBroker = {
  brokers: string[];
  /** True when this call started the broker; `stop` then stops it and removes its data. */
  isOwned: boolean;
  stop(): Promise<void>;
};

/** A cluster this test run started and may stop, restart or kill, node by node. */
export type OwnedBroker = TestBroker & {
  dataDir: string;
  /** Clean shutdown of every node, keeping the data. */
  halt(): Promise<void>;
  /** Starts the nodes again on the same ports and data; returns once the catalogue is there. */
  resume(): Promise<void>;
  /** The process id of node `n` (1-based), for kill -9 and SIGSTOP tests. */
  pidOf(node: number): Promise<number>;
};

/**
 * A real broker for a test run: `KAFKA_BROKERS` when set, else a broker already listening on
 * 127.0.0.1:9092, else a fresh single-node KRaft broker on free ports in a temporary directory.
 */
export async function startOrReuseBroker(): Promise<TestBroker> {
  const configured = process.env.KAFKA_BROKERS;
  if (configured) {
    return { brokers: parseBrokers(configured), isOwned: false, stop: async () => undefined };
  }
  if (await isReachable(['127.0.0.1:9092'])) {
    return { brokers: ['127.0.0.1:9092'], isOwned: false, stop: async () => undefined };
  }
  return startBroker(1);
}

/** Always starts a new cluster of `brokerCount` nodes on free ports, in a temporary directory. */
export async function startBroker(brokerCount: 1 | 3 = 1): Promise<OwnedBroker> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kafkloud-kafka-'));
  const port = await freePort(brokerCount * 2);
  const env = {
    ...process.env,
    BROKERS: String(brokerCount),
    KAFKA_PORT: String(port),
    KAFKLOUD_DATA_DIR: dataDir,
    KAFKA_HEAP: '384m',
  };
  const script = (command: string) =>
    run(KAFKA_SCRIPT, [command], { env, maxBuffer: 10 * 1024 * 1024 });
  await script('start');
  const clusterDir = join(dataDir, brokerCount === 1 ? 'kafka' : `kafka-${brokerCount}`);
  return {
    brokers: Array.from({ length: brokerCount }, (_, i) => `127.0.0.1:${port + 2 * i}`),
    isOwned: true,
    dataDir,
    async halt() {
      await script('stop');
    },
    async resume() {
      await script('start');
    },
    async pidOf(node: number) {
      return Number((await readFile(join(clusterDir, `node-${node}`, 'kafka.pid'), 'utf8')).trim());
    },
    async stop() {
      await script('stop');
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export type TestTopics = {
  prefix: string;
  topics: TopicNames;
  /** Deletes the topics and any consumer groups named in `groups`. */
  cleanup(groups?: readonly string[]): Promise<void>;
};

/** The whole catalogue under a random prefix, so a test shares nothing with others. */
export async function createTestTopics(brokers: readonly string[]): Promise<TestTopics> {
  const prefix = `${uniqueName('t')}.`;
  const admin: Admin = testKafkaClient(brokers, 'kafkloud-test-admin').admin();
  await admin.connect();
  try {
    await provision(admin, { catalogue: catalogueFor(prefix) });
  } finally {
    await admin.disconnect();
  }
  return {
    prefix,
    topics: topicNames(prefix),
    async cleanup(groups = []) {
      const cleaner = testKafkaClient(brokers, 'kafkloud-test-cleanup').admin();
      await cleaner.connect();
      try {
        if (groups.length > 0) await cleaner.deleteGroups(groups).catch(() => undefined);
        await cleaner.deleteTopics(Object.values(topicNames(prefix)));
      } finally {
        await cleaner.disconnect();
      }
    },
  };
}

/** Polls `check` until it returns a value other than undefined, or throws after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  options: { timeoutMs?: number; intervalMs?: number; message?: string } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(options.message ?? 'condition not met in time', { cause: lastError });
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
}

export { startPrivatePostgres, type PrivatePostgres } from './postgres.js';
export { serviceProcess, type ServiceProcess } from './processes.js';
export { progress, report, round, type BenchFigure } from './bench.js';
