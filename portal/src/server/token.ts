import 'server-only';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { env } from './env';

let cached: string | undefined;

/**
 * The token the portal sends. Locally, when none is configured, the services share one they
 * generate into the data directory (`<repo>/.data/api-token` by default); it is read on demand,
 * because the producer may create it after the portal started.
 */
export async function apiToken(): Promise<string | undefined> {
  const config = env();
  if (config.KAFKLOUD_API_TOKEN) return config.KAFKLOUD_API_TOKEN;
  if (config.KAFKLOUD_MODE !== 'local') return undefined;
  if (cached) return cached;
  // turbopackIgnore: a runtime path, so the build does not copy the data directory into the output.
  const dataDir =
    config.KAFKLOUD_DATA_DIR ?? resolve(/* turbopackIgnore: true */ process.cwd(), '..', '.data');
  const token = await readFile(/* turbopackIgnore: true */ join(dataDir, 'api-token'), 'utf8').then(
    (text) => text.trim(),
    () => '',
  );
  if (token.length >= 16) cached = token;
  return cached;
}
