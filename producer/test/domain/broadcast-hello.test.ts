import { eventCodec, type KafkloudEvent } from '@kafkloud/streamer';
import type { OutgoingRecord } from '@kafkloud/streamer/kafka';
import { silentLogger } from '@kafkloud/streamer/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBroadcaster } from '../../src/domain/broadcast-hello.js';
import { seededRandom } from '../../src/domain/random.js';

describe('the broadcaster', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('when running, then it publishes Hello world hello events at the drawn intervals', async () => {
    vi.useFakeTimers();
    const sent: { at: number; event: KafkloudEvent; record: OutgoingRecord }[] = [];
    const start = Date.now();
    let id = 0;
    const broadcaster = createBroadcaster(
      {
        topic: 'events',
        source: '/kafkloud/producer/broadcaster',
        newId: () => `id-${(id += 1)}`,
        now: () => new Date(),
        submit: async (record) => {
          sent.push({
            at: Date.now() - start,
            event: eventCodec.decode(record.value as Buffer),
            record,
          });
          return { topic: record.topic, partition: 0, offset: String(sent.length - 1) };
        },
      },
      {
        minIntervalMs: 1_000,
        maxIntervalMs: 10_000,
        random: seededRandom(3),
        logger: silentLogger,
      },
    );
    broadcaster.start();
    await vi.advanceTimersByTimeAsync(60_000);
    await broadcaster.stop();
    const countAtStop = sent.length;
    await vi.advanceTimersByTimeAsync(30_000);

    expect(sent.length).toBe(countAtStop);
    // 60 s of 1-10 s intervals: at least 6 and at most 60 greetings.
    expect(sent.length).toBeGreaterThanOrEqual(6);
    expect(sent.length).toBeLessThanOrEqual(60);
    const expected = seededRandom(3);
    let previous = 0;
    sent.forEach(({ at: sentAt, event, record }, index) => {
      // Each gap is the next draw of the same seeded source (timers count whole milliseconds).
      expect(Math.abs(sentAt - previous - (1_000 + expected() * 9_000))).toBeLessThan(1);
      previous = sentAt;
      expect(event.type).toBe('kafkloud.hello.v1');
      expect(event.data).toEqual({ message: 'Hello world', sequence: index });
      expect(record.key).toBe(event.id);
      expect(record.headers?.correlationId).toBe(event.correlationid);
    });
  });

  it('when a greeting fails, then the schedule goes on', async () => {
    vi.useFakeTimers();
    let attempts = 0;
    const broadcaster = createBroadcaster(
      {
        topic: 'events',
        source: '/kafkloud/producer/broadcaster',
        newId: () => `id-${attempts}`,
        now: () => new Date(),
        submit: async () => {
          attempts += 1;
          throw new Error('Kafka is down');
        },
      },
      { minIntervalMs: 1_000, maxIntervalMs: 1_000, random: seededRandom(1), logger: silentLogger },
    );
    broadcaster.start();
    await vi.advanceTimersByTimeAsync(5_500);
    await broadcaster.stop();
    expect(attempts).toBe(5);
  });
});
