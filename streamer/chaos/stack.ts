/**
 * The whole back end on private resources for fault injection and end-to-end benchmarks:
 * Kafka (1 or 3 nodes), a private PostgreSQL, a private Chroma, and producer, consumer and
 * seer as child processes on free ports, all under one random topic prefix.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import postgres from 'postgres';
import {
  createTestTopics,
  freePort,
  serviceProcess,
  startBroker,
  startPrivatePostgres,
  uniqueName,
  type OwnedBroker,
  type PrivatePostgres,
  type ServiceProcess,
  type TestTopics,
} from '../src/testing/index.js';

const run = promisify(execFile);
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export type TestStack = {
  work: string;
  databaseUrl: string;
  cluster: OwnedBroker;
  pg: PrivatePostgres;
  /** A client of the consumer's database, for checks. */
  db: postgres.Sql;
  chroma: { port: number; collection: string; start(): Promise<void>; stop(): Promise<void> };
  topics: TestTopics;
  producer: ServiceProcess;
  consumer: ServiceProcess;
  seer: ServiceProcess;
  urls: { producer: string; consumer: string; seer: string };
  groups: { consumer: string; seer: string };
  auth: { authorization: string };
  /** Stops everything; keeps the work directory (logs) when `keepLogs`. */
  stop(options?: { keepLogs?: boolean }): Promise<void>;
};

export async function startTestStack(options: {
  brokerCount: 1 | 3;
  say: (message: string) => void;
  logLevel?: string;
  /** Put into DATABASE_URL (trust auth ignores it), so tests can look for it in logs. */
  databasePassword?: string;
}): Promise<TestStack> {
  const { say } = options;
  const work = await mkdtemp(join(tmpdir(), 'kafkloud-stack-'));
  const token = randomBytes(24).toString('base64url');
  say(`work directory ${work}`);
  const cluster = await startBroker(options.brokerCount);
  say(`Kafka: ${options.brokerCount} node(s) on ${cluster.brokers.join(',')}`);

  const pg = await startPrivatePostgres();
  const admin = postgres(pg.adminUrl, { max: 1, onnotice: () => undefined });
  const database = uniqueName('stack').replace('-', '_');
  await admin.unsafe(`create database ${database}`);
  await admin.end();
  const credentials = options.databasePassword
    ? `postgres:${options.databasePassword}`
    : 'postgres';
  const databaseUrl = `postgres://${credentials}@127.0.0.1:${pg.port}/${database}`;
  const db = postgres(databaseUrl, { max: 2, onnotice: () => undefined });
  say(`Postgres on ${pg.port}`);

  const chromaPort = await freePort();
  const chromaEnv = { ...process.env, KAFKLOUD_DATA_DIR: work, CHROMA_PORT: String(chromaPort) };
  const chromaScript = join(ROOT, 'seer/scripts/chroma-local.sh');
  const chroma = {
    port: chromaPort,
    collection: uniqueName('stack'),
    start: async () => {
      await run(chromaScript, ['start'], { env: chromaEnv });
    },
    stop: async () => {
      await run(chromaScript, ['stop'], { env: chromaEnv });
    },
  };
  await chroma.start();
  say(`Chroma on ${chromaPort}`);

  const topics = await createTestTopics(cluster.brokers);
  const ports = { producer: await freePort(), consumer: await freePort(), seer: await freePort() };
  const common = {
    ...process.env,
    KAFKA_BROKERS: cluster.brokers.join(','),
    KAFKLOUD_TOPIC_PREFIX: topics.prefix,
    KAFKLOUD_API_TOKENS: token,
    KAFKLOUD_DATA_DIR: work,
    LOG_LEVEL: options.logLevel ?? 'warn',
    HOST: '127.0.0.1',
  };
  const service = (name: string, port: number, env: NodeJS.ProcessEnv): ServiceProcess =>
    serviceProcess({
      name,
      cwd: join(ROOT, name),
      command: [process.execPath, 'dist/main.js'],
      env: { ...common, ...env, PORT: String(port) },
      readyUrl: `http://127.0.0.1:${port}/healthz`,
      logFile: join(work, `${name}.log`),
    });
  await run(process.execPath, ['dist/cli/migrate.js'], {
    cwd: join(ROOT, 'consumer'),
    env: { ...common, DATABASE_URL: databaseUrl },
  });
  const groups = { consumer: uniqueName('stack-consumer'), seer: uniqueName('stack-seer') };
  const consumer = service('consumer', ports.consumer, {
    DATABASE_URL: databaseUrl,
    CONSUMER_GROUP: groups.consumer,
    CONSUMER_SESSION_TIMEOUT_MS: '10000',
  });
  const producer = service('producer', ports.producer, { BROADCASTER_ENABLED: 'false' });
  const seer = service('seer', ports.seer, {
    CHROMA_URL: `http://127.0.0.1:${chromaPort}`,
    SEER_COLLECTION: chroma.collection,
    SEER_GROUP: groups.seer,
  });
  await consumer.start();
  await producer.start();
  await seer.start();
  say('producer, consumer and seer are up');

  return {
    work,
    databaseUrl,
    cluster,
    pg,
    db,
    chroma,
    topics,
    producer,
    consumer,
    seer,
    urls: {
      producer: `http://127.0.0.1:${ports.producer}`,
      consumer: `http://127.0.0.1:${ports.consumer}`,
      seer: `http://127.0.0.1:${ports.seer}`,
    },
    groups,
    auth: { authorization: `Bearer ${token}` },
    async stop(stopOptions = {}) {
      for (const svc of [producer, seer, consumer]) {
        await svc.signal('SIGTERM').catch(() => undefined);
      }
      await db.end();
      await chroma.stop().catch(() => undefined);
      await topics.cleanup().catch(() => undefined);
      await cluster.stop();
      await pg.destroy();
      if (!stopOptions.keepLogs) await rm(work, { recursive: true, force: true });
    },
  };
}

/** A steady POST /produce load at `rate` requests per second; remembers every 202's id. */
export function steadyLoad(producerUrl: string, auth: { authorization: string }, rate: number) {
  const accepted = new Set<string>();
  let rejected = 0;
  let isRunning = true;
  const loop = (async () => {
    const interval = 1000 / rate;
    let next = performance.now();
    let sequence = 0;
    const inFlight = new Set<Promise<void>>();
    while (isRunning) {
      sequence += 1;
      const request = fetch(`${producerUrl}/produce`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ data: { sequence, note: 'steady load' } }),
        signal: AbortSignal.timeout(10_000),
      })
        .then(async (res) => {
          if (res.status === 202) accepted.add(((await res.json()) as { id: string }).id);
          else {
            rejected += 1;
            await res.body?.cancel();
          }
        })
        .catch(() => {
          rejected += 1;
        });
      const tracked: Promise<void> = request.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
      next += interval;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - performance.now())));
    }
    await Promise.all(inFlight);
  })();
  return {
    accepted,
    rejected: () => rejected,
    async stop() {
      isRunning = false;
      await loop;
    },
  };
}
