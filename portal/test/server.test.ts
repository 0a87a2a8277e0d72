import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSseParser } from '@/lib/sse';

const TOKEN = 'portal-test-token-0123456789';
const seen: { path: string; headers: IncomingHttpHeaders }[] = [];
let server: Server;
let url: string;

/** A stand-in for the services, speaking their HTTP contracts on a real socket. */
beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ path: req.url ?? '', headers: req.headers });
    if (req.url === '/events/stream') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('retry: 2000\n\n: heartbeat\n\n');
      res.write('id: 5\ndata: {"stage":"learned","id":"e1",');
      res.end('"at":"2026-11-23T10:00:00Z"}\n\n');
      return;
    }
    if (req.url === '/produce') {
      res.writeHead(503, { 'content-type': 'application/problem+json', 'retry-after': '2' });
      res.end(
        JSON.stringify({
          type: 'https://kafkloud.dev/problems/kafka_unavailable',
          title: 'Kafka is unavailable',
          status: 503,
          code: 'kafka_unavailable',
          detail: 'the broker did not acknowledge',
        }),
      );
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ unexpected: true }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  Object.assign(process.env, {
    PRODUCER_URL: url,
    CONSUMER_URL: url,
    SEER_URL: url,
    KAFKLOUD_API_TOKEN: TOKEN,
  });
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

async function readAll(response: Response) {
  const parse = createSseParser();
  return parse(await response.text());
}

describe('the SSE relay', () => {
  it('when the consumer streams, then each message is relayed as { kind, payload } with its id, the token and Last-Event-ID sent on', async () => {
    const { relayEventStream } = await import('@/server/relay');
    const response = relayEventStream(
      new Request('http://portal/api/events/stream', { headers: { 'last-event-id': '4' } }),
    );
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const messages = await readAll(response);
    expect(messages.map((m) => [m.id, m.data ? JSON.parse(m.data) : m.retry])).toEqual([
      [null, 2000],
      [null, { kind: 'connected', payload: null }],
      [
        '5',
        {
          kind: 'message',
          payload: { stage: 'learned', id: 'e1', at: '2026-11-23T10:00:00Z' },
        },
      ],
    ]);
    const upstream = seen.find((request) => request.path === '/events/stream');
    expect(upstream?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(upstream?.headers['last-event-id']).toBe('4');
  });
});

describe('calling a service', () => {
  it('when the producer answers problem+json, then the problem is kept and named after it', async () => {
    const { produceDoit } = await import('@/server/services');
    const outcome = await produceDoit('2026-11-23T10:00:00Z');
    expect(outcome).toEqual({
      ok: false,
      problem: {
        status: 503,
        code: 'kafka_unavailable',
        title: 'Producer: Kafka is unavailable',
        detail: 'the broker did not acknowledge',
      },
    });
    const sent = seen.find((request) => request.path === '/produce');
    expect(sent?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('when a service answers a body outside its contract, then a 502 problem, not a crash', async () => {
    const { consumerStatus } = await import('@/server/services');
    expect(await consumerStatus()).toMatchObject({
      ok: false,
      problem: { status: 502, code: 'upstream_invalid' },
    });
  });

  it('when nothing listens, then the service is reported unreachable, and the relay says so', async () => {
    const { relayEventStream } = await import('@/server/relay');
    const { ask } = await import('@/server/services');
    await new Promise((resolve) => server.close(resolve));
    expect(await ask('anything?')).toMatchObject({
      ok: false,
      problem: { status: 503, code: 'upstream_unreachable', title: 'Seer is unreachable' },
    });
    const messages = await readAll(
      relayEventStream(new Request('http://portal/api/events/stream')),
    );
    expect(messages.at(-1)?.data).toBe(
      JSON.stringify({ kind: 'unavailable', payload: 'The consumer is unreachable.' }),
    );
    server.listen(0, '127.0.0.1');
  });
});
