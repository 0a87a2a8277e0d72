import { and, asc, desc, eq, gt, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type {
  EventRow,
  EventFilter,
  EventStore,
  PersistableBatch,
  StageChange,
  StoredEventView,
} from '../domain/types.js';
import { selectRows, type Db } from './connection.js';
import { events, eventStages, timestampCommands } from './schema.js';

/**
 * Writers take this transaction-scoped advisory lock first, so `seq` values become visible in
 * the order they were assigned and a reader paging by `seq` never skips a late commit.
 */
const WRITER_LOCK = 7_072_001;

/** Stays under Postgres's 65,535 bind parameters per statement (12 columns per event row). */
const ROWS_PER_STATEMENT = 2_000;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

const learned = alias(eventStages, 'learned');

const eventColumns = {
  seq: events.seq,
  id: events.id,
  type: events.type,
  source: events.source,
  time: events.time,
  data: events.data,
  correlationId: events.correlationId,
  topic: events.topic,
  partition: events.partition,
  offset: events.offset,
  producedAt: events.producedAt,
  persistedAt: events.persistedAt,
  learnedAt: learned.at,
};

type EventSelection = EventRow & { seq: number; persistedAt: Date; learnedAt: Date | null };

function toView(row: EventSelection): StoredEventView {
  return {
    seq: Number(row.seq),
    id: row.id,
    type: row.type,
    source: row.source,
    time: row.time.toISOString(),
    data: row.data,
    correlationId: row.correlationId,
    topic: row.topic,
    partition: row.partition,
    offset: String(row.offset),
    producedAt: row.producedAt.toISOString(),
    persistedAt: row.persistedAt.toISOString(),
    learnedAt: row.learnedAt ? row.learnedAt.toISOString() : null,
  };
}

/**
 * One statement per chunk: the rows travel as one JSON parameter, so Postgres parses and plans
 * a small statement whatever the batch size. Invariants: an event id is written once (a
 * redelivered or repeated id changes nothing); the produced and persisted stages are written
 * with the event, in the same order, so stage `seq` follows partition order.
 */
async function insertEvents(tx: Pick<Db, 'execute'>, rows: readonly EventRow[]): Promise<number> {
  const payload = JSON.stringify(
    rows.map((row, ord) => ({
      ord,
      id: row.id,
      type: row.type,
      source: row.source,
      time: row.time.toISOString(),
      data: row.data,
      correlation_id: row.correlationId,
      topic: row.topic,
      partition: row.partition,
      offset: row.offset,
      produced_at: row.producedAt.toISOString(),
    })),
  );
  const [result] = await selectRows<{ count: string | number }>(
    tx,
    sql`with incoming as (
      select * from json_to_recordset(${payload}::json) as x(
        ord int, id text, type text, source text, time timestamptz, data jsonb,
        correlation_id text, topic text, partition int, "offset" bigint, produced_at timestamptz)
    ), inserted as (
      insert into ${events} (id, type, source, time, data, correlation_id, topic, partition, "offset", produced_at)
      select id, type, source, time, data, correlation_id, topic, partition, "offset", produced_at
      from incoming order by ord
      on conflict (id) do nothing
      returning id, seq, produced_at, persisted_at
    ), staged as (
      insert into ${eventStages} (event_id, stage, at)
      select inserted.id, stage.name,
        case when stage.name = 'produced' then inserted.produced_at else inserted.persisted_at end
      from inserted cross join (values ('produced', 1), ('persisted', 2)) as stage(name, ord)
      order by inserted.seq, stage.ord
      on conflict do nothing
    )
    select count(*) as count from inserted`,
  );
  return Number(result?.count ?? 0);
}

export function createEventStore(db: Db): EventStore {
  const selectEvents = () =>
    db
      .select(eventColumns)
      .from(events)
      .leftJoin(learned, and(eq(learned.eventId, events.id), eq(learned.stage, 'learned')));

  return {
    async persist(batch: PersistableBatch) {
      return db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(${WRITER_LOCK})`);
        let insertedEvents = 0;
        for (const chunk of chunks(batch.events, ROWS_PER_STATEMENT)) {
          insertedEvents += await insertEvents(tx, chunk);
        }
        for (const chunk of chunks(batch.receipts, ROWS_PER_STATEMENT)) {
          await tx.insert(eventStages).values(chunk).onConflictDoNothing();
        }
        for (const chunk of chunks(batch.timestamps, ROWS_PER_STATEMENT)) {
          await tx.insert(timestampCommands).values(chunk).onConflictDoNothing();
        }
        return { insertedEvents };
      });
    },

    async findEvent(id) {
      const [row] = await selectEvents().where(eq(events.id, id)).limit(1);
      if (!row) return undefined;
      const stageRows = await db
        .select({ stage: eventStages.stage, at: eventStages.at })
        .from(eventStages)
        .where(eq(eventStages.eventId, id));
      return {
        event: toView(row as EventSelection),
        stages: Object.fromEntries(stageRows.map((stage) => [stage.stage, stage.at])),
      };
    },

    async listEvents(filter: EventFilter) {
      const conditions: SQL[] = [];
      if (filter.type !== undefined) conditions.push(eq(events.type, filter.type));
      if (filter.from !== undefined) conditions.push(gte(events.time, filter.from));
      if (filter.to !== undefined) conditions.push(lte(events.time, filter.to));
      if (filter.beforeSeq !== undefined) conditions.push(lt(events.seq, filter.beforeSeq));
      const rows = await selectEvents()
        .where(conditions.length > 0 ? and(...conditions) : undefined)
        .orderBy(desc(events.seq))
        .limit(filter.limit);
      return rows.map((row) => toView(row as EventSelection));
    },

    async findTimestamp(commandId) {
      const [row] = await db
        .select({
          commandId: timestampCommands.commandId,
          eventTimestamp: timestampCommands.eventTimestamp,
          createdAt: timestampCommands.createdAt,
        })
        .from(timestampCommands)
        .where(eq(timestampCommands.commandId, commandId))
        .limit(1);
      return row;
    },

    async totals() {
      const [row] = await selectRows<{ events: string; timestamps: string; learned: string }>(
        db,
        sql`select
          (select count(*) from ${events}) as events,
          (select count(*) from ${timestampCommands}) as timestamps,
          (select count(*) from ${eventStages} where ${eventStages.stage} = 'learned') as learned`,
      );
      return {
        events: Number(row?.events ?? 0),
        timestamps: Number(row?.timestamps ?? 0),
        learned: Number(row?.learned ?? 0),
      };
    },

    async stageChangesAfter(seq, limit) {
      const rows = await db
        .select({
          stageSeq: eventStages.seq,
          stage: eventStages.stage,
          stageEventId: eventStages.eventId,
          stageAt: eventStages.at,
          event: eventColumns,
        })
        .from(eventStages)
        .leftJoin(events, eq(events.id, eventStages.eventId))
        .leftJoin(learned, and(eq(learned.eventId, events.id), eq(learned.stage, 'learned')))
        .where(gt(eventStages.seq, seq))
        .orderBy(asc(eventStages.seq))
        .limit(limit);
      return rows.flatMap((row): StageChange[] => {
        const stageSeq = Number(row.stageSeq);
        if (row.stage === 'learned') {
          return [
            {
              seq: stageSeq,
              stage: 'learned',
              eventId: row.stageEventId,
              at: row.stageAt.toISOString(),
            },
          ];
        }
        if (row.stage === 'produced' || row.event.id === null) {
          return [{ seq: stageSeq, stage: 'produced', eventId: row.stageEventId }];
        }
        return [{ seq: stageSeq, stage: 'persisted', event: toView(row.event as EventSelection) }];
      });
    },

    async lastStageSeq() {
      const [row] = await selectRows<{ seq: string | number | null }>(
        db,
        sql`select max(${eventStages.seq}) as seq from ${eventStages}`,
      );
      return Number(row?.seq ?? 0);
    },
  };
}
