import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { apiTokensSchema } from './tokens.js';

/** The repository's `.data/`, the local default of `KAFKLOUD_DATA_DIR` (from src/ or dist/). */
const REPO_DATA_DIR = fileURLToPath(new URL('../../../.data', import.meta.url));

/** An integer variable within bounds. */
export const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** A yes/no variable: true, false, 1, 0, yes or no. */
export const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

/**
 * The variables every kafkloud service reads, with the service's own default port; each
 * service's schema extends this shape with its own variables and the Kafka settings.
 */
export function serviceEnvShape(defaultPort: number) {
  return {
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: int(0, 65_535).default(defaultPort),
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
    SHUTDOWN_DEADLINE_MS: int(1_000, 120_000).default(20_000),
  };
}

/** Outside local mode a service without tokens would be open to anyone: refuse to start. */
export function requireTokensInProduction(
  env: { KAFKLOUD_MODE: 'local' | 'production'; KAFKLOUD_API_TOKENS: readonly string[] },
  ctx: z.RefinementCtx,
): void {
  if (env.KAFKLOUD_MODE === 'production' && env.KAFKLOUD_API_TOKENS.length === 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['KAFKLOUD_API_TOKENS'],
      message: 'at least one token is required when KAFKLOUD_MODE=production',
    });
  }
}

/**
 * Parses a service's environment once at start. On failure it names every bad or missing
 * variable on stderr and exits 1; on success the result is frozen.
 */
export function loadServiceConfig<S extends z.ZodType>(
  service: string,
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): Readonly<z.output<S>> {
  const result = schema.safeParse(env);
  if (result.success) return Object.freeze(result.data);
  const lines = result.error.issues.map(
    (issue) => `  - ${issue.path.map(String).join('.') || 'environment'}: ${issue.message}`,
  );
  process.stderr.write(`${service}: invalid configuration\n${lines.join('\n')}\n`);
  process.exit(1);
}

type ServiceEnv = z.output<z.ZodObject<ReturnType<typeof serviceEnvShape>>> & {
  KAFKA_BROKERS: string[];
};

/** The settings of `serviceEnvShape` (and the brokers) under the names services use. */
export function serviceSettings(env: ServiceEnv) {
  return {
    host: env.HOST,
    port: env.PORT,
    brokers: env.KAFKA_BROKERS,
    topicPrefix: env.KAFKLOUD_TOPIC_PREFIX,
    apiTokens: env.KAFKLOUD_API_TOKENS,
    mode: env.KAFKLOUD_MODE,
    dataDir: env.KAFKLOUD_DATA_DIR,
    logLevel: env.LOG_LEVEL,
    shutdownDeadlineMs: env.SHUTDOWN_DEADLINE_MS,
  };
}
