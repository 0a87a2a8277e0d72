import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';

export const LOCAL_TOKEN_FILE = 'api-token';

/**
 * Local mode without KAFKLOUD_API_TOKENS: the token in `<dataDir>/api-token`, created once
 * (mode 0600) so the services, the portal and curl users share it across restarts.
 */
export async function localApiToken(dataDir: string): Promise<{ token: string; path: string }> {
  const path = join(dataDir, LOCAL_TOKEN_FILE);
  const existing = await readFile(path, 'utf8').then(
    (text) => text.trim(),
    () => '',
  );
  if (existing.length >= 16) return { token: existing, path };
  await mkdir(dataDir, { recursive: true });
  const token = randomBytes(24).toString('base64url');
  // 'wx' fails if another process created the file meanwhile; that process's token wins.
  const isWritten = await writeFile(path, `${token}\n`, { mode: 0o600, flag: 'wx' }).then(
    () => true,
    () => false,
  );
  if (isWritten) return { token, path };
  return { token: (await readFile(path, 'utf8')).trim(), path };
}

/**
 * The bearer tokens a service accepts: the configured ones, or else the local token file's
 * (config validation already refuses an empty list outside local mode).
 */
export async function resolveApiTokens(
  configured: readonly string[],
  dataDir: string,
  logger: Logger,
): Promise<readonly string[]> {
  if (configured.length > 0) return configured;
  const local = await localApiToken(dataDir);
  logger.info({ tokenFile: local.path }, 'no KAFKLOUD_API_TOKENS: using the local token file');
  return [local.token];
}
