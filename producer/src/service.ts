import { topicNames } from '@kafkloud/streamer';
import { createLifecycle, createMetricsRegistry, type Lifecycle } from '@kafkloud/streamer/http';
import { createKafkaClient } from '@kafkloud/streamer/kafka';
import type { Logger } from '@kafkloud/streamer/logger';
import type { Express } from 'express';
import type { Registry } from 'prom-client';
import { v7 as uuidv7 } from 'uuid';
import { createApp } from './app.js';
import type { Config } from './config.js';
import { createBroadcaster, type Broadcaster } from './domain/broadcast-hello.js';
import type { PublishDeps } from './domain/publish-event.js';
import type { RandomSource } from './domain/random.js';
import { createBatcher } from './kafka/batcher.js';
import { createEventSink } from './kafka/event-sink.js';
import { createKafkaHealth } from './kafka/kafka-health.js';
import { createProducerMetrics } from './metrics.js';

export type ProducerService = {
  app: Express;
  lifecycle: Lifecycle;
  registry: Registry;
  broadcaster: Broadcaster;
  /** Connects to Kafka, retrying until it answers or the service stops; then starts broadcasting. */
  start(): Promise<void>;
  /** Stops broadcasting, answers every queued event, closes Kafka clients. */
  close(): Promise<void>;
};

export type ServiceOptions = {
  config: Config;
  logger: Logger;
  /** The tokens in force (config's, or the local token file's). */
  apiTokens: readonly string[];
  random?: RandomSource;
};

/** Wires the producer from its configuration; main.ts and the integration tests share it. */
export function createProducerService({
  config,
  logger,
  apiTokens,
  random,
}: ServiceOptions): ProducerService {
  const lifecycle = createLifecycle();
  const registry = createMetricsRegistry('producer');
  // Short client-side timeouts: a request waits at most sendTimeoutMs anyway, and a dead broker
  // should surface as a failed send, not as a send stuck behind kafkajs's retries.
  const kafka = createKafkaClient(
    {
      brokers: config.brokers,
      clientId: 'kafkloud-producer',
      connectionTimeoutMs: 1_000,
      requestTimeoutMs: Math.max(1_000, config.sendTimeoutMs),
      retries: 2,
      maxRetryTimeMs: 1_000,
    },
    logger,
  );
  const probeClient = createKafkaClient(
    {
      brokers: config.brokers,
      clientId: 'kafkloud-producer-probe',
      connectionTimeoutMs: 1_000,
      retries: 0,
    },
    logger,
  );
  const sink = createEventSink(kafka, logger);
  const topic = topicNames(config.topicPrefix).events;
  const health = createKafkaHealth(probeClient, { topic, timeoutMs: 1_500, cacheMs: 1_000 });
  const batcher = createBatcher({
    send: (records) => sink.send(records),
    maxBatch: config.maxBatch,
    maxConcurrentSends: config.concurrentSends,
    timeoutMs: config.sendTimeoutMs,
    retryAfterSeconds: config.retryAfterSeconds,
    observer: createProducerMetrics(registry),
  });
  const publishDeps = (source: string): PublishDeps => ({
    topic,
    source,
    newId: uuidv7,
    now: () => new Date(),
    submit: (record) => batcher.submit(record),
  });

  const app = createApp({
    logger,
    lifecycle,
    registry,
    checks: { kafka: () => health.check() },
    publish: publishDeps('/kafkloud/producer'),
    apiTokens,
    bodyLimitBytes: config.bodyLimitBytes,
    rateLimit: config.rateLimit,
  });
  const broadcaster = createBroadcaster(publishDeps('/kafkloud/producer/broadcaster'), {
    minIntervalMs: config.broadcaster.minIntervalMs,
    maxIntervalMs: config.broadcaster.maxIntervalMs,
    random: random ?? Math.random,
    logger: logger.child({ component: 'broadcaster' }),
  });

  return {
    app,
    lifecycle,
    registry,
    broadcaster,
    async start() {
      for (let attempt = 1; lifecycle.state === 'starting'; attempt += 1) {
        try {
          await sink.connect();
          lifecycle.state = 'running';
        } catch (error) {
          logger.warn({ err: error, attempt }, 'Kafka not reachable yet; retrying');
          await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 500 * attempt)));
        }
      }
      if (config.broadcaster.isEnabled && lifecycle.state === 'running') broadcaster.start();
    },
    async close() {
      lifecycle.state = 'draining';
      await broadcaster.stop();
      await batcher.drain();
      await sink
        .disconnect()
        .catch((error: unknown) => logger.warn({ err: error }, 'Kafka disconnect failed'));
      await health.close();
    },
  };
}
