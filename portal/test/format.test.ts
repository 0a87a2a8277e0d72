import { describe, expect, it } from 'vitest';
import { formatClock, formatDateTime, formatLatency, shortId, shortType } from '@/lib/format';

describe('formatLatency', () => {
  it('when under a second, then it reads in whole milliseconds', () => {
    expect(formatLatency(0)).toBe('0 ms');
    expect(formatLatency(849.6)).toBe('850 ms');
  });
  it('when under a minute, then it reads in seconds with two decimals', () => {
    expect(formatLatency(1_234)).toBe('1.23 s');
  });
  it('when a minute or more, then minutes and padded seconds', () => {
    expect(formatLatency(125_000)).toBe('2 min 05 s');
  });
  it('when negative (clock skew), then it reads as zero', () => {
    expect(formatLatency(-40)).toBe('0 ms');
  });
});

describe('time formats', () => {
  it('when given an instant, then clock and date-time are in UTC', () => {
    expect(formatClock('2026-11-23T10:04:05.123+02:00')).toBe('08:04:05.123');
    expect(formatDateTime('2026-11-23T10:04:05.123Z')).toBe('2026-11-23 10:04:05 UTC');
  });
  it('when given garbage, then a dash', () => {
    expect(formatClock('nope')).toBe('—');
    expect(formatDateTime('nope')).toBe('—');
  });
});

describe('short names', () => {
  it('when a kafkloud type, then its middle word', () => {
    expect(shortType('kafkloud.hello.v1')).toBe('hello');
    expect(shortType('other.type')).toBe('other.type');
  });
  it('when a long id, then its tail', () => {
    expect(shortId('0193a6f0-1111-7222-8333-944445555666')).toBe('…45555666');
    expect(shortId('short')).toBe('short');
  });
});
