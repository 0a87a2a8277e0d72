import type { RecordBatch } from '@kafkloud/streamer/kafka';

export type RetryPolicy = { initialDelayMs: number; maxDelayMs: number };

export const DEFAULT_RETRY: RetryPolicy = { initialDelayMs: 250, maxDelayMs: 5_000 };

/** Health of the learning loop, for `/readyz`: failing while a dependency is being retried. */
export type LearningHealth = { isFailing: boolean; lastError: string | undefined };

export function createLearningHealth(): LearningHealth {
  return { isFailing: false, lastError: undefined };
}

/**
 * Runs `work` until it succeeds, backing off exponentially and heartbeating so the group keeps
 * the partition. Nothing is skipped: it gives up only when the consumer stops, by throwing,
 * so the batch's offsets are not committed and it is redelivered.
 */
export async function untilDone<T>(
  batch: Pick<RecordBatch, 'heartbeat' | 'isRunning'>,
  work: () => Promise<T>,
  options: {
    policy: RetryPolicy;
    health: LearningHealth;
    onRetry: (error: unknown, delayMs: number) => void;
  },
): Promise<T> {
  let delayMs = options.policy.initialDelayMs;
  for (;;) {
    try {
      const result = await work();
      options.health.isFailing = false;
      options.health.lastError = undefined;
      return result;
    } catch (error) {
      if (!batch.isRunning()) throw error;
      options.health.isFailing = true;
      options.health.lastError = (error as Error)?.message ?? String(error);
      options.onRetry(error, delayMs);
      const until = Date.now() + delayMs;
      while (Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, until - Date.now())));
        await batch.heartbeat().catch(() => undefined);
        if (!batch.isRunning()) throw error;
      }
      delayMs = Math.min(delayMs * 2, options.policy.maxDelayMs);
    }
  }
}
