import type { EventsPage, StoredEvent } from '@kafkloud/streamer';
import { AppError } from '@kafkloud/streamer/http';
import type { EventStore, StoredEventView } from './types.js';

export const MAX_PAGE_SIZE = 500;

/** Cursors are opaque to clients: base64url of the last seq seen. */
export function encodeCursor(seq: number): string {
  return Buffer.from(JSON.stringify({ v: 1, seq })).toString('base64url');
}

export function decodeCursor(cursor: string): number {
  const invalid = () =>
    new AppError('bad_request', 'cursor is malformed', {
      errors: [{ field: 'query.cursor', message: 'not a cursor this service issued' }],
    });
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const seq = (parsed as { v?: unknown; seq?: unknown } | null)?.seq;
  if (
    (parsed as { v?: unknown } | null)?.v !== 1 ||
    !Number.isSafeInteger(seq) ||
    (seq as number) < 1
  ) {
    throw invalid();
  }
  return seq as number;
}

export function toStoredEvent(view: StoredEventView): StoredEvent {
  const { seq: _seq, ...event } = view;
  return event as StoredEvent;
}

export type ListEventsQuery = {
  limit: number;
  cursor?: string;
  type?: string;
  from?: Date;
  to?: Date;
};

/** Newest first, keyset-paginated on the commit-ordered seq, so pages never shift. */
export async function listEvents(store: EventStore, query: ListEventsQuery): Promise<EventsPage> {
  const beforeSeq = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const rows = await store.listEvents({
    limit: query.limit + 1,
    ...(beforeSeq === undefined ? {} : { beforeSeq }),
    ...(query.type === undefined ? {} : { type: query.type }),
    ...(query.from === undefined ? {} : { from: query.from }),
    ...(query.to === undefined ? {} : { to: query.to }),
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(toStoredEvent),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.seq) : null,
  };
}
