import { describe, expect, it } from 'vitest';
import { decodeValue, isUnderReplicated, lagOf, recordCount, sum } from '@/lib/kafka-view';

describe('offsets arithmetic', () => {
  it('when a partition has retained records, then the count is high - low', () => {
    expect(recordCount('10', '25')).toBe('15');
    expect(recordCount('5', '5')).toBe('0');
  });

  it('when offsets exceed 2^53, then they are still exact', () => {
    expect(recordCount('9007199254740993', '9007199254740999')).toBe('6');
  });

  it('when a group committed, then lag is high - committed, never negative', () => {
    expect(lagOf('20', '0', '25')).toBe('5');
    expect(lagOf('25', '0', '25')).toBe('0');
  });

  it('when a group committed nothing or below the low mark, then all retained records are lag', () => {
    expect(lagOf(null, '10', '25')).toBe('15');
    expect(lagOf('3', '10', '25')).toBe('15');
  });

  it('when summing, then big values add exactly', () => {
    expect(sum(['9007199254740993', '1'])).toBe('9007199254740994');
    expect(sum([])).toBe('0');
  });

  it('when an ISR is smaller than its replicas, then the topic is under-replicated', () => {
    expect(isUnderReplicated([{ replicas: [1, 2, 3], isr: [1, 2, 3] }])).toBe(false);
    expect(isUnderReplicated([{ replicas: [1, 2, 3], isr: [1, 3] }])).toBe(true);
  });
});

describe('decodeValue', () => {
  it('when the bytes are JSON, then they are pretty-printed', () => {
    expect(decodeValue(Buffer.from('{"a":1}'))).toEqual({ text: '{\n  "a": 1\n}', isJson: true });
  });
  it('when plain text or null, then as is', () => {
    expect(decodeValue(Buffer.from('Hello world'))).toEqual({ text: 'Hello world', isJson: false });
    expect(decodeValue(null)).toEqual({ text: null, isJson: false });
  });
});
