import {
  answerCodec,
  eventCodec,
  questionCodec,
  receiptCodec,
  statementCodec,
  type TopicNames,
} from '@kafkloud/streamer';
import {
  deadLetterFor,
  type BatchHandler,
  type DeadLetter,
  type DeadLetterSink,
  type IncomingRecord,
  type OutgoingRecord,
  type Producer,
  type RecordBatch,
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
  /** Where statements and questions that break their contract go; events are the consumer's. */
  deadLetters: DeadLetterSink;
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
): { decoded: Decoded<T>[]; rejected: DeadLetter[] } {
  const decoded: Decoded<T>[] = [];
  const rejected: DeadLetter[] = [];
  for (const record of batch.records) {
    try {
      decoded.push({ record, value: decode(record) });
    } catch (error) {
      // A malformed record is the producer's fault and redelivery cannot fix it.
      logger.warn(
        { topic: record.topic, partition: record.partition, offset: record.offset, err: error },
        'record does not match its contract; not learned',
      );
      rejected.push(deadLetterFor(record, error));
    }
  }
  return { decoded, rejected };
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

  /** Dead letters are acknowledged before the batch resolves, so none is lost to the commit. */
  const deadLetter = async (batch: RecordBatch, rejected: readonly DeadLetter[]) => {
    if (rejected.length === 0) return;
    await retrying(batch, 'publishing dead letters', () => deps.deadLetters.publish(rejected));
    deps.metrics.deadLettered.inc({ topic: batch.topic }, rejected.length);
  };

  const handleEvents = async (batch: RecordBatch) => {
    // Events that break the contract are dead-lettered by the consumer service, which reads
    // the same topic; seer only leaves them out, so each one reaches the DLQ once.
    const events: PositionedEvent[] = decodeAll(batch, deps.logger, (record) =>
      eventCodec.decode(record.value),
    ).decoded.map(({ record, value }) => ({
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
    const { decoded, rejected } = decodeAll(batch, deps.logger, (record) =>
      statementCodec.decode(record.value),
    );
    await deadLetter(batch, rejected);
    const statements = decoded.map(({ value }) => value);
    if (statements.length === 0) return;
    const items = await retrying(batch, 'learning statements', () =>
      learnStatements(deps.learn, statements, 'kafka'),
    );
    deps.metrics.learned.inc({ kind: 'statement' }, items.length);
  };

  const handleQuestions = async (batch: RecordBatch) => {
    const { decoded, rejected } = decodeAll(batch, deps.logger, (record) =>
      questionCodec.decode(
        record.value,
        record.key?.toString() || `${record.topic}-${record.partition}-${record.offset}`,
      ),
    );
    await deadLetter(batch, rejected);
    const questions = decoded.map(({ value }) => value);
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
