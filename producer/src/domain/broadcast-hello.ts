import { randomUUID } from 'node:crypto';
import { EVENT_TYPES } from '@kafkloud/streamer';
import type { Logger } from '@kafkloud/streamer/logger';
import { publishEvent, type PublishDeps } from './publish-event.js';
import { drawIntervalMs, type RandomSource } from './random.js';

export type BroadcasterOptions = {
  minIntervalMs: number;
  maxIntervalMs: number;
  random: RandomSource;
  logger: Logger;
};

export type Broadcaster = {
  start(): void;
  /** Stops scheduling and waits for a greeting in flight. */
  stop(): Promise<void>;
};

/**
 * Publishes `Hello world` greetings, each next one after an interval drawn uniformly from
 * [minIntervalMs, maxIntervalMs]. A failed greeting is logged and the schedule goes on.
 */
export function createBroadcaster(deps: PublishDeps, options: BroadcasterOptions): Broadcaster {
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  let isRunning = false;
  let sequence = 0;

  const schedule = () => {
    if (!isRunning) return;
    const delay = drawIntervalMs(options.random, options.minIntervalMs, options.maxIntervalMs);
    timer = setTimeout(() => {
      inFlight = greet().finally(schedule);
    }, delay);
  };

  const greet = async () => {
    const correlationId = randomUUID();
    try {
      const accepted = await publishEvent(deps, {
        type: EVENT_TYPES.hello,
        data: { message: 'Hello world', sequence },
        correlationId,
      });
      sequence += 1;
      options.logger.debug({ correlationId, id: accepted.id }, 'hello broadcast');
    } catch (error) {
      options.logger.warn({ err: error, correlationId }, 'hello broadcast failed');
    }
  };

  return {
    start() {
      if (isRunning) return;
      isRunning = true;
      schedule();
    },
    async stop() {
      isRunning = false;
      if (timer) clearTimeout(timer);
      await inFlight;
    },
  };
}
