import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { askResponseSchema } from '@kafkloud/streamer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatAnswerer } from '../../src/answer/chat.js';
import { createOllamaEmbedder, createOpenAiEmbedder } from '../../src/embed/http-providers.js';
import { createTransformersEmbedder } from '../../src/embed/transformers.js';
import { askJson, startSeer } from '../helpers.js';

/** A letter-count vector: deterministic, cheap, and similar for similar texts. */
function letters(text: string): number[] {
  const vector = new Array<number>(26).fill(0.01);
  for (const char of text.toLowerCase()) {
    const code = char.charCodeAt(0) - 97;
    if (code >= 0 && code < 26) vector[code]! += 1;
  }
  return vector;
}

type Seen = { path: string; authorization: string | undefined; body: Record<string, unknown> };

/** A tiny stand-in for an embeddings/chat server (OpenAI- and Ollama-shaped), on loopback. */
let server: Server;
let baseUrl: string;
const seen: Seen[] = [];

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    void readBody(req).then((body) => {
      seen.push({ path: req.url ?? '', authorization: req.headers.authorization, body });
      const input = (body.input ?? []) as string[];
      res.setHeader('content-type', 'application/json');
      if (req.url === '/v1/embeddings') {
        // Out of order on purpose: clients must sort by index.
        const data = input.map((text, index) => ({ index, embedding: letters(text) })).reverse();
        res.end(JSON.stringify({ object: 'list', data }));
      } else if (req.url === '/api/embed') {
        res.end(JSON.stringify({ embeddings: input.map(letters) }));
      } else if (req.url === '/v1/chat/completions') {
        res.end(
          JSON.stringify({
            choices: [{ message: { role: 'assistant', content: 'Written from the sources [1].' } }],
          }),
        );
      } else {
        res.statusCode = 404;
        res.end('{}');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('OpenAI-compatible embeddings', () => {
  it('when texts are embedded in several batches, then vectors come back in input order with the key sent', async () => {
    const embedder = createOpenAiEmbedder({
      url: `${baseUrl}/v1`,
      model: 'm1',
      apiKey: 'sk-test',
      batchSize: 2,
    });
    const texts = ['aaa', 'bbb', 'ccc'];
    const vectors = await embedder.embed(texts, 'document');
    expect(vectors).toEqual(texts.map(letters));
    const calls = seen.filter((call) => call.path === '/v1/embeddings');
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(calls[0]?.authorization).toBe('Bearer sk-test');
    expect(calls[0]?.body.model).toBe('m1');
  });

  it('when the server answers an error, then embedding rejects', async () => {
    const embedder = createOpenAiEmbedder({ url: `${baseUrl}/nowhere`, model: 'm1' });
    await expect(embedder.embed(['x'], 'query')).rejects.toThrow(/HTTP 404/);
  });
});

describe('Ollama embeddings', () => {
  it('when texts are embedded, then /api/embed is called with the model and vectors are returned', async () => {
    const embedder = createOllamaEmbedder({ url: baseUrl, model: 'nomic-embed-text' });
    expect(await embedder.embed(['hello', 'world'], 'document')).toEqual([
      letters('hello'),
      letters('world'),
    ]);
    expect(
      seen.some((call) => call.path === '/api/embed' && call.body.model === 'nomic-embed-text'),
    ).toBe(true);
  });
});

describe('chat answerer', () => {
  it('when sources are given, then they are numbered in the prompt and the reply is returned', async () => {
    const chat = createChatAnswerer({ url: `${baseUrl}/v1`, model: 'c1' });
    const answer = await chat('Q?', [
      { id: 's1', text: 'Fact one.', score: 0.9, ref: { kind: 'statement', origin: 'http' } },
    ]);
    expect(answer).toBe('Written from the sources [1].');
    const call = seen.find((entry) => entry.path === '/v1/chat/completions');
    expect(JSON.stringify(call?.body.messages)).toContain('[1] Fact one.');
  });
});

describe('seer with configured providers', () => {
  it('when SEER_EMBEDDER=openai and a chat endpoint are configured, then seer learns through them and the chat writes the cited answer', async () => {
    const running = await startSeer({
      SEER_EMBEDDER: 'openai',
      SEER_EMBED_URL: `${baseUrl}/v1`,
      SEER_EMBED_MODEL: 'letters',
      SEER_CHAT_URL: `${baseUrl}/v1`,
      SEER_CHAT_MODEL: 'c1',
    });
    try {
      expect(running.seer.embedder.id).toBe('openai-letters');
      const accepted = await running.post('/accept', 'text/plain', 'Gorbles are green.');
      expect(accepted.status).toBe(201);
      const response = await running.call('/ask', askJson('What colour are gorbles?'));
      const body = askResponseSchema.parse(await response.json());
      expect(body.answer).toBe('Written from the sources [1].');
      expect(body.sources[0]?.text).toBe('Gorbles are green.');
    } finally {
      await running.close();
    }
  });
});

describe('transformers.js', () => {
  it('when the optional package is not installed, then embedding fails naming the package', async () => {
    const embedder = createTransformersEmbedder({ modelDir: '/nonexistent/models/minilm' });
    await expect(embedder.embed(['x'], 'query')).rejects.toThrow('@huggingface/transformers');
  });

  it('when a local model directory is configured, then remote models are off and mean-pooled normalised vectors are returned', async () => {
    const env = { localModelPath: '', allowRemoteModels: true, allowLocalModels: false };
    const calls: unknown[] = [];
    const embedder = createTransformersEmbedder(
      { modelDir: '/models/minilm', batchSize: 1 },
      async () => ({
        env,
        pipeline: async (_task, model, options) => {
          calls.push({ model, options });
          return async (texts, poolOptions) => {
            calls.push(poolOptions);
            return { tolist: () => texts.map((text) => [text.length, 1]) };
          };
        },
      }),
    );
    expect(await embedder.embed(['ab', 'abc'], 'document')).toEqual([
      [2, 1],
      [3, 1],
    ]);
    expect(env).toEqual({
      localModelPath: '/models',
      allowRemoteModels: false,
      allowLocalModels: true,
    });
    expect(calls[0]).toEqual({ model: 'minilm', options: { local_files_only: true } });
    expect(calls[1]).toEqual({ pooling: 'mean', normalize: true });
  });
});
