import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * One row per event id. `seq` is assigned in commit order (writers hold an advisory lock), so
 * it is a stable keyset for pagination.
 */
export const events = pgTable(
  'events',
  {
    id: text('id').primaryKey(),
    seq: bigserial('seq', { mode: 'number' }).notNull().unique(),
    type: text('type').notNull(),
    source: text('source').notNull(),
    time: timestamptz('time').notNull(),
    data: jsonb('data').notNull(),
    correlationId: text('correlation_id'),
    topic: text('topic').notNull(),
    partition: integer('partition').notNull(),
    offset: bigint('offset', { mode: 'number' }).notNull(),
    producedAt: timestamptz('produced_at').notNull(),
    persistedAt: timestamptz('persisted_at')
      .notNull()
      .default(sql`now()`),
  },
  (table) => [
    index('events_type_seq_idx').on(table.type, table.seq),
    index('events_time_idx').on(table.time),
  ],
);

export const STAGES = ['produced', 'persisted', 'learned'] as const;
export type Stage = (typeof STAGES)[number];

/**
 * Every stage an event reached, once each. `seq` orders stage changes in commit order and is
 * the Server-Sent Events id. No foreign key: a sink's receipt may arrive before the event.
 */
export const eventStages = pgTable(
  'event_stages',
  {
    eventId: text('event_id').notNull(),
    stage: text('stage', { enum: STAGES }).notNull(),
    at: timestamptz('at').notNull(),
    seq: bigserial('seq', { mode: 'number' }).notNull().unique(),
  },
  (table) => [primaryKey({ columns: [table.eventId, table.stage] })],
);

/** `timestamp.command.v1` commands, in the existing query service's shape. */
export const timestampCommands = pgTable('timestamp_commands', {
  commandId: uuid('command_id').primaryKey(),
  eventTimestamp: timestamptz('event_timestamp').notNull(),
  topic: text('topic').notNull(),
  partition: integer('partition').notNull(),
  offset: bigint('offset', { mode: 'number' }).notNull(),
  createdAt: timestamptz('created_at')
    .notNull()
    .default(sql`now()`),
});

export const schema = { events, eventStages, timestampCommands };
export type Schema = typeof schema;
