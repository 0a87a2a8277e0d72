import 'server-only';
import { validateEnv, type Env } from '@/env-schema';

let cached: Env | undefined;

/** The validated environment; the only reader of process.env on the server. */
export function env(): Env {
  cached ??= validateEnv(process.env, { phase: 'start' });
  return cached;
}
