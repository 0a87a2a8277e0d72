import { z } from 'zod';

/**
 * The portal's environment. Shared by next.config (checked at build) and the server (checked at
 * start); kept free of `server-only` so the config loader can import it.
 */
const serviceUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .transform((value) => value.replace(/\/+$/, ''));

const brokers = z
  .string()
  .default('127.0.0.1:9092')
  .transform((value) =>
    value
      .split(',')
      .map((broker) => broker.trim())
      .filter((broker) => broker.length > 0),
  )
  .pipe(
    z
      .array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'each broker must be host:port'))
      .min(1, 'at least one broker'),
  );

export const envSchema = z.object({
  PRODUCER_URL: serviceUrl.default('http://127.0.0.1:8000'),
  CONSUMER_URL: serviceUrl.default('http://127.0.0.1:8072'),
  SEER_URL: serviceUrl.default('http://127.0.0.1:8030'),
  KAFKLOUD_API_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  KAFKA_BROKERS: brokers,
  KAFKLOUD_TOPIC_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._-]*$/, 'only A-Z a-z 0-9 . _ -')
    .default(''),
  KAFKLOUD_MODE: z.enum(['local', 'production']).default('local'),
  /** Local mode without a token: the services' shared token is read from `<dir>/api-token`. */
  KAFKLOUD_DATA_DIR: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Env = Readonly<z.infer<typeof envSchema>>;

export type EnvIssue = { variable: string; message: string };

export type EnvCheck = { ok: true; env: Env } | { ok: false; issues: EnvIssue[] };

/**
 * At start, production needs the token the portal sends on writes; the build never does, so
 * images can be built without secrets.
 */
export function checkEnv(
  source: Record<string, string | undefined>,
  options: { phase: 'build' | 'start' },
): EnvCheck {
  // Empty strings mean "unset", as they do for every other kafkloud service.
  const present = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = envSchema.safeParse(present);
  const issues: EnvIssue[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? '(environment)'),
        message: issue.message,
      }));
  if (
    options.phase === 'start' &&
    present.KAFKLOUD_MODE === 'production' &&
    present.KAFKLOUD_API_TOKEN === undefined
  ) {
    issues.push({ variable: 'KAFKLOUD_API_TOKEN', message: 'required in production mode' });
  }
  if (!parsed.success || issues.length > 0) return { ok: false, issues };
  return { ok: true, env: Object.freeze(parsed.data) };
}

/** Prints every bad variable and exits 1, as every kafkloud service does. */
export function validateEnv(
  source: Record<string, string | undefined>,
  options: { phase: 'build' | 'start' },
): Env {
  const result = checkEnv(source, options);
  if (result.ok) return result.env;
  const lines = result.issues.map(({ variable, message }) => `  ${variable}: ${message}`);
  process.stderr.write(`portal: invalid environment (${options.phase})\n${lines.join('\n')}\n`);
  process.exit(1);
}
