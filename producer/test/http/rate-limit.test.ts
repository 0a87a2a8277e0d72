import { createTestTopics } from '@kafkloud/streamer/testing';
import { describe, expect, it } from 'vitest';
import { createTokenBuckets } from '../../src/http/rate-limit.js';
import { authorized, brokersFromEnv, startProducer, testConfig } from '../helpers.js';

describe('token buckets', () => {
  it('when a burst is spent, then the next request waits for the refill', () => {
    let now = 0;
    const buckets = createTokenBuckets({ perSecond: 2, burst: 3 }, () => now);
    expect([1, 2, 3].map(() => buckets.take('a').isAllowed)).toEqual([true, true, true]);
    expect(buckets.take('a')).toEqual({ isAllowed: false, retryAfterSeconds: 1 });
    now += 500;
    expect(buckets.take('a').isAllowed).toBe(true);
    expect(buckets.take('a').isAllowed).toBe(false);
  });

  it('when one caller is limited, then another is not', () => {
    const buckets = createTokenBuckets({ perSecond: 1, burst: 1 }, () => 0);
    expect(buckets.take('a').isAllowed).toBe(true);
    expect(buckets.take('a').isAllowed).toBe(false);
    expect(buckets.take('b').isAllowed).toBe(true);
  });

  it('when the rate is slow, then Retry-After says how many seconds until a request is allowed', () => {
    const buckets = createTokenBuckets({ perSecond: 0.1, burst: 1 }, () => 0);
    buckets.take('a');
    expect(buckets.take('a')).toEqual({ isAllowed: false, retryAfterSeconds: 10 });
  });

  it('when idle for long, then the bucket holds no more than the burst', () => {
    let now = 0;
    const buckets = createTokenBuckets({ perSecond: 100, burst: 2 }, () => now);
    now += 60_000;
    expect([1, 2, 3].map(() => buckets.take('a').isAllowed)).toEqual([true, true, false]);
  });
});

describe('rate limiting over HTTP', () => {
  it('when a token exceeds its rate, then it gets 429 problem+json with Retry-After', async () => {
    const brokers = brokersFromEnv();
    const topics = await createTestTopics(brokers);
    const producer = await startProducer(
      testConfig({
        KAFKA_BROKERS: brokers.join(','),
        KAFKLOUD_TOPIC_PREFIX: topics.prefix,
        PRODUCER_RATE_LIMIT: '1',
        PRODUCER_RATE_BURST: '2',
      }),
    );
    try {
      const statuses: number[] = [];
      let limited: Response | undefined;
      for (let i = 0; i < 3; i += 1) {
        const response = await fetch(`${producer.url}/app`, {
          method: 'POST',
          headers: authorized,
        });
        statuses.push(response.status);
        if (response.status === 429) limited = response;
      }
      expect(statuses).toEqual([202, 202, 429]);
      expect(limited?.headers.get('retry-after')).toBe('1');
      expect(limited?.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      // Ops endpoints are not rate limited.
      expect((await fetch(`${producer.url}/healthz`)).status).toBe(200);
    } finally {
      await producer.close();
      await topics.cleanup();
    }
  });
});
