import type { Logger } from 'pino';
import type { DeadLetter, DeadLetterSink, RecordBatch } from '@kafkloud/streamer/kafka';
import type { ConsumerMetrics } from '../metrics.js';
import {
  decodeRecords,
  toPersistable,
  type ConsumedTopics,
  type DecodedItem,
} from './decode-records.js';
import type { EventStore } from './types.js';

export type PersistBatchDeps = {
  store: EventStore;
  deadLetters: DeadLetterSink;
  topics: ConsumedTopics;
  metrics: ConsumerMetrics;
  logger: Logger;
  /** Told after each commit so live readers look for new rows at once. */
  onPersisted?: () => void;
  backoff?: { initialMs: number; maxMs: number };
};

/** SQLSTATE classes where retrying the same rows can never succeed. */
const REJECTING_CLASSES = new Set(['22', '23', '54']);

function sqlState(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function isRejectedByDatabase(error: unknown): boolean {
  const state = sqlState(error);
  return state !== undefined && REJECTING_CLASSES.has(state.slice(0, 2));
}

function describe(error: unknown): string {
  const cause = (error as { cause?: unknown }).cause;
  return (cause instanceof Error ? cause.message : (error as Error).message) ?? String(error);
}

/** Sleeps in short slices, heartbeating, so a long outage never costs the group membership. */
async function waitWithHeartbeat(ms: number, batch: RecordBatch): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, deadline - Date.now())));
    await batch.heartbeat();
    if (!batch.isRunning()) return;
  }
}

/**
 * Awaits `work` while heartbeating every second: a database call can block for a long time
 * (the driver waits for the server to come back), and a silent member loses its partitions.
 */
async function withHeartbeats<T>(work: Promise<T>, batch: RecordBatch): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const beats = new Promise<never>((_resolve, reject) => {
    timer = setInterval(() => batch.heartbeat().catch(reject), 1_000);
  });
  // A rebalance may end the wait first; the write then finishes (or fails) unobserved.
  work.catch(() => undefined);
  try {
    return await Promise.race([work, beats]);
  } finally {
    clearInterval(timer);
  }
}

/**
 * Writes the items in one transaction, retrying with backoff for as long as the database is
 * unreachable: it never gives up on a row, because the caller commits the offset only after
 * this resolves. Rows the database rejects outright are isolated and returned as dead letters.
 */
async function writeItems(
  items: readonly DecodedItem[],
  batch: RecordBatch,
  deps: PersistBatchDeps,
): Promise<DeadLetter[]> {
  const backoff = deps.backoff ?? { initialMs: 200, maxMs: 5_000 };
  let delay = backoff.initialMs;
  for (;;) {
    try {
      const { insertedEvents } = await withHeartbeats(
        deps.store.persist(toPersistable(items)),
        batch,
      );
      deps.metrics.eventsWritten.inc(insertedEvents);
      return [];
    } catch (error) {
      if (isRejectedByDatabase(error)) {
        if (items.length === 1) {
          const [item] = items as [DecodedItem];
          return [
            {
              record: item.record,
              reason: `database rejected the record: ${describe(error)}`,
              field: 'value',
            },
          ];
        }
        const rejected: DeadLetter[] = [];
        for (const item of items) rejected.push(...(await writeItems([item], batch, deps)));
        return rejected;
      }
      deps.metrics.databaseRetries.inc();
      deps.logger.warn(
        { err: describe(error), topic: batch.topic, partition: batch.partition, retryInMs: delay },
        'database write failed; retrying',
      );
      await waitWithHeartbeat(delay, batch);
      if (!batch.isRunning())
        throw new Error('consumer stopping before the batch was written', { cause: error });
      delay = Math.min(delay * 2, backoff.maxMs);
    }
  }
}

/**
 * Handles one fetched batch: decode, write in one transaction, dead-letter what cannot be
 * stored. Resolving means every record is durably handled and the offset may be committed.
 */
export async function persistBatch(batch: RecordBatch, deps: PersistBatchDeps): Promise<void> {
  const started = process.hrtime.bigint();
  const { items, deadLetters } = decodeRecords(batch.records, deps.topics);
  if (items.length > 0) deadLetters.push(...(await writeItems(items, batch, deps)));
  // After the write: a failed publish throws, the batch is redelivered and rewritten idempotently.
  if (deadLetters.length > 0) {
    await deps.deadLetters.publish(deadLetters);
    deps.metrics.deadLetters.inc({ topic: batch.topic }, deadLetters.length);
    deps.logger.warn(
      {
        topic: batch.topic,
        partition: batch.partition,
        count: deadLetters.length,
        reason: deadLetters[0]?.reason,
      },
      'records dead-lettered',
    );
  }
  const now = Date.now();
  deps.metrics.persistSeconds.observe(Number(process.hrtime.bigint() - started) / 1e9);
  deps.metrics.batchSize.observe(batch.records.length);
  for (const item of items) {
    if (item.kind === 'event')
      deps.metrics.producedToPersistedSeconds.observe(
        (now - item.row.producedAt.getTime()) / 1_000,
      );
  }
  const last = batch.records.at(-1);
  if (last) {
    const lag = Number(BigInt(batch.highWatermark) - BigInt(last.offset) - 1n);
    deps.metrics.lag.set(
      { topic: batch.topic, partition: String(batch.partition) },
      Math.max(lag, 0),
    );
  }
  deps.onPersisted?.();
}
