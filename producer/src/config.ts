import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiTokensSchema } from '@kafkloud/streamer/http';
import { kafkaSettingsSchema } from '@kafkloud/streamer/kafka';
import { z } from 'zod';

const REPO_DATA_DIR = resolve(fileURLToPath(new URL('../../.data', import.meta.url)));

const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const configSchema = z
  .object({
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: int(0, 65_535).default(8000),
    KAFKLOUD_TOPIC_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9._-]*$/, 'only A-Z a-z 0-9 . _ - are allowed in a topic prefix')
      .default(''),
    KAFKLOUD_API_TOKENS: apiTokensSchema,
    KAFKLOUD_MODE: z.enum(['local', 'production']).default('local'),
    KAFKLOUD_DATA_DIR: z.string().min(1).default(REPO_DATA_DIR),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
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
    SHUTDOWN_DEADLINE_MS: int(1_000, 120_000).default(20_000),
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
    if (env.KAFKLOUD_MODE === 'production' && env.KAFKLOUD_API_TOKENS.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['KAFKLOUD_API_TOKENS'],
        message: 'at least one token is required when KAFKLOUD_MODE=production',
      });
    }
  })
  .transform((env) => ({
    host: env.HOST,
    port: env.PORT,
    brokers: env.KAFKA_BROKERS,
    topicPrefix: env.KAFKLOUD_TOPIC_PREFIX,
    apiTokens: env.KAFKLOUD_API_TOKENS,
    mode: env.KAFKLOUD_MODE,
    dataDir: env.KAFKLOUD_DATA_DIR,
    logLevel: env.LOG_LEVEL,
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
    shutdownDeadlineMs: env.SHUTDOWN_DEADLINE_MS,
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
  const result = parseConfig(process.env);
  if (result.isOk) return result.config;
  process.stderr.write(
    `producer: invalid configuration\n${result.problems.map((p) => `  - ${p}`).join('\n')}\n`,
  );
  process.exit(1);
}
