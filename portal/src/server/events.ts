import 'server-only';
import { timeRange, type EventsQuery } from '@/lib/events-query';
import { listEvents } from './services';

/** One keyset page of persisted events, filtered by the consumer. */
export function findEvents(query: EventsQuery) {
  return listEvents({
    limit: query.limit,
    ...(query.cursor ? { cursor: query.cursor } : {}),
    ...(query.type ? { type: query.type } : {}),
    ...timeRange(query),
  });
}
