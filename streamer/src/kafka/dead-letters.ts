import { ContractError } from '../contracts/codec.js';
import type { IncomingRecord, OutgoingRecord, Producer } from './types.js';

/** A record that cannot be decoded or validated, with why and where it failed. */
export type DeadLetter = { record: IncomingRecord; reason: string; field: string };

export type DeadLetterSink = { publish(letters: readonly DeadLetter[]): Promise<void> };

/** The dead letter for a record whose decoding threw `error`. */
export function deadLetterFor(record: IncomingRecord, error: unknown): DeadLetter {
  if (error instanceof ContractError) return { record, reason: error.message, field: error.field };
  return { record, reason: (error as Error)?.message ?? String(error), field: 'value' };
}

export const DLQ_HEADERS = {
  reason: 'kafkloud-dlq-reason',
  field: 'kafkloud-dlq-field',
  originTopic: 'kafkloud-origin-topic',
  originPartition: 'kafkloud-origin-partition',
  originOffset: 'kafkloud-origin-offset',
  originTimestamp: 'kafkloud-origin-timestamp',
} as const;

/** Keeps each produce request well under the broker's default 1 MiB message-batch limit. */
const MAX_SEND_BYTES = 512 * 1024;

function sizeOf(record: OutgoingRecord): number {
  const headers = Object.entries(record.headers ?? {}).reduce(
    (sum, [k, v]) => sum + k.length + v.length,
    0,
  );
  return (record.key?.length ?? 0) + (record.value?.length ?? 0) + headers + 64;
}

/** Publishes dead letters with the original key, bytes and headers plus the reason and origin. */
export function createDeadLetterPublisher(producer: Producer, topic: string): DeadLetterSink {
  return {
    async publish(letters) {
      const records: OutgoingRecord[] = letters.map(({ record, reason, field }) => ({
        topic,
        key: record.key ? record.key.toString('utf8') : null,
        value: record.value,
        headers: {
          ...record.headers,
          [DLQ_HEADERS.reason]: reason.slice(0, 1_000),
          [DLQ_HEADERS.field]: field,
          [DLQ_HEADERS.originTopic]: record.topic,
          [DLQ_HEADERS.originPartition]: String(record.partition),
          [DLQ_HEADERS.originOffset]: record.offset,
          [DLQ_HEADERS.originTimestamp]: record.timestamp,
        },
      }));
      let chunk: OutgoingRecord[] = [];
      let bytes = 0;
      for (const record of records) {
        const size = sizeOf(record);
        if (chunk.length > 0 && bytes + size > MAX_SEND_BYTES) {
          await producer.send(chunk);
          chunk = [];
          bytes = 0;
        }
        chunk.push(record);
        bytes += size;
      }
      if (chunk.length > 0) await producer.send(chunk);
    },
  };
}
