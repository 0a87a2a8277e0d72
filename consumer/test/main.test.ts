import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestTopics,
  eventually,
  testKafkaClient,
  uniqueName,
  type TestTopics,
} from '@kafkloud/streamer/testing';
import { selectRows, type Database } from '../src/db/connection.js';
import {
  brokers,
  createTestDatabase,
  eventRecord,
  makeEvent,
  openMigrated,
  produce,
  TOKEN,
} from './helpers.js';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

function startChild(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.resume();
  return child;
}

async function count(database: Database, query: ReturnType<typeof sql>): Promise<number> {
  const rows = await selectRows<{ count: string | number }>(database.db, query);
  return Number(rows[0]?.count ?? 0);
}

describe('consumer process', () => {
  let topics: TestTopics;
  let drop: () => Promise<void>;
  let database: Database;
  let databaseUrl: string;
  let child: ChildProcess | undefined;
  const group = uniqueName('consumer');

  beforeAll(async () => {
    topics = await createTestTopics(brokers());
    const created = await createTestDatabase('postgres');
    drop = created.drop;
    if (created.target.kind !== 'postgres') throw new Error('expected Postgres');
    databaseUrl = created.target.url;
    database = await openMigrated(created.target);
  });

  afterAll(async () => {
    child?.kill('SIGKILL');
    await database?.close();
    await drop?.();
    await topics?.cleanup([group]);
  });

  it('when the process is killed with SIGKILL mid-batch and restarted, then rows equal the distinct ids produced', async () => {
    const events = Array.from({ length: 20_000 }, (_, i) => makeEvent(i));
    // Every tenth event is produced twice, at a later offset, as a retrying producer would.
    const repeats = events.filter((_, i) => i % 10 === 0);
    await produce(
      [...events, ...repeats].map((event) => eventRecord(topics.topics.events, event)),
      1_000,
    );
    const env = {
      KAFKA_BROKERS: brokers().join(','),
      KAFKLOUD_TOPIC_PREFIX: topics.prefix,
      KAFKLOUD_API_TOKENS: TOKEN,
      CONSUMER_GROUP: group,
      CONSUMER_SESSION_TIMEOUT_MS: '6000',
      DATABASE_URL: databaseUrl,
      PORT: '0',
      LOG_LEVEL: 'warn',
    };
    child = startChild(env);
    const atKill = await eventually(
      async () => {
        const rows = await count(database, sql`select count(*) as count from events`);
        return rows > 0 ? rows : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 10 },
    );
    child.kill('SIGKILL');
    await new Promise((resolve) => child?.once('exit', resolve));
    expect(atKill).toBeLessThan(events.length);

    child = startChild(env);
    const admin = testKafkaClient(brokers()).admin();
    await admin.connect();
    try {
      await eventually(
        async () => {
          const [committed, watermarks] = await Promise.all([
            admin.groupOffsets(group, [topics.topics.events]),
            admin.topicOffsets(topics.topics.events),
          ]);
          const isDone = watermarks.every(({ partition, high }) =>
            committed.some((c) => c.partition === partition && c.offset === high),
          );
          return isDone ? true : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 250 },
      );
    } finally {
      await admin.disconnect();
    }
    expect(await count(database, sql`select count(*) as count from events`)).toBe(events.length);
    expect(await count(database, sql`select count(distinct id) as count from events`)).toBe(
      events.length,
    );
    expect(await count(database, sql`select count(*) as count from event_stages`)).toBe(
      2 * events.length,
    );

    const exited = new Promise<number | null>((resolve) =>
      child?.once('exit', (code) => resolve(code)),
    );
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    child = undefined;
  });
});
