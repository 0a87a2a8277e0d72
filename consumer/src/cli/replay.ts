#!/usr/bin/env node
/**
 * Rebuilds the consumer's tables from the earliest Kafka offsets into an empty (or named)
 * database, with a fresh consumer group, stopping at the high watermarks seen at the start.
 *   --database-url <url>  target Postgres (default REPLAY_DATABASE_URL)
 *   --pglite-dir <dir>    target PGlite directory
 * With neither, a new PGlite directory under $KAFKLOUD_DATA_DIR/consumer/ is used.
 * Exit codes: 0 replayed, 1 failed.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { topicNames } from '@kafkloud/streamer';
import { createMetricsRegistry } from '@kafkloud/streamer/http';
import { createKafkaClient } from '@kafkloud/streamer/kafka';
import { createLogger } from '@kafkloud/streamer/logger';
import { loadConfig, type DatabaseTarget } from '../config.js';
import { openDatabase } from '../db/connection.js';
import { createEventStore } from '../db/store.js';
import { replayTopics } from '../kafka/replay.js';
import { createConsumerMetrics } from '../metrics.js';

const { values } = parseArgs({
  options: { 'database-url': { type: 'string' }, 'pglite-dir': { type: 'string' } },
});
const config = loadConfig();
const url = values['database-url'] ?? config.replayDatabaseUrl;
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const target: DatabaseTarget = url
  ? { kind: 'postgres', url }
  : {
      kind: 'pglite',
      dataDir: values['pglite-dir'] ?? resolve(config.dataDir, 'consumer', `replay-${stamp}`),
    };
const logger = createLogger('consumer-replay', {
  level: config.logLevel === 'info' ? 'warn' : config.logLevel,
});

console.log(
  `replaying into ${target.kind === 'postgres' ? 'Postgres' : `PGlite at ${target.dataDir}`} from ${config.brokers.join(',')}${config.topicPrefix ? ` (prefix ${config.topicPrefix})` : ''}`,
);
const database = await openDatabase(target);
try {
  await database.migrate();
  const store = createEventStore(database.db);
  const before = await store.totals();
  if (before.events + before.timestamps + before.learned > 0) {
    console.log(
      `the target already holds ${before.events} events; inserts are idempotent, existing rows stay`,
    );
  }
  let lastPrint = 0;
  const started = Date.now();
  const result = await replayTopics({
    kafka: createKafkaClient(
      { brokers: config.brokers, clientId: 'kafkloud-consumer-replay' },
      logger,
    ),
    store,
    topics: topicNames(config.topicPrefix),
    groupId: `${config.consumerGroup}-replay-${stamp}`,
    metrics: createConsumerMetrics(createMetricsRegistry('consumer-replay')),
    logger,
    onProgress: ({ done, total }) => {
      if (Date.now() - lastPrint < 1_000 && done < total) return;
      lastPrint = Date.now();
      const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
      console.log(`  ${done}/${total} records (${percent}%)`);
    },
  });
  const totals = await store.totals();
  const seconds = ((Date.now() - started) / 1_000).toFixed(1);
  console.log(
    `replayed ${result.records} records in ${seconds} s: ${totals.events} events, ${totals.timestamps} timestamp commands, ${totals.learned} learned receipts; ${result.deadLetters} dead letters skipped`,
  );
} catch (error) {
  console.error(`replay failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await database.close();
}
