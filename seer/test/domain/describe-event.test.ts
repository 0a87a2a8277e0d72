import {
  createEvent,
  EVENT_TYPES,
  type HelloEvent,
  type MessageEvent,
  type TimestampEvent,
} from '@kafkloud/streamer';
import { describe, expect, it } from 'vitest';
import {
  describeEvent,
  describeEventContent,
  MAX_EVENT_TEXT_CHARS,
} from '../../src/domain/describe-event.js';

const base = {
  id: 'evt-1',
  source: '/kafkloud/producer',
  correlationid: 'c-1',
  time: '2026-11-23T10:00:00.000Z',
};

describe('describeEvent', () => {
  it('when a hello event is described, then the text has its message, id, type and time', () => {
    const event = createEvent<HelloEvent>({
      ...base,
      type: EVENT_TYPES.hello,
      data: { message: 'Hello world', sequence: 3 },
    });
    expect(describeEventContent(event)).toBe(
      'Hello broadcast: "Hello world" (broadcast number 3).',
    );
    const text = describeEvent(event);
    expect(text).toContain('evt-1');
    expect(text).toContain('kafkloud.hello.v1');
    expect(text).toContain('2026-11-23T10:00:00.000Z');
  });

  it('when a message carries nested JSON, then keys and values are spelled out', () => {
    const event = createEvent<MessageEvent>({
      ...base,
      type: EVENT_TYPES.message,
      data: { order: { item: 'lantern', count: 3 }, tags: ['red', 'brass'] },
    });
    expect(describeEventContent(event)).toBe(
      'Message: order: item: lantern; count: 3; tags: red, brass',
    );
  });

  it('when a timestamp event is described, then the timestamp is in the text', () => {
    const event = createEvent<TimestampEvent>({
      ...base,
      type: EVENT_TYPES.timestamp,
      data: { eventTimestamp: '2026-01-02T03:04:05Z' },
    });
    expect(describeEventContent(event)).toContain('2026-01-02T03:04:05Z');
  });

  it('when a message is huge, then the text is cut to the limit', () => {
    const event = createEvent<MessageEvent>({
      ...base,
      type: EVENT_TYPES.message,
      data: 'x'.repeat(50_000),
    });
    expect(describeEvent(event).length).toBeLessThanOrEqual(MAX_EVENT_TEXT_CHARS);
  });
});
