import { resolve } from 'node:path';
import { z } from 'zod';
import { kafkaSettingsSchema } from '@kafkloud/streamer/kafka';
import {
  int,
  loadServiceConfig,
  requireTokensInProduction,
  serviceEnvShape,
} from '@kafkloud/streamer/http';

const postgresUrlSchema = z
  .string()
  .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL');

export const configSchema = z
  .object({
    ...serviceEnvShape(8072),
    DATABASE_URL: postgresUrlSchema.optional(),
    /** Where `replay` rebuilds the tables; a fresh PGlite directory when unset. */
    REPLAY_DATABASE_URL: postgresUrlSchema.optional(),
    CONSUMER_GROUP: z.string().min(1).max(249).default('kafkloud-consumer'),
    /** How long the group waits for a silent member (a killed process) before reassigning. */
    CONSUMER_SESSION_TIMEOUT_MS: int(6_000, 300_000).default(30_000),
    /** Live streams (`/events/stream`) one client may hold open, and all clients together. */
    SSE_MAX_STREAMS_PER_CLIENT: int(1, 10_000).default(8),
    SSE_MAX_STREAMS: int(1, 100_000).default(1_000),
  })
  .extend(kafkaSettingsSchema.shape)
  .superRefine((env, ctx) => {
    requireTokensInProduction(env, ctx);
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

type ParsedEnv = z.output<typeof configSchema>;

function toConfig(parsed: ParsedEnv): Config {
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

/** Parses an environment; throws on bad input (tests). */
export function parseConfig(env: NodeJS.ProcessEnv): Config {
  return toConfig(configSchema.parse(env));
}

/** Parses the environment once; on failure names every bad variable and exits 1. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return toConfig(loadServiceConfig('consumer', configSchema, env));
}
