import { describe, expect, it } from 'vitest';
import { createLearningHealth, untilDone } from '../../src/kafka/retry.js';

const policy = { initialDelayMs: 5, maxDelayMs: 20 };

describe('untilDone', () => {
  it('when work fails twice, then it is retried until it succeeds and health recovers', async () => {
    const health = createLearningHealth();
    let attempts = 0;
    const seenFailing: boolean[] = [];
    const result = await untilDone(
      { heartbeat: async () => undefined, isRunning: () => true },
      async () => {
        attempts += 1;
        seenFailing.push(health.isFailing);
        if (attempts < 3) throw new Error('chroma down');
        return 'stored';
      },
      { policy, health, onRetry: () => undefined },
    );
    expect(result).toBe('stored');
    expect(attempts).toBe(3);
    expect(seenFailing).toEqual([false, true, true]);
    expect(health.isFailing).toBe(false);
  });

  it('when the consumer stops while retrying, then the error is thrown so nothing is committed', async () => {
    let isRunning = true;
    const failing = untilDone(
      { heartbeat: async () => undefined, isRunning: () => isRunning },
      async () => {
        isRunning = false;
        throw new Error('chroma down');
      },
      { policy, health: createLearningHealth(), onRetry: () => undefined },
    );
    await expect(failing).rejects.toThrow('chroma down');
  });
});
