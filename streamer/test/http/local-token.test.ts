import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localApiToken } from '../../src/http/local-token.js';

describe('the local API token', () => {
  it('when asked twice, then the same private token is returned from the data directory', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'kafkloud-token-'));
    try {
      const first = await localApiToken(join(dataDir, 'nested'));
      const second = await localApiToken(join(dataDir, 'nested'));
      expect(first.token.length).toBeGreaterThanOrEqual(16);
      expect(second).toEqual(first);
      expect((await stat(first.path)).mode & 0o777).toBe(0o600);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
