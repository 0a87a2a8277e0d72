import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Local mode without KAFKLOUD_API_TOKENS: the token in `<dataDir>/api-token` (the producer's
 * file), created once with mode 0600 so every local service and curl user shares it.
 */
export async function localApiToken(dataDir: string): Promise<{ token: string; path: string }> {
  const path = join(dataDir, 'api-token');
  const read = () =>
    readFile(path, 'utf8').then(
      (text) => text.trim(),
      () => '',
    );
  const existing = await read();
  if (existing.length >= 16) return { token: existing, path };
  await mkdir(dataDir, { recursive: true });
  const token = randomBytes(24).toString('base64url');
  // 'wx' fails when another service created the file meanwhile; its token wins.
  const isWritten = await writeFile(path, `${token}\n`, { mode: 0o600, flag: 'wx' }).then(
    () => true,
    () => false,
  );
  return { token: isWritten ? token : await read(), path };
}
