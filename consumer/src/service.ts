import type { Logger } from 'pino';
import { topicNames } from '@kafkloud/streamer';
import { createLifecycle, createMetricsRegistry } from '@kafkloud/streamer/http';
import { createDeadLetterPublisher, createKafkaClient } from '@kafkloud/streamer/kafka';
import { createApp } from './app.js';
import type { Config } from './config.js';
import type { Database } from './db/connection.js';
import { createEventStore } from './db/store.js';
import { createStreamHub, type StreamHubOptions } from './http/event-stream.js';
import { FETCH_BYTES_PER_PARTITION, runPersistingConsumer } from './kafka/persisting-consumer.js';
import { createConsumerMetrics } from './metrics.js';

export type ConsumerServiceOptions = {
  config: Config;
  logger: Logger;
  apiTokens: readonly string[];
  database: Database;
  stream?: Pick<
    StreamHubOptions,
    'maxBufferedBytes' | 'heartbeatMs' | 'pollMs' | 'maxStreamsPerClient' | 'maxStreams'
  >;
};

/** Wires the consumer from its adapters. `start` joins the group; `close` drains and closes. */
export function createConsumerService({
  config,
  logger,
  apiTokens,
  database,
  stream,
}: ConsumerServiceOptions) {
  const topics = topicNames(config.topicPrefix);
  const kafka = createKafkaClient(
    { brokers: config.brokers, clientId: 'kafkloud-consumer', connectionTimeoutMs: 3_000 },
    logger,
  );
  const newConsumer = () =>
    kafka.consumer({
      groupId: config.consumerGroup,
      sessionTimeoutMs: config.sessionTimeoutMs,
      maxBytesPerPartition: FETCH_BYTES_PER_PARTITION,
    });
  let consumer = newConsumer();
  const producer = kafka.producer();
  const admin = kafka.admin();
  const registry = createMetricsRegistry('consumer');
  const metrics = createConsumerMetrics(registry);
  const lifecycle = createLifecycle();
  const store = createEventStore(database.db);
  const hub = createStreamHub({
    maxStreamsPerClient: config.maxStreamsPerClient,
    maxStreams: config.maxStreams,
    ...stream,
    store,
    logger: logger.child({ component: 'stream' }),
  });
  const consumedTopics = [topics.events, topics.timestampCommands, topics.receipts];

  const app = createApp({
    logger,
    apiTokens,
    store,
    hub,
    lifecycle,
    registry,
    status: {
      store,
      admin,
      group: config.consumerGroup,
      topics: consumedTopics,
      deadLetterTopic: topics.eventsDlq,
    },
    checks: {
      database: async () => {
        await database.ping();
        return { ok: true };
      },
      kafka: async () =>
        consumer.isConnected() ? { ok: true } : { ok: false, detail: 'consumer is not connected' },
    },
  });

  let isClosing = false;
  let isRestarting = false;

  // kafkajs gives up on some errors (a member the coordinator forgot): start a new member then.
  const watchdog = setInterval(() => {
    if (isClosing || isRestarting || lifecycle.state !== 'running' || consumer.isConnected())
      return;
    isRestarting = true;
    logger.error('the Kafka consumer stopped; starting a new one');
    void (async () => {
      await consumer.disconnect().catch(() => undefined);
      consumer = newConsumer();
      await start();
      isRestarting = false;
    })();
  }, 5_000);
  watchdog.unref();

  async function start(): Promise<void> {
    for (let delay = 500; !isClosing; delay = Math.min(delay * 2, 5_000)) {
      try {
        await admin.connect();
        await producer.connect();
        await consumer.connect();
        await runPersistingConsumer(consumer, {
          fromBeginning: true,
          deps: {
            store,
            topics,
            metrics,
            logger,
            deadLetters: createDeadLetterPublisher(producer, topics.eventsDlq),
            onPersisted: () => hub.notify(),
          },
        });
        if (lifecycle.state === 'starting') lifecycle.state = 'running';
        logger.info({ group: config.consumerGroup, topics: consumedTopics }, 'consuming');
        return;
      } catch (error) {
        logger.warn({ err: error, retryInMs: delay }, 'Kafka not reachable yet');
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  async function close(): Promise<void> {
    isClosing = true;
    clearInterval(watchdog);
    hub.close();
    await consumer
      .disconnect()
      .catch((error: unknown) => logger.warn({ err: error }, 'consumer disconnect failed'));
    await producer.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    await database.close().catch(() => undefined);
  }

  return { app, lifecycle, metrics, registry, store, hub, start, close };
}

export type ConsumerService = ReturnType<typeof createConsumerService>;
