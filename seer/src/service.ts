import { topicNames } from '@kafkloud/streamer';
import {
  createLifecycle,
  createMetricsRegistry,
  type Lifecycle,
  type ReadinessCheck,
} from '@kafkloud/streamer/http';
import {
  createDeadLetterPublisher,
  createKafkaClient,
  type Consumer,
  type Producer,
} from '@kafkloud/streamer/kafka';
import type { Logger } from '@kafkloud/streamer/logger';
import type { Express } from 'express';
import type { Registry } from 'prom-client';
import { createChatAnswerer } from './answer/chat.js';
import { createApp } from './app.js';
import { collectionName, createChromaStore, type ChromaStore } from './chroma/store.js';
import type { Config } from './config.js';
import { DEFAULT_MIN_SCORE, type AnswerDeps } from './domain/answer-question.js';
import type { LearnDeps } from './domain/learn.js';
import { createEmbedder } from './embed/index.js';
import type { Embedder } from './embed/types.js';
import { consumedTopics, createBatchHandler } from './kafka/handle-batch.js';
import { createLearningHealth, DEFAULT_RETRY, type RetryPolicy } from './kafka/retry.js';
import { createSeerMetrics, timedEmbedder } from './metrics.js';

export type Seer = {
  app: Express;
  lifecycle: Lifecycle;
  registry: Registry;
  store: ChromaStore;
  embedder: Embedder;
  /** Connects to Kafka (retrying in the background until it succeeds) and starts consuming. */
  startConsuming(): Promise<void>;
  /** Stops consuming (the batch in hand finishes and commits) and closes Kafka clients. */
  stop(): Promise<void>;
};

export type SeerOptions = {
  /** Replaces the configured embedder (tests and the benchmark pass one). */
  embedder?: Embedder;
  retry?: RetryPolicy;
  clientId?: string;
};

/** Wires seer from its configuration. Connects nothing until `startConsuming`. */
export function createSeer(config: Config, logger: Logger, options: SeerOptions = {}): Seer {
  const lifecycle = createLifecycle();
  const registry = createMetricsRegistry('seer');
  const configured = options.embedder
    ? { embedder: options.embedder, minScore: undefined }
    : createEmbedder(config.embedder);
  const store = createChromaStore({
    url: config.chromaUrl,
    collection: collectionName(config.collection, configured.embedder.id),
    retryAfterSeconds: config.retryAfterSeconds,
  });
  const metrics = createSeerMetrics(registry, () => store.count());
  const embedder = timedEmbedder(configured.embedder, metrics);
  const learn: LearnDeps = { store, embedder };
  const answer: AnswerDeps = {
    store,
    embedder,
    minScore: config.minScore ?? configured.minScore ?? DEFAULT_MIN_SCORE,
    maxSources: config.maxSources,
    ...(config.chat ? { chat: createChatAnswerer(config.chat) } : {}),
    onChatError: (error) =>
      logger.warn({ err: error }, 'chat answerer failed; answering extractively'),
  };

  const topics = topicNames(config.topicPrefix);
  const kafka = createKafkaClient(
    { brokers: config.brokers, clientId: options.clientId ?? 'kafkloud-seer' },
    logger,
  );
  let producer: Producer | undefined;
  let consumer: Consumer | undefined;
  let isStopping = false;
  let started: Promise<void> | undefined;
  const health = createLearningHealth();

  const checks: Record<string, ReadinessCheck> = {
    chroma: async () =>
      (await store.isReachable())
        ? { ok: true }
        : { ok: false, detail: `no heartbeat from ${config.chromaUrl}` },
    kafka: async () =>
      consumer?.isConnected() ? { ok: true } : { ok: false, detail: 'consumer not connected' },
    learning: async () =>
      health.isFailing ? { ok: false, detail: health.lastError ?? 'retrying' } : { ok: true },
  };

  const app = createApp({
    logger,
    lifecycle,
    registry,
    checks,
    apiTokens: config.apiTokens,
    learn,
    answer,
    metrics,
    chunk: config.chunk,
    maxUploadBytes: config.maxUploadBytes,
    maxAcceptBytes: config.maxAcceptBytes,
  });

  const connectOnce = async () => {
    producer = kafka.producer();
    await producer.connect();
    consumer = kafka.consumer({ groupId: config.groupId });
    await consumer.connect();
    await consumer.run({
      topics: consumedTopics(topics, config.isLearningEvents),
      // A new group learns everything retained: seer's index can be rebuilt from the topics.
      fromBeginning: true,
      partitionsConsumedConcurrently: 3,
      handleBatch: createBatchHandler({
        topics,
        learn,
        answer,
        producer,
        deadLetters: createDeadLetterPublisher(producer, topics.eventsDlq),
        logger,
        metrics,
        health,
        retry: options.retry ?? DEFAULT_RETRY,
      }),
    });
  };

  return {
    app,
    lifecycle,
    registry,
    store,
    embedder,
    startConsuming() {
      started ??= (async () => {
        let delayMs = 500;
        while (!isStopping) {
          try {
            await connectOnce();
            logger.info({ group: config.groupId, topics }, 'consuming');
            return;
          } catch (error) {
            logger.warn({ err: error, delayMs }, 'kafka not reachable; retrying');
            await consumer?.disconnect().catch(() => undefined);
            await producer?.disconnect().catch(() => undefined);
            await new Promise((resolve) => setTimeout(resolve, delayMs));
            delayMs = Math.min(delayMs * 2, 10_000);
          }
        }
      })();
      return started;
    },
    async stop() {
      isStopping = true;
      await consumer
        ?.disconnect()
        .catch((error: unknown) => logger.warn({ err: error }, 'consumer disconnect failed'));
      await producer
        ?.disconnect()
        .catch((error: unknown) => logger.warn({ err: error }, 'producer disconnect failed'));
    },
  };
}
