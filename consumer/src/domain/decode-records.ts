import {
  ContractError,
  eventCodec,
  receiptCodec,
  timestampCommandCodec,
  type TopicNames,
} from '@kafkloud/streamer';
import { deadLetterFor, type DeadLetter, type IncomingRecord } from '@kafkloud/streamer/kafka';
import type { EventRow, PersistableBatch, ReceiptRow, TimestampRow } from './types.js';

export type DecodedItem =
  | { kind: 'event'; record: IncomingRecord; row: EventRow }
  | { kind: 'receipt'; record: IncomingRecord; row: ReceiptRow }
  | { kind: 'timestamp'; record: IncomingRecord; row: TimestampRow };

export type ConsumedTopics = Pick<TopicNames, 'events' | 'receipts' | 'timestampCommands'>;

function decodeOne(record: IncomingRecord, topics: ConsumedTopics): DecodedItem {
  const position = {
    topic: record.topic,
    partition: record.partition,
    offset: Number(record.offset),
  };
  switch (record.topic) {
    case topics.events: {
      const event = eventCodec.decode(record.value);
      return {
        kind: 'event',
        record,
        row: {
          id: event.id,
          type: event.type,
          source: event.source,
          time: new Date(event.time),
          data: event.data,
          correlationId: event.correlationid,
          ...position,
          producedAt: new Date(Number(record.timestamp)),
        },
      };
    }
    case topics.receipts: {
      const receipt = receiptCodec.decode(record.value);
      return {
        kind: 'receipt',
        record,
        row: { eventId: receipt.eventId, stage: receipt.stage, at: new Date(receipt.at) },
      };
    }
    case topics.timestampCommands: {
      const command = timestampCommandCodec.decode(record.value);
      return {
        kind: 'timestamp',
        record,
        row: {
          commandId: command.command_id,
          eventTimestamp: new Date(command.event_timestamp),
          ...position,
        },
      };
    }
    default:
      throw new ContractError('record', [
        { field: 'topic', message: `unexpected topic ${record.topic}` },
      ]);
  }
}

/** Splits fetched records into rows to write and records that belong in the dead-letter topic. */
export function decodeRecords(
  records: readonly IncomingRecord[],
  topics: ConsumedTopics,
): { items: DecodedItem[]; deadLetters: DeadLetter[] } {
  const items: DecodedItem[] = [];
  const deadLetters: DeadLetter[] = [];
  for (const record of records) {
    try {
      items.push(decodeOne(record, topics));
    } catch (error) {
      deadLetters.push(deadLetterFor(record, error));
    }
  }
  return { items, deadLetters };
}

export function toPersistable(items: readonly DecodedItem[]): PersistableBatch {
  const batch: PersistableBatch = { events: [], receipts: [], timestamps: [] };
  for (const item of items) {
    if (item.kind === 'event') batch.events.push(item.row);
    else if (item.kind === 'receipt') batch.receipts.push(item.row);
    else batch.timestamps.push(item.row);
  }
  return batch;
}
