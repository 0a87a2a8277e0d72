import { eventTypeSchema, type EventType } from '@kafkloud/streamer';

export const PAGE_SIZES = [25, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 50;

export type EventsQuery = {
  type?: EventType;
  /** Inclusive bounds on the event's time, epoch milliseconds. */
  fromMs?: number;
  toMs?: number;
  cursor?: string;
  limit: number;
  /** 1-based page number, for display only: keyset pages have no absolute position. */
  page: number;
};

type SearchParams = Record<string, string | string[] | undefined>;

function first(value: string | string[] | undefined): string | undefined {
  const single = Array.isArray(value) ? value[0] : value;
  return single === undefined || single.trim() === '' ? undefined : single.trim();
}

/**
 * `datetime-local` inputs carry no zone; the filter reads them as UTC and says so on the page.
 * Full RFC 3339 values are accepted too.
 */
export function parseTimeBound(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const hasZone = /(?:Z|[+-]\d{2}:\d{2})$/i.test(value);
  const withSeconds = /T\d{2}:\d{2}$/.test(value) ? `${value}:00` : value;
  const ms = Date.parse(hasZone ? value : `${withSeconds}Z`);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Back to the `datetime-local` form of a bound, in UTC. */
export function formatTimeBound(ms: number | undefined): string {
  if (ms === undefined) return '';
  return new Date(ms).toISOString().slice(0, 16);
}

export function parseEventsQuery(params: SearchParams): EventsQuery {
  const type = eventTypeSchema.safeParse(first(params.type));
  const limit = Number(first(params.limit));
  const page = Number(first(params.page));
  const fromMs = parseTimeBound(first(params.from));
  const toMs = parseTimeBound(first(params.to));
  const cursor = first(params.cursor);
  return {
    ...(type.success ? { type: type.data } : {}),
    ...(fromMs === undefined ? {} : { fromMs }),
    ...(toMs === undefined ? {} : { toMs }),
    ...(cursor ? { cursor } : {}),
    limit: (PAGE_SIZES as readonly number[]).includes(limit) ? limit : DEFAULT_PAGE_SIZE,
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

/** The query string of a page of the same filter. */
export function eventsHref(query: EventsQuery, changes: Partial<EventsQuery> = {}): string {
  const next = { ...query, ...changes };
  const params = new URLSearchParams();
  if (next.type) params.set('type', next.type);
  if (next.fromMs !== undefined) params.set('from', formatTimeBound(next.fromMs));
  if (next.toMs !== undefined) params.set('to', formatTimeBound(next.toMs));
  if (next.limit !== DEFAULT_PAGE_SIZE) params.set('limit', String(next.limit));
  if (next.cursor) params.set('cursor', next.cursor);
  if (next.page > 1) params.set('page', String(next.page));
  const search = params.toString();
  return search ? `/events?${search}` : '/events';
}

/**
 * The consumer's `from`/`to` (RFC 3339, inclusive). A `to` of minute precision, as a
 * `datetime-local` input gives it, includes that whole minute.
 */
export function timeRange(query: Pick<EventsQuery, 'fromMs' | 'toMs'>): {
  from?: string;
  to?: string;
} {
  const toMs =
    query.toMs === undefined ? undefined : query.toMs + (query.toMs % 60_000 === 0 ? 59_999 : 0);
  return {
    ...(query.fromMs === undefined ? {} : { from: new Date(query.fromMs).toISOString() }),
    ...(toMs === undefined ? {} : { to: new Date(toMs).toISOString() }),
  };
}

export const hasTimeFilter = (query: EventsQuery) =>
  query.fromMs !== undefined || query.toMs !== undefined;
