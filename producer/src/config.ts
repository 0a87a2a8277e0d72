import {
  booleanString,
  int,
  loadServiceConfig,
  requireTokensInProduction,
  serviceEnvShape,
  serviceSettings,
} from '@kafkloud/streamer/http';
import { kafkaSettingsSchema } from '@kafkloud/streamer/kafka';
import { z } from 'zod';

export const configSchema = z
  .object({
    ...serviceEnvShape(8000),
    /** Largest accepted request body, in bytes. */
    PRODUCER_BODY_LIMIT: int(1, 1_000_000).default(65_536),
    /** A request not acknowledged by Kafka within this time is answered 503. */
    PRODUCER_SEND_TIMEOUT_MS: int(100, 60_000).default(4_000),
    PRODUCER_RETRY_AFTER_S: int(1, 3_600).default(2),
    /** Most records coalesced into one Kafka send. */
    PRODUCER_MAX_BATCH: int(1, 10_000).default(500),
    /** Kafka sends in flight at once (kafkajs still writes them to a broker one at a time). */
    PRODUCER_CONCURRENT_SENDS: int(1, 16).default(1),
    /** Sustained writes per second allowed per token; 0 turns rate limiting off. */
    PRODUCER_RATE_LIMIT: int(0, 1_000_000).default(1_000),
    /** Writes a token may make at once before the sustained rate applies. */
    PRODUCER_RATE_BURST: int(1, 1_000_000).default(2_000),
    BROADCASTER_ENABLED: booleanString.optional(),
    BROADCASTER_MIN_INTERVAL_MS: int(1, 3_600_000).default(1_000),
    BROADCASTER_MAX_INTERVAL_MS: int(1, 3_600_000).default(10_000),
    /** After SIGTERM, readiness is 503 this long before the listener closes (load balancers). */
    SHUTDOWN_DRAIN_DELAY_MS: int(0, 60_000).optional(),
  })
  .extend(kafkaSettingsSchema.shape)
  .superRefine((env, ctx) => {
    if (env.BROADCASTER_MIN_INTERVAL_MS > env.BROADCASTER_MAX_INTERVAL_MS) {
      ctx.addIssue({
        code: 'custom',
        path: ['BROADCASTER_MIN_INTERVAL_MS'],
        message: 'must not exceed BROADCASTER_MAX_INTERVAL_MS',
      });
    }
    requireTokensInProduction(env, ctx);
  })
  .transform((env) => ({
    ...serviceSettings(env),
    bodyLimitBytes: env.PRODUCER_BODY_LIMIT,
    sendTimeoutMs: env.PRODUCER_SEND_TIMEOUT_MS,
    retryAfterSeconds: env.PRODUCER_RETRY_AFTER_S,
    maxBatch: env.PRODUCER_MAX_BATCH,
    concurrentSends: env.PRODUCER_CONCURRENT_SENDS,
    rateLimit: { perSecond: env.PRODUCER_RATE_LIMIT, burst: env.PRODUCER_RATE_BURST },
    broadcaster: {
      // On by default only locally: a production stream should not fill with greetings.
      isEnabled: env.BROADCASTER_ENABLED ?? env.KAFKLOUD_MODE === 'local',
      minIntervalMs: env.BROADCASTER_MIN_INTERVAL_MS,
      maxIntervalMs: env.BROADCASTER_MAX_INTERVAL_MS,
    },
    shutdownDrainDelayMs:
      env.SHUTDOWN_DRAIN_DELAY_MS ?? (env.KAFKLOUD_MODE === 'production' ? 2_000 : 0),
  }));

export type Config = Readonly<z.infer<typeof configSchema>>;

export type ConfigResult = { isOk: true; config: Config } | { isOk: false; problems: string[] };

/** Parses an environment; pure, so tests can call it with any record. */
export function parseConfig(env: Record<string, string | undefined>): ConfigResult {
  const result = configSchema.safeParse(env);
  if (result.success) return { isOk: true, config: Object.freeze(result.data) };
  return {
    isOk: false,
    problems: result.error.issues.map(
      (issue) => `${issue.path.map(String).join('.') || 'environment'}: ${issue.message}`,
    ),
  };
}

/** The one place that reads process.env: names every bad variable and exits 1 on failure. */
export function loadConfig(): Config {
  return loadServiceConfig('producer', configSchema);
}
