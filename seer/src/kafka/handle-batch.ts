import {
  answerCodec,
  eventCodec,
  questionCodec,
  receiptCodec,
  statementCodec,
  type TopicNames,
} from '@kafkloud/streamer';
import type {
  BatchHandler,
  IncomingRecord,
  OutgoingRecord,
  Producer,
  RecordBatch,
} from '@kafkloud/streamer/kafka';
import type { Logger } from '@kafkloud/streamer/logger';
import { answerQuestion, type AnswerDeps } from '../domain/answer-question.js';
import { learnEvents, type PositionedEvent } from '../domain/learn-events.js';
import { learnStatements } from '../domain/learn-statements.js';
import type { LearnDeps } from '../domain/learn.js';
import type { SeerMetrics } from '../metrics.js';
import { untilDone, type LearningHealth, type RetryPolicy } from './retry.js';

export type BatchDeps = {
  topics: TopicNames;
  learn: LearnDeps;
  answer: AnswerDeps;
  producer: Pick<Producer, 'send'>;
  logger: Logger;
  metrics: SeerMetrics;
  health: LearningHealth;
  retry: RetryPolicy;
};

/** The topics seer consumes, in one group. */
export function consumedTopics(topics: TopicNames, isLearningEvents: boolean): string[] {
  return [
    ...(isLearningEvents ? [topics.events] : []),
    topics.seerStatements,
    topics.seerQuestions,
  ];
}

type Decoded<T> = { record: IncomingRecord; value: T };

function decodeAll<T>(
  batch: RecordBatch,
  logger: Logger,
  decode: (record: IncomingRecord) => T,
): Decoded<T>[] {
  const decoded: Decoded<T>[] = [];
  for (const record of batch.records) {
    try {
      decoded.push({ record, value: decode(record) });
    } catch (error) {
      // A malformed record is the producer's fault and redelivery cannot fix it; the
      // consumer service dead-letters events, so seer records the reason and moves on.
      logger.warn(
        { topic: record.topic, partition: record.partition, offset: record.offset, err: error },
        'record does not match its contract; not learned',
      );
    }
  }
  return decoded;
}

/**
 * One handler for all of seer's topics. It resolves only after Chroma holds what the batch
 * taught and the receipts or answers are acknowledged by Kafka, so the consumer commits the
 * batch's offsets only then; while Chroma or Kafka is down it retries and never skips.
 */
export function createBatchHandler(deps: BatchDeps): BatchHandler {
  const retrying = <T>(batch: RecordBatch, what: string, work: () => Promise<T>) =>
    untilDone(batch, work, {
      policy: deps.retry,
      health: deps.health,
      onRetry: (error, delayMs) =>
        deps.logger.warn(
          { err: error, topic: batch.topic, partition: batch.partition, delayMs },
          `${what} failed; retrying`,
        ),
    });

  const handleEvents = async (batch: RecordBatch) => {
    const events: PositionedEvent[] = decodeAll(batch, deps.logger, (record) =>
      eventCodec.decode(record.value),
    ).map(({ record, value }) => ({
      event: value,
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
    }));
    if (events.length === 0) return;
    const learnedIds = await retrying(batch, 'learning events', () =>
      learnEvents(deps.learn, events),
    );
    deps.metrics.learned.inc({ kind: 'event' }, learnedIds.length);
    const at = new Date().toISOString();
    const receipts = learnedIds.map((eventId) => ({
      topic: deps.topics.receipts,
      key: eventId,
      value: receiptCodec.encode({ eventId, stage: 'learned', at }),
    }));
    await retrying(batch, 'publishing receipts', () => deps.producer.send(receipts));
  };

  const handleStatements = async (batch: RecordBatch) => {
    const statements = decodeAll(batch, deps.logger, (record) =>
      statementCodec.decode(record.value),
    ).map(({ value }) => value);
    if (statements.length === 0) return;
    const items = await retrying(batch, 'learning statements', () =>
      learnStatements(deps.learn, statements, 'kafka'),
    );
    deps.metrics.learned.inc({ kind: 'statement' }, items.length);
  };

  const handleQuestions = async (batch: RecordBatch) => {
    const questions = decodeAll(batch, deps.logger, (record) =>
      questionCodec.decode(
        record.value,
        record.key?.toString() || `${record.topic}-${record.partition}-${record.offset}`,
      ),
    ).map(({ value }) => value);
    const answers: OutgoingRecord[] = [];
    for (const { id, question } of questions) {
      const end = deps.metrics.askSeconds.startTimer({ channel: 'kafka' });
      const result = await retrying(batch, 'answering a question', () =>
        answerQuestion(deps.answer, question),
      );
      end({ known: String(result.isKnown) });
      answers.push({
        topic: deps.topics.seerAnswers,
        key: id,
        value: answerCodec.encode({ questionId: id, question, ...result }),
      });
      await batch.heartbeat().catch(() => undefined);
    }
    if (answers.length === 0) return;
    await retrying(batch, 'publishing answers', () => deps.producer.send(answers));
  };

  return async (batch) => {
    if (batch.topic === deps.topics.events) return handleEvents(batch);
    if (batch.topic === deps.topics.seerStatements) return handleStatements(batch);
    if (batch.topic === deps.topics.seerQuestions) return handleQuestions(batch);
    deps.logger.warn({ topic: batch.topic }, 'batch from an unexpected topic ignored');
  };
}
