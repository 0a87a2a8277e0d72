import { shortType } from './format';

/** What the portal's SSE relay sends for every upstream message. */
export type RelayedMessage = { kind: string; payload: unknown };

export type FeedEvent = {
  id: string;
  type: string;
  at: string;
  summary: string;
  partition: number | null;
  offset: string | null;
};

export type FeedStage = { eventId: string; stage: string; at: string };

export type FeedUpdate =
  | { kind: 'event'; event: FeedEvent }
  | { kind: 'stage'; stage: FeedStage }
  | { kind: 'connected' }
  | { kind: 'unavailable'; detail: string }
  | { kind: 'ignored' };

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function summarize(type: string, data: unknown): string {
  if (isObject(data)) {
    const message = text(data.message);
    if (message) return message;
    const eventTimestamp = text(data.eventTimestamp);
    if (eventTimestamp) return `timestamp ${eventTimestamp}`;
    if (shortType(type) === 'doit') return 'DoIt clicked';
  }
  if (data === undefined || data === null) return shortType(type);
  const json = JSON.stringify(data);
  return json.length > 80 ? `${json.slice(0, 79)}…` : json;
}

/**
 * Reads one relayed message. The consumer's stream carries persisted events and stage changes;
 * both the stored-row shape and a bare CloudEvent are understood, wrapped or not.
 */
export function readFeedMessage(message: RelayedMessage): FeedUpdate {
  if (message.kind === 'connected') return { kind: 'connected' };
  if (message.kind === 'unavailable') {
    return { kind: 'unavailable', detail: text(message.payload) ?? 'The consumer is unreachable.' };
  }
  let payload = message.payload;
  if (isObject(payload) && isObject(payload.event)) payload = payload.event;
  if (!isObject(payload)) return { kind: 'ignored' };

  const stage = text(payload.stage);
  const eventId = text(payload.eventId) ?? text(payload.id);
  if (stage && eventId) {
    const at = text(payload.at) ?? new Date().toISOString();
    return { kind: 'stage', stage: { eventId, stage, at } };
  }

  const id = text(payload.id);
  const type = text(payload.type);
  if (!id || !type) return { kind: 'ignored' };
  return {
    kind: 'event',
    event: {
      id,
      type,
      at: text(payload.persistedAt) ?? text(payload.time) ?? new Date().toISOString(),
      summary: summarize(type, payload.data),
      partition: typeof payload.partition === 'number' ? payload.partition : null,
      offset: text(payload.offset),
    },
  };
}

export type FeedCounters = { total: number; byType: Record<string, number>; stages: number };

export const EMPTY_COUNTERS: FeedCounters = { total: 0, byType: {}, stages: 0 };

export function count(counters: FeedCounters, update: FeedUpdate): FeedCounters {
  if (update.kind === 'event') {
    const key = shortType(update.event.type);
    return {
      ...counters,
      total: counters.total + 1,
      byType: { ...counters.byType, [key]: (counters.byType[key] ?? 0) + 1 },
    };
  }
  if (update.kind === 'stage') return { ...counters, stages: counters.stages + 1 };
  return counters;
}

/** Newest first, without duplicates (a reconnect may replay), at most `max` events. */
export function prepend(events: readonly FeedEvent[], event: FeedEvent, max: number): FeedEvent[] {
  return [event, ...events.filter((existing) => existing.id !== event.id)].slice(0, max);
}

/** A stored event as the feed shows it (the page's first render starts with the latest few). */
export function feedEventOf(stored: {
  id: string;
  type: string;
  time: string;
  persistedAt: string;
  data: unknown;
  partition: number;
  offset: string;
}): FeedEvent {
  const update = readFeedMessage({ kind: 'event', payload: stored });
  if (update.kind !== 'event') throw new Error('a stored event always reads as an event');
  return update.event;
}
