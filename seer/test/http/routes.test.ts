import { askResponseSchema, problemSchema } from '@kafkloud/streamer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNKNOWN_ANSWER } from '../../src/domain/answer-question.js';
import { askJson, startSeer, type RunningSeer } from '../helpers.js';

const TRIBE = 'The Wilymajinkas are a tribe of northeastern Native Pandorians.';
const TAME = 'They are very tame and should not be feared.';
const UPLOAD_LIMIT = 4_096;

let running: RunningSeer;

beforeAll(async () => {
  running = await startSeer({ SEER_MAX_UPLOAD_BYTES: String(UPLOAD_LIMIT) });
});

afterAll(async () => {
  await running?.close();
});

async function ask(question: string) {
  const response = await running.call('/ask', askJson(question));
  expect(response.status).toBe(200);
  return askResponseSchema.parse(await response.json());
}

async function expectProblem(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  return problemSchema.parse(await response.json());
}

describe('the Wilymajinkas over HTTP', () => {
  it('when nothing is known, then seer says so; after two statements, then it answers with the tribe fact and cites it', async () => {
    const question = 'Do you know anything about the Wilymajinkas?';
    const before = await ask(question);
    expect(before.isKnown).toBe(false);
    expect(before.answer).toBe(UNKNOWN_ANSWER);
    expect(before.sources).toEqual([]);

    const plain = await running.post('/accept', 'text/plain', TRIBE);
    expect(plain.status).toBe(201);
    const json = await running.post(
      '/accept',
      'application/json',
      JSON.stringify({ statements: [TAME] }),
    );
    expect(json.status).toBe(201);

    const after = await ask(question);
    expect(after.isKnown).toBe(true);
    expect(after.answer).toContain(TRIBE);
    const cited = after.sources.find((source) => source.text === TRIBE);
    expect(cited).toBeDefined();
    expect(cited?.ref).toEqual({ kind: 'statement', origin: 'http' });
    expect(after.answer).toContain(`[${after.sources.indexOf(cited!) + 1}]`);
  });

  it('when the same statement is accepted twice, then the index holds it once', async () => {
    const statement = 'Quorblets migrate south every ninth winter.';
    const accept = () => running.post('/accept', 'text/plain', statement);
    await accept();
    const countAfterFirst = await running.seer.store.count();
    await accept();
    expect(await running.seer.store.count()).toBe(countAfterFirst);
  });
});

describe('documents', () => {
  it('when a document is loaded, then a question about a later chunk cites that chunk', async () => {
    const filler = Array.from(
      { length: 12 },
      (_, i) => `Paragraph ${i} describes the harbour cranes and their daily schedule in detail.`,
    ).join('\n\n');
    const text = `${filler}\n\nThe lighthouse keeper Ottoline Brask painted the tower green in 1887.`;
    const response = await running.post(
      '/load?name=harbour.txt',
      'text/plain; charset=utf-8',
      text,
    );
    expect(response.status).toBe(201);
    const loaded = (await response.json()) as { name: string; chunks: number };
    expect(loaded.name).toBe('harbour.txt');
    expect(loaded.chunks).toBeGreaterThan(1);

    const answer = await ask('Who painted the lighthouse tower green?');
    expect(answer.isKnown).toBe(true);
    expect(answer.answer).toContain('Ottoline Brask painted the tower green in 1887.');
    expect(answer.sources[0]?.ref).toEqual({
      kind: 'document',
      name: 'harbour.txt',
      chunk: loaded.chunks - 1,
    });
  });
});

describe('bad input', () => {
  it('when the question is empty or missing, then 400 problem+json', async () => {
    await expectProblem(await running.call('/ask', askJson('   ')), 400);
    await expectProblem(await running.post('/ask', 'application/json', '{}'), 400);
    await expectProblem(await running.call('/ask', { method: 'POST' }), 400);
    await expectProblem(await running.post('/ask', 'application/json', '{"question":'), 400);
  });

  it('when an upload is over the limit, then 413 problem+json', async () => {
    const problem = await expectProblem(
      await running.post('/load', 'text/plain', 'word '.repeat(UPLOAD_LIMIT)),
      413,
    );
    expect(problem.code).toBe('payload_too_large');
  });

  it('when the bytes are not UTF-8, then 400; when another charset is declared, then 415', async () => {
    const latin1 = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6e, 0x6f, 0x69, 0x72]);
    await expectProblem(await running.post('/accept', 'text/plain', latin1), 400);
    await expectProblem(await running.post('/load', 'text/plain', latin1), 400);
    await expectProblem(await running.post('/load', 'text/plain; charset=iso-8859-1', latin1), 415);
  });

  it('when statements or documents are empty or the media type is wrong, then 400 or 415', async () => {
    await expectProblem(await running.post('/load', 'text/plain', ' \n '), 400);
    await expectProblem(
      await running.post('/accept', 'application/json', JSON.stringify({ statements: [] })),
      400,
    );
    await expectProblem(await running.post('/accept', 'text/plain', '  '), 400);
    await expectProblem(await running.post('/ask', 'text/plain', 'what?'), 415);
  });

  it('when the bearer token is missing or wrong, then 401; ops endpoints stay open', async () => {
    await expectProblem(await fetch(`${running.url}/ask`, askJson('anything')), 401);
    await expectProblem(
      await fetch(`${running.url}/ask`, {
        ...askJson('anything'),
        headers: {
          'content-type': 'application/json',
          authorization: 'Bearer wrong-token-000000000',
        },
      }),
      401,
    );
    expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
    const metrics = await (await fetch(`${running.url}/metrics`)).text();
    expect(metrics).toMatch(/seer_index_items\{service="seer"\} \d+/);
    expect(metrics).toContain('seer_embed_duration_seconds_bucket');
    expect(metrics).toContain('seer_ask_duration_seconds_bucket');
  });

  it('when the OpenAPI document is fetched, then it describes /ask, /accept and /load', async () => {
    const response = await fetch(`${running.url}/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/ask', '/accept', '/load', '/healthz', '/readyz', '/metrics']),
    );
  });

  it('when GET is sent to /ask, then 405 with Allow', async () => {
    const response = await running.call('/ask');
    await expectProblem(response, 405);
    expect(response.headers.get('allow')).toBe('POST');
  });
});
