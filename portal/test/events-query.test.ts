import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PAGE_SIZE,
  eventsHref,
  formatTimeBound,
  parseEventsQuery,
  parseTimeBound,
  timeRange,
} from '@/lib/events-query';

describe('parseEventsQuery', () => {
  it('when nothing is given, then the first page of every type', () => {
    expect(parseEventsQuery({})).toEqual({ limit: DEFAULT_PAGE_SIZE, page: 1 });
  });

  it('when filters are given, then they are kept and invalid ones dropped', () => {
    const query = parseEventsQuery({
      type: 'kafkloud.hello.v1',
      from: '2026-11-23T10:00',
      to: 'garbage',
      limit: '100',
      cursor: 'abc',
      page: '3',
    });
    expect(query).toEqual({
      type: 'kafkloud.hello.v1',
      fromMs: Date.parse('2026-11-23T10:00:00Z'),
      cursor: 'abc',
      limit: 100,
      page: 3,
    });
    expect(parseEventsQuery({ type: 'nope', limit: '7', page: '-1' })).toEqual({
      limit: DEFAULT_PAGE_SIZE,
      page: 1,
    });
  });
});

describe('time bounds', () => {
  it('when a datetime-local value, then it is read as UTC and written back the same', () => {
    const ms = parseTimeBound('2026-11-23T10:05');
    expect(ms).toBe(Date.parse('2026-11-23T10:05:00Z'));
    expect(formatTimeBound(ms)).toBe('2026-11-23T10:05');
  });

  it('when an RFC 3339 value with an offset, then the offset is honoured', () => {
    expect(parseTimeBound('2026-11-23T12:05:00+02:00')).toBe(Date.parse('2026-11-23T10:05:00Z'));
  });

  it('when "to" has minute precision, then the range sent on includes the whole minute', () => {
    const query = parseEventsQuery({ from: '2026-11-23T10:00', to: '2026-11-23T10:05' });
    expect(timeRange(query)).toEqual({
      from: '2026-11-23T10:00:00.000Z',
      to: '2026-11-23T10:05:59.999Z',
    });
    expect(timeRange(parseEventsQuery({ to: '2026-11-23T10:05:30Z' }))).toEqual({
      to: '2026-11-23T10:05:30.000Z',
    });
    expect(timeRange(parseEventsQuery({}))).toEqual({});
  });
});

describe('eventsHref', () => {
  it('when moving to the next page, then filters and the cursor travel in the URL', () => {
    const query = parseEventsQuery({ type: 'kafkloud.doit.v1', from: '2026-11-23T10:00' });
    expect(eventsHref(query, { cursor: 'c2', page: 2 })).toBe(
      '/events?type=kafkloud.doit.v1&from=2026-11-23T10%3A00&cursor=c2&page=2',
    );
    expect(eventsHref(parseEventsQuery({}))).toBe('/events');
  });
});
