import { describe, expect, it } from 'vitest';
import {
  count,
  EMPTY_COUNTERS,
  feedEventOf,
  prepend,
  readFeedMessage,
  type FeedEvent,
} from '@/lib/feed';

const stored = {
  id: 'e1',
  type: 'kafkloud.hello.v1',
  source: '/kafkloud/producer',
  time: '2026-11-23T10:00:00.000Z',
  data: { message: 'Hello world', sequence: 3 },
  correlationId: null,
  topic: 'kafkloud.events.v1',
  partition: 1,
  offset: '9',
  producedAt: '2026-11-23T10:00:00.010Z',
  persistedAt: '2026-11-23T10:00:00.050Z',
  learnedAt: null,
};

describe('readFeedMessage', () => {
  it('when a stored hello event arrives, then it reads as an event saying Hello world', () => {
    expect(readFeedMessage({ kind: 'event', payload: stored })).toEqual({
      kind: 'event',
      event: {
        id: 'e1',
        type: 'kafkloud.hello.v1',
        at: '2026-11-23T10:00:00.050Z',
        summary: 'Hello world',
        partition: 1,
        offset: '9',
      },
    });
  });

  it('when the event is wrapped or a bare CloudEvent, then it is still read', () => {
    const cloudEvent = {
      id: 'e2',
      type: 'kafkloud.doit.v1',
      time: '2026-11-23T10:00:00Z',
      data: {},
    };
    const update = readFeedMessage({ kind: 'persisted', payload: { event: cloudEvent } });
    expect(update).toMatchObject({ kind: 'event', event: { id: 'e2', summary: 'DoIt clicked' } });
  });

  it('when a stage change arrives, then it reads as a stage of that event', () => {
    const update = readFeedMessage({
      kind: 'stage',
      payload: { eventId: 'e1', stage: 'learned', at: '2026-11-23T10:00:01Z' },
    });
    expect(update).toEqual({
      kind: 'stage',
      stage: { eventId: 'e1', stage: 'learned', at: '2026-11-23T10:00:01Z' },
    });
  });

  it('when the relay reports the consumer unreachable, then the detail is kept', () => {
    expect(readFeedMessage({ kind: 'unavailable', payload: 'down' })).toEqual({
      kind: 'unavailable',
      detail: 'down',
    });
  });

  it('when the payload is not an event, then it is ignored', () => {
    expect(readFeedMessage({ kind: 'message', payload: 'ping' })).toEqual({ kind: 'ignored' });
    expect(readFeedMessage({ kind: 'message', payload: { id: 'x' } })).toEqual({ kind: 'ignored' });
  });

  it('when data is long JSON, then the summary is cut to 80 characters', () => {
    const update = readFeedMessage({
      kind: 'event',
      payload: { ...stored, type: 'kafkloud.message.v1', data: { text: 'x'.repeat(200) } },
    });
    expect(update.kind === 'event' && update.event.summary.length).toBe(80);
  });
});

describe('counters and the list', () => {
  it('when events and stages arrive, then totals, per-type counts and stages add up', () => {
    let counters = EMPTY_COUNTERS;
    for (const type of ['kafkloud.hello.v1', 'kafkloud.hello.v1', 'kafkloud.doit.v1']) {
      counters = count(counters, readFeedMessage({ kind: 'event', payload: { ...stored, type } }));
    }
    counters = count(counters, {
      kind: 'stage',
      stage: { eventId: 'e1', stage: 'learned', at: '' },
    });
    expect(counters).toEqual({ total: 3, byType: { hello: 2, doit: 1 }, stages: 1 });
  });

  it('when an event is replayed after a reconnect, then it appears once, newest first, capped', () => {
    const event = (id: string): FeedEvent => ({
      id,
      type: 't',
      at: '',
      summary: '',
      partition: null,
      offset: null,
    });
    let list: FeedEvent[] = [];
    for (const id of ['a', 'b', 'c', 'b']) list = prepend(list, event(id), 3);
    expect(list.map((e) => e.id)).toEqual(['b', 'c', 'a']);
    list = prepend(list, event('d'), 3);
    expect(list.map((e) => e.id)).toEqual(['d', 'b', 'c']);
  });
});

describe('feedEventOf', () => {
  it('when a stored row is shown on first render, then it reads like a live one', () => {
    expect(feedEventOf(stored)).toEqual(
      (readFeedMessage({ kind: 'event', payload: stored }) as { event: FeedEvent }).event,
    );
  });
});
