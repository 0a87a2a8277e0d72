import { isAppError } from '@kafkloud/streamer/http';
import type { OutgoingRecord, RecordPosition } from '@kafkloud/streamer/kafka';
import { describe, expect, it } from 'vitest';
import { createBatcher } from '../../src/kafka/batcher.js';

const record = (n: number): OutgoingRecord => ({ topic: 'events', key: `k${n}`, value: `v${n}` });

/**
 * An in-memory stand-in for the Kafka send, to unit-test the coalescing logic alone. Each send
 * stays pending until the test settles it, so nothing depends on timing.
 */
function controlledSend() {
  const calls: {
    records: OutgoingRecord[];
    acknowledge(): void;
    fail(error: Error): void;
  }[] = [];
  let offset = 0;
  const send = (records: readonly OutgoingRecord[]) =>
    new Promise<RecordPosition[]>((resolve, reject) => {
      calls.push({
        records: [...records],
        acknowledge: () =>
          resolve(records.map((r) => ({ topic: r.topic, partition: 0, offset: String(offset++) }))),
        fail: reject,
      });
    });
  return { calls, send };
}

/** Lets the batcher's setImmediate-scheduled flush run. */
const turn = () => new Promise((resolve) => setImmediate(resolve));

async function until(condition: () => boolean) {
  for (let i = 0; i < 1_000 && !condition(); i += 1) await turn();
  expect(condition()).toBe(true);
}

describe('the batcher', () => {
  it('when many records are submitted at once, then they go out in few sends and each gets its own position', async () => {
    const kafka = controlledSend();
    const batcher = createBatcher({
      send: kafka.send,
      maxBatch: 100,
      timeoutMs: 60_000,
      retryAfterSeconds: 1,
    });
    const submissions = Array.from({ length: 250 }, (_, n) => batcher.submit(record(n)));
    for (const size of [100, 100, 50]) {
      await until(() => kafka.calls.length > 0 && kafka.calls.at(-1)?.records.length === size);
      kafka.calls.at(-1)?.acknowledge();
    }
    const positions = await Promise.all(submissions);
    expect(kafka.calls.map((call) => call.records.length)).toEqual([100, 100, 50]);
    const sentInOrder = kafka.calls.flatMap((call) => call.records);
    positions.forEach((position, n) => {
      expect(sentInOrder[Number(position.offset)]?.key).toBe(`k${n}`);
    });
  });

  it('when records arrive while a send is in flight, then they wait and go out together next', async () => {
    const kafka = controlledSend();
    const batcher = createBatcher({
      send: kafka.send,
      maxBatch: 100,
      timeoutMs: 60_000,
      retryAfterSeconds: 1,
    });
    const first = batcher.submit(record(0));
    await until(() => kafka.calls.length === 1);
    const later = Array.from({ length: 10 }, (_, n) => batcher.submit(record(n + 1)));
    await turn();
    expect(kafka.calls).toHaveLength(1);
    kafka.calls[0]?.acknowledge();
    await until(() => kafka.calls.length === 2);
    kafka.calls[1]?.acknowledge();
    await Promise.all([first, ...later]);
    expect(kafka.calls.map((call) => call.records.length)).toEqual([1, 10]);
  });

  it('when Kafka fails, then every record of the send is rejected as unavailable with Retry-After', async () => {
    const kafka = controlledSend();
    const batcher = createBatcher({
      send: kafka.send,
      maxBatch: 100,
      timeoutMs: 60_000,
      retryAfterSeconds: 3,
    });
    const outcomes = Promise.allSettled([batcher.submit(record(1)), batcher.submit(record(2))]);
    await until(() => kafka.calls.length === 1);
    kafka.calls[0]?.fail(new Error('broker unreachable'));
    for (const outcome of await outcomes) {
      expect(outcome.status).toBe('rejected');
      const reason = (outcome as PromiseRejectedResult).reason as unknown;
      expect(isAppError(reason) && reason.code === 'unavailable' && reason.retryAfter === 3).toBe(
        true,
      );
    }
  });

  it('when a send hangs past the deadline, then callers are rejected and queued records are never sent', async () => {
    const kafka = controlledSend();
    const batcher = createBatcher({
      send: kafka.send,
      maxBatch: 100,
      timeoutMs: 50,
      retryAfterSeconds: 1,
    });
    const first = batcher.submit(record(1));
    await until(() => kafka.calls.length === 1);
    const queued = batcher.submit(record(2));
    const outcomes = await Promise.allSettled([first, queued]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    const reason = (outcomes[1] as PromiseRejectedResult).reason as unknown;
    expect(isAppError(reason) && reason.code === 'unavailable').toBe(true);
    // Kafka acknowledges the first send late; the caller already had its 503 and stays rejected.
    kafka.calls[0]?.acknowledge();
    await batcher.drain();
    // The queued record had not been handed to Kafka when it timed out: it is never sent.
    expect(kafka.calls.flatMap((call) => call.records).map((r) => r.key)).toEqual(['k1']);
  });

  it('when drained, then it resolves only after every queued record is answered', async () => {
    const kafka = controlledSend();
    const batcher = createBatcher({
      send: kafka.send,
      maxBatch: 2,
      timeoutMs: 60_000,
      retryAfterSeconds: 1,
    });
    const settled: number[] = [];
    const submissions = [1, 2, 3, 4, 5].map((n) =>
      batcher.submit(record(n)).then(() => settled.push(n)),
    );
    await until(() => kafka.calls.length === 1);
    let isDrained = false;
    const drained = batcher.drain().then(() => (isDrained = true));
    for (let call = 0; call < 3; call += 1) {
      await until(() => kafka.calls.length === call + 1);
      expect(isDrained).toBe(false);
      kafka.calls[call]?.acknowledge();
    }
    await drained;
    expect(settled.sort()).toEqual([1, 2, 3, 4, 5]);
    await Promise.all(submissions);
  });

  it('when two sends may be in flight, then a second send starts before the first is acknowledged', async () => {
    const kafka = controlledSend();
    const batcher = createBatcher({
      send: kafka.send,
      maxBatch: 100,
      maxConcurrentSends: 2,
      timeoutMs: 60_000,
      retryAfterSeconds: 1,
    });
    const first = batcher.submit(record(0));
    await until(() => kafka.calls.length === 1);
    const second = batcher.submit(record(1));
    await until(() => kafka.calls.length === 2);
    const third = batcher.submit(record(2));
    await turn();
    // Two in flight: the third waits for one of them.
    expect(kafka.calls).toHaveLength(2);
    kafka.calls[1]?.acknowledge();
    await until(() => kafka.calls.length === 3);
    kafka.calls[0]?.acknowledge();
    kafka.calls[2]?.acknowledge();
    const positions = await Promise.all([first, second, third]);
    expect(new Set(positions.map((p) => p.offset)).size).toBe(3);
  });
});
