import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { kafkaSettingsSchema } from '@kafkloud/streamer/kafka';
import { apiTokensSchema } from '@kafkloud/streamer/http';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const postgresUrlSchema = z
  .string()
  .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL');

export const configSchema = z
  .object({
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65_535).default(8072),
    KAFKLOUD_TOPIC_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9._-]*$/, 'only A-Z a-z 0-9 . _ - are allowed in a topic prefix')
      .default(''),
    KAFKLOUD_API_TOKENS: apiTokensSchema,
    KAFKLOUD_MODE: z.enum(['local', 'production']).default('local'),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    KAFKLOUD_DATA_DIR: z.string().min(1).default(resolve(REPO_ROOT, '.data')),
    DATABASE_URL: postgresUrlSchema.optional(),
    /** Where `replay` rebuilds the tables; a fresh PGlite directory when unset. */
    REPLAY_DATABASE_URL: postgresUrlSchema.optional(),
    CONSUMER_GROUP: z.string().min(1).max(249).default('kafkloud-consumer'),
    /** How long the group waits for a silent member (a killed process) before reassigning. */
    CONSUMER_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6_000).max(300_000).default(30_000),
    /** Live streams (`/events/stream`) one client may hold open, and all clients together. */
    SSE_MAX_STREAMS_PER_CLIENT: z.coerce.number().int().min(1).max(10_000).default(8),
    SSE_MAX_STREAMS: z.coerce.number().int().min(1).max(100_000).default(1_000),
    SHUTDOWN_DEADLINE_MS: z.coerce.number().int().min(1_000).max(120_000).default(20_000),
  })
  .extend(kafkaSettingsSchema.shape)
  .superRefine((env, ctx) => {
    if (env.KAFKLOUD_MODE === 'production' && env.KAFKLOUD_API_TOKENS.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['KAFKLOUD_API_TOKENS'],
        message: 'at least one token is required in production',
      });
    }
    if (env.KAFKLOUD_MODE === 'production' && env.DATABASE_URL === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['DATABASE_URL'],
        message: 'a real Postgres is required in production',
      });
    }
  });

export type Config = Readonly<{
  host: string;
  port: number;
  topicPrefix: string;
  apiTokens: readonly string[];
  mode: 'local' | 'production';
  logLevel: string;
  dataDir: string;
  database: DatabaseTarget;
  replayDatabaseUrl: string | undefined;
  consumerGroup: string;
  sessionTimeoutMs: number;
  shutdownDeadlineMs: number;
  maxStreamsPerClient: number;
  maxStreams: number;
  brokers: readonly string[];
}>;

/** Where the rows live: a real Postgres, or PGlite in a directory. */
export type DatabaseTarget =
  { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };

export function pgliteDirFor(dataDir: string): string {
  return resolve(dataDir, 'consumer', 'pglite');
}

export function parseConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = configSchema.parse(env);
  return Object.freeze({
    host: parsed.HOST,
    port: parsed.PORT,
    topicPrefix: parsed.KAFKLOUD_TOPIC_PREFIX,
    apiTokens: Object.freeze([...parsed.KAFKLOUD_API_TOKENS]),
    mode: parsed.KAFKLOUD_MODE,
    logLevel: parsed.LOG_LEVEL,
    dataDir: parsed.KAFKLOUD_DATA_DIR,
    database: Object.freeze(
      parsed.DATABASE_URL
        ? { kind: 'postgres' as const, url: parsed.DATABASE_URL }
        : { kind: 'pglite' as const, dataDir: pgliteDirFor(parsed.KAFKLOUD_DATA_DIR) },
    ),
    replayDatabaseUrl: parsed.REPLAY_DATABASE_URL,
    consumerGroup: parsed.CONSUMER_GROUP,
    sessionTimeoutMs: parsed.CONSUMER_SESSION_TIMEOUT_MS,
    shutdownDeadlineMs: parsed.SHUTDOWN_DEADLINE_MS,
    maxStreamsPerClient: parsed.SSE_MAX_STREAMS_PER_CLIENT,
    maxStreams: parsed.SSE_MAX_STREAMS,
    brokers: Object.freeze([...parsed.KAFKA_BROKERS]),
  });
}

/** Parses the environment once; on failure names every bad variable and exits 1. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return parseConfig(env);
  } catch (error) {
    if (error instanceof z.ZodError) {
      for (const issue of error.issues) {
        process.stderr.write(
          `invalid environment: ${issue.path.join('.') || 'env'}: ${issue.message}\n`,
        );
      }
      process.exit(1);
    }
    throw error;
  }
}
