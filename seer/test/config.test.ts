import { describe, expect, it } from 'vitest';
import { configSchema } from '../src/config.js';

const issuesOf = (env: Record<string, string>) => {
  const result = configSchema.safeParse(env);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
};

describe('config', () => {
  it('when nothing is set, then the local defaults apply', () => {
    const config = configSchema.parse({});
    expect(config.port).toBe(8030);
    expect(config.chromaUrl).toBe('http://127.0.0.1:8020');
    expect(config.groupId).toBe('kafkloud-seer');
    expect(config.embedder.kind).toBe('hashed');
    expect(config.chat).toBeUndefined();
  });

  it('when a remote embedder lacks its URL and model, then both variables are named', () => {
    expect(issuesOf({ SEER_EMBEDDER: 'openai' })).toEqual(['SEER_EMBED_URL', 'SEER_EMBED_MODEL']);
    expect(issuesOf({ SEER_EMBEDDER: 'transformers' })).toEqual(['SEER_EMBED_MODEL_DIR']);
  });

  it('when production has no tokens or values are malformed, then each bad variable is named', () => {
    expect(
      issuesOf({
        KAFKLOUD_MODE: 'production',
        CHROMA_URL: 'not a url',
        SEER_CHUNK_CHARS: '200',
        SEER_CHUNK_OVERLAP: '300',
      }),
    ).toEqual(expect.arrayContaining(['KAFKLOUD_API_TOKENS', 'CHROMA_URL', 'SEER_CHUNK_OVERLAP']));
  });
});
