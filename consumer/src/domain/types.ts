/** An event as it is written: the envelope plus where and when Kafka had it. */
export type EventRow = {
  id: string;
  type: string;
  source: string;
  time: Date;
  data: unknown;
  correlationId: string | null;
  topic: string;
  partition: number;
  offset: number;
  producedAt: Date;
};

export type ReceiptRow = { eventId: string; stage: 'learned'; at: Date };

export type TimestampRow = {
  commandId: string;
  eventTimestamp: Date;
  topic: string;
  partition: number;
  offset: number;
};

/** The rows one fetched batch becomes; written in one transaction. */
export type PersistableBatch = {
  events: EventRow[];
  receipts: ReceiptRow[];
  timestamps: TimestampRow[];
};

export type StoredEventView = {
  seq: number;
  id: string;
  type: string;
  source: string;
  time: string;
  data: unknown;
  correlationId: string | null;
  topic: string;
  partition: number;
  offset: string;
  producedAt: string;
  persistedAt: string;
  learnedAt: string | null;
};

export type StageChange =
  | { seq: number; stage: 'produced'; eventId: string }
  | { seq: number; stage: 'persisted'; event: StoredEventView }
  | { seq: number; stage: 'learned'; eventId: string; at: string };

export type EventFilter = {
  type?: string;
  from?: Date;
  to?: Date;
  /** Only events with a smaller seq (newest first paging). */
  beforeSeq?: number;
  limit: number;
};

/** What the domain needs from storage. */
export type EventStore = {
  persist(batch: PersistableBatch): Promise<{ insertedEvents: number }>;
  findEvent(id: string): Promise<
    | {
        event: StoredEventView;
        stages: Partial<Record<'produced' | 'persisted' | 'learned', Date>>;
      }
    | undefined
  >;
  listEvents(filter: EventFilter): Promise<StoredEventView[]>;
  findTimestamp(
    commandId: string,
  ): Promise<{ commandId: string; eventTimestamp: Date; createdAt: Date } | undefined>;
  totals(): Promise<{ events: number; timestamps: number; learned: number }>;
  stageChangesAfter(seq: number, limit: number): Promise<StageChange[]>;
  lastStageSeq(): Promise<number>;
};
