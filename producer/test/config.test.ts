import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.js';

describe('configuration', () => {
  it('when nothing is set, then local defaults apply and the broadcaster is on', () => {
    const result = parseConfig({});
    expect(result.isOk).toBe(true);
    if (!result.isOk) return;
    expect(result.config.port).toBe(8000);
    expect(result.config.host).toBe('127.0.0.1');
    expect(result.config.brokers).toEqual(['127.0.0.1:9092']);
    expect(result.config.bodyLimitBytes).toBe(65_536);
    expect(result.config.broadcaster).toEqual({
      isEnabled: true,
      minIntervalMs: 1_000,
      maxIntervalMs: 10_000,
    });
    expect(Object.isFrozen(result.config)).toBe(true);
  });

  it('when production mode has no tokens, then it refuses to start and names the variable', () => {
    const result = parseConfig({ KAFKLOUD_MODE: 'production' });
    expect(result.isOk).toBe(false);
    if (result.isOk) return;
    expect(result.problems.join('\n')).toMatch(/KAFKLOUD_API_TOKENS/);
  });

  it('when production mode has a token, then the broadcaster is off unless asked for', () => {
    const result = parseConfig({
      KAFKLOUD_MODE: 'production',
      KAFKLOUD_API_TOKENS: 'a-long-enough-token-1',
    });
    expect(result.isOk && result.config.broadcaster.isEnabled).toBe(false);
    const enabled = parseConfig({
      KAFKLOUD_MODE: 'production',
      KAFKLOUD_API_TOKENS: 'a-long-enough-token-1',
      BROADCASTER_ENABLED: 'true',
    });
    expect(enabled.isOk && enabled.config.broadcaster.isEnabled).toBe(true);
  });

  it('when several variables are bad, then every one is named', () => {
    const result = parseConfig({
      PORT: 'eighty',
      KAFKA_BROKERS: 'nope',
      KAFKLOUD_API_TOKENS: 'short',
    });
    expect(result.isOk).toBe(false);
    if (result.isOk) return;
    const text = result.problems.join('\n');
    for (const name of ['PORT', 'KAFKA_BROKERS', 'KAFKLOUD_API_TOKENS'])
      expect(text).toContain(name);
  });

  it('when the broadcaster bounds are reversed, then the minimum is named', () => {
    const result = parseConfig({
      BROADCASTER_MIN_INTERVAL_MS: '5000',
      BROADCASTER_MAX_INTERVAL_MS: '1000',
    });
    expect(result.isOk ? [] : result.problems).toEqual([
      'BROADCASTER_MIN_INTERVAL_MS: must not exceed BROADCASTER_MAX_INTERVAL_MS',
    ]);
  });
});
