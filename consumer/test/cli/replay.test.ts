import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestTopics,
  eventually,
  uniqueName,
  type TestTopics,
} from '@kafkloud/streamer/testing';
import type { DatabaseTarget } from '../../src/config.js';
import { openDatabase, selectRows, type Database } from '../../src/db/connection.js';
import {
  brokers,
  createTestDatabase,
  eventRecord,
  getJson,
  makeEvent,
  openMigrated,
  produce,
  startConsumer,
  testConfig,
} from '../helpers.js';

const REPLAY = fileURLToPath(new URL('../../src/cli/replay.ts', import.meta.url));
const run = promisify(execFile);

/** Everything replay must reproduce; persisted times and sequence numbers naturally differ. */
async function checksum(database: Database): Promise<Record<string, string | null>> {
  const [row] = await selectRows<Record<string, string | null>>(
    database.db,
    sql`select
      (select md5(string_agg(concat_ws('|', id, type, source, extract(epoch from time)::text, data::text,
          correlation_id, topic, partition::text, "offset"::text, extract(epoch from produced_at)::text),
          E'\n' order by id)) from events) as events,
      (select md5(string_agg(concat_ws('|', command_id::text, extract(epoch from event_timestamp)::text,
          topic, partition::text, "offset"::text), E'\n' order by command_id)) from timestamp_commands) as timestamps,
      (select md5(string_agg(concat_ws('|', event_id, stage,
          case when stage = 'persisted' then '' else extract(epoch from at)::text end),
          E'\n' order by event_id, stage)) from event_stages) as stages,
      (select count(*)::text from events) as count`,
  );
  return row ?? {};
}

describe('replay', () => {
  let topics: TestTopics;
  const drops: (() => Promise<void>)[] = [];
  const group = uniqueName('consumer');

  beforeAll(async () => {
    topics = await createTestTopics(brokers());
  });

  afterAll(async () => {
    for (const drop of drops) await drop();
    await topics?.cleanup([group]);
  });

  it('when the tables are replayed into empty databases, then they hold the same rows as the original', async () => {
    const original = await createTestDatabase('postgres');
    drops.push(original.drop);
    const database = await openMigrated(original.target);
    const consumer = await startConsumer(
      testConfig({ prefix: topics.prefix, group, target: original.target }),
      database,
    );
    const events = Array.from({ length: 400 }, (_, i) => makeEvent(i));
    await produce([
      ...events.map((event) => eventRecord(topics.topics.events, event)),
      { topic: topics.topics.events, key: 'poison', value: 'not json' },
      ...events.slice(0, 50).map((event) => ({
        topic: topics.topics.receipts,
        key: event.id,
        value: JSON.stringify({
          eventId: event.id,
          stage: 'learned',
          at: new Date().toISOString(),
        }),
      })),
      ...Array.from({ length: 20 }, (_, i) => ({
        topic: topics.topics.timestampCommands,
        key: null,
        value: JSON.stringify({
          command_id: randomUUID(),
          event_timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
        }),
      })),
    ]);
    await eventually(
      async () => {
        const { body } = await getJson(consumer.baseUrl, '/status');
        const status = body as {
          lag: number;
          totals: { events: number; timestamps: number; learned: number };
        };
        return status.lag === 0 && status.totals.events === 400 && status.totals.learned === 50
          ? true
          : undefined;
      },
      { timeoutMs: 30_000 },
    );
    const expected = await checksum(database);
    await consumer.stop();
    expect(expected.count).toBe('400');

    const intoPostgres = await createTestDatabase('postgres');
    drops.push(intoPostgres.drop);
    const intoPglite = await createTestDatabase('pglite');
    drops.push(intoPglite.drop);
    const replayInto = (target: DatabaseTarget) =>
      run(
        process.execPath,
        [
          '--import',
          'tsx',
          REPLAY,
          ...(target.kind === 'postgres'
            ? ['--database-url', target.url]
            : ['--pglite-dir', target.dataDir]),
        ],
        {
          env: {
            ...process.env,
            KAFKA_BROKERS: brokers().join(','),
            KAFKLOUD_TOPIC_PREFIX: topics.prefix,
            CONSUMER_GROUP: group,
          },
          timeout: 90_000,
        },
      );
    const outputs = await Promise.all([
      replayInto(intoPostgres.target),
      replayInto(intoPglite.target),
    ]);
    for (const { stdout } of outputs) {
      expect(stdout).toMatch(/471\/471 records \(100%\)/);
      expect(stdout).toMatch(
        /400 events, 20 timestamp commands, 50 learned receipts; 1 dead letters skipped/,
      );
    }
    for (const target of [intoPostgres.target, intoPglite.target]) {
      const replayed = await openDatabase(target);
      try {
        expect(await checksum(replayed)).toEqual(expected);
      } finally {
        await replayed.close();
      }
    }
  });
});
