import type { Embedder } from './types.js';

export type HttpEmbedderOptions = {
  url: string;
  model: string;
  apiKey?: string;
  /** Texts per request; long inputs are split across requests in order. */
  batchSize?: number;
  timeoutMs?: number;
};

async function postJson(
  url: string,
  body: unknown,
  options: { apiKey?: string; timeoutMs?: number },
): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
    },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
  });
  if (!response.ok) {
    const detail = (await response.text().catch(() => '')).slice(0, 200);
    throw new Error(`embedding request to ${url} failed: HTTP ${response.status} ${detail}`);
  }
  return response.json();
}

function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}

async function inBatches(
  texts: readonly string[],
  size: number,
  embedBatch: (batch: string[]) => Promise<number[][]>,
): Promise<number[][]> {
  const vectors: number[][] = [];
  for (let start = 0; start < texts.length; start += size) {
    const batch = texts.slice(start, start + size);
    const embedded = await embedBatch(batch);
    if (embedded.length !== batch.length) {
      throw new Error(`embedder returned ${embedded.length} vectors for ${batch.length} texts`);
    }
    vectors.push(...embedded);
  }
  return vectors;
}

function isVector(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'number');
}

/** Any OpenAI-compatible `POST {url}/embeddings` (OpenAI, vLLM, LM Studio, llama.cpp, ...). */
export function createOpenAiEmbedder(options: HttpEmbedderOptions): Embedder {
  return {
    id: `openai-${options.model}`,
    embed: (texts) =>
      inBatches(texts, options.batchSize ?? 64, async (batch) => {
        const body = (await postJson(
          joinUrl(options.url, '/embeddings'),
          { model: options.model, input: batch },
          options,
        )) as { data?: { index?: number; embedding?: unknown }[] };
        const data = [...(body.data ?? [])].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
        return data.map((item) => {
          if (!isVector(item.embedding)) throw new Error('embedding response has no vector');
          return item.embedding;
        });
      }),
  };
}

/** Ollama's `POST {url}/api/embed` with `{ model, input: [...] }`. */
export function createOllamaEmbedder(options: HttpEmbedderOptions): Embedder {
  return {
    id: `ollama-${options.model}`,
    embed: (texts) =>
      inBatches(texts, options.batchSize ?? 64, async (batch) => {
        const body = (await postJson(
          joinUrl(options.url, '/api/embed'),
          { model: options.model, input: batch },
          options,
        )) as { embeddings?: unknown[] };
        return (body.embeddings ?? []).map((vector) => {
          if (!isVector(vector)) throw new Error('embedding response has no vector');
          return vector;
        });
      }),
  };
}
