import { describe, expect, it } from 'vitest';
import { checkEnv } from '@/env-schema';

describe('checkEnv', () => {
  it('when nothing is set, then the local defaults apply at build and start', () => {
    for (const phase of ['build', 'start'] as const) {
      const result = checkEnv({}, { phase });
      expect(result).toMatchObject({
        ok: true,
        env: {
          PRODUCER_URL: 'http://127.0.0.1:8000',
          CONSUMER_URL: 'http://127.0.0.1:8072',
          SEER_URL: 'http://127.0.0.1:8030',
          KAFKA_BROKERS: ['127.0.0.1:9092'],
          KAFKLOUD_TOPIC_PREFIX: '',
        },
      });
    }
  });

  it('when production has no token, then the build passes and the start names the variable', () => {
    const source = { KAFKLOUD_MODE: 'production' };
    expect(checkEnv(source, { phase: 'build' }).ok).toBe(true);
    expect(checkEnv(source, { phase: 'start' })).toEqual({
      ok: false,
      issues: [{ variable: 'KAFKLOUD_API_TOKEN', message: 'required in production mode' }],
    });
  });

  it('when production lacks its token and another variable is bad, then both are named', () => {
    const result = checkEnv({ KAFKLOUD_MODE: 'production', SEER_URL: 'nope' }, { phase: 'start' });
    expect(!result.ok && result.issues.map((i) => i.variable).sort()).toEqual([
      'KAFKLOUD_API_TOKEN',
      'SEER_URL',
    ]);
  });

  it('when several variables are bad, then every one is named', () => {
    const result = checkEnv(
      { PRODUCER_URL: 'ftp://x', KAFKA_BROKERS: 'nohost', KAFKLOUD_API_TOKEN: 'short' },
      { phase: 'build' },
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues.map((i) => i.variable).sort()).toEqual([
      'KAFKA_BROKERS',
      'KAFKLOUD_API_TOKEN',
      'PRODUCER_URL',
    ]);
  });

  it('when a URL has a trailing slash, then it is dropped', () => {
    const result = checkEnv({ SEER_URL: 'http://seer:8030/' }, { phase: 'start' });
    expect(result.ok && result.env.SEER_URL).toBe('http://seer:8030');
  });
});
