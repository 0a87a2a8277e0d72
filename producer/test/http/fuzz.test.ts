import { request } from 'node:http';
import { createTestTopics, type TestTopics } from '@kafkloud/streamer/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TEST_TOKEN,
  brokersFromEnv,
  startProducer,
  testConfig,
  type RunningProducer,
} from '../helpers.js';

type Attempt = {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer | undefined;
};

const printable = fc.string({
  unit: fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code)),
  maxLength: 40,
});
const headerValue = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
  maxLength: 60,
});
const knownPaths = [
  '/produce',
  '/app',
  '/api/v1/timestamp',
  '/api/v1/timestamp/2009-09-28T19:03:12Z',
  '/healthz',
  '/readyz',
  '/metrics',
  '/openapi.json',
];

const path = fc.oneof(
  fc.constantFrom(...knownPaths),
  printable.map((tail) => `/api/v1/timestamp/${tail}`),
  fc.tuple(fc.constantFrom(...knownPaths), printable).map(([known, tail]) => `${known}${tail}`),
  fc.webPath().filter((p) => /^\/[\x21-\x7e]*$/.test(p)),
  fc
    .array(fc.constantFrom('%', '%E0', '%A4%A', '%00', '%2F', '..', '/', 'a', '%ZZ', '?', '#x'), {
      maxLength: 8,
    })
    .map((parts) => `/api/v1/timestamp/${parts.join('')}`),
);

const body = fc.oneof(
  fc.constant(undefined),
  fc.jsonValue().map((value) => Buffer.from(JSON.stringify(value) ?? 'null')),
  fc
    .record(
      {
        type: fc.oneof(
          fc.constantFrom('kafkloud.doit.v1', 'kafkloud.message.v1', 'kafkloud.hello.v1'),
          fc.string(),
        ),
        data: fc.jsonValue(),
        key: fc.string(),
        extra: fc.jsonValue(),
      },
      { requiredKeys: [] },
    )
    .map((value) => Buffer.from(JSON.stringify(value))),
  fc.string().map((text) => Buffer.from(text)),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
);

const arbitraryAttempt: fc.Arbitrary<Attempt> = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
  path,
  headers: fc
    .record(
      {
        correlationId: fc.oneof(headerValue, fc.uuid()),
        'content-type': fc.oneof(
          fc.constantFrom(
            'application/json',
            'application/json; charset=utf-8',
            'application/json; charset=utf-16',
            'application/json; charset=bogus',
            'text/plain',
            'application/cloudevents+json',
            'multipart/form-data; boundary=x',
          ),
          headerValue,
        ),
        'content-encoding': fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'bogus'),
        authorization: fc.oneof(
          fc.constant(`Bearer ${TEST_TOKEN}`),
          fc.constant('Bearer'),
          headerValue.map((value) => `Bearer ${value}`),
          headerValue,
        ),
        accept: headerValue,
      },
      { requiredKeys: [] },
    )
    .map((headers) => ({ authorization: `Bearer ${TEST_TOKEN}`, ...headers })),
  body,
});

/** Close to a real client's request, so the accepted path is fuzzed as well as the rejections. */
const plausibleAttempt: fc.Arbitrary<Attempt> = fc.record({
  method: fc.constant('POST'),
  path: fc.constantFrom(
    '/produce',
    '/app',
    '/api/v1/timestamp',
    '/api/v1/timestamp/2020-01-01T00:00:00Z',
  ),
  headers: fc.option(fc.uuid(), { nil: undefined }).map((correlationId) => ({
    authorization: `Bearer ${TEST_TOKEN}`,
    'content-type': 'application/json',
    ...(correlationId ? { correlationId } : {}),
  })),
  body: fc.oneof(
    fc.constant(undefined),
    fc
      .record(
        { data: fc.jsonValue(), key: fc.string({ minLength: 1, maxLength: 20 }) },
        { requiredKeys: [] },
      )
      .map((value) => Buffer.from(JSON.stringify(value))),
  ),
});

const attempt = fc.oneof(arbitraryAttempt, plausibleAttempt);

function send(base: string, { method, path: target, headers, body: payload }: Attempt) {
  return new Promise<number>((resolve, reject) => {
    const req = request(`${base}${target}`, { method, headers, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

describe('fuzzing the HTTP surface', () => {
  const brokers = brokersFromEnv();
  let topics: TestTopics;
  let producer: RunningProducer;

  beforeAll(async () => {
    topics = await createTestTopics(brokers);
    producer = await startProducer(
      testConfig({ KAFKA_BROKERS: brokers.join(','), KAFKLOUD_TOPIC_PREFIX: topics.prefix }),
    );
  });

  afterAll(async () => {
    await producer?.close();
    await topics?.cleanup();
  });

  it('when bodies, headers and paths are arbitrary, then the answer is never a 5xx and the server stays up', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(attempt, async (input) => {
        const status = await send(producer.url, input);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        expect(
          status,
          JSON.stringify({ ...input, body: input.body?.toString('base64') }),
        ).toBeLessThan(500);
        expect(status).toBeGreaterThanOrEqual(200);
      }),
      { numRuns: 400 },
    );
    // The fuzzer reached both accepted writes and rejections, not just one kind of answer.
    expect(statuses.get(202) ?? 0).toBeGreaterThan(0);
    expect([...statuses.keys()].filter((status) => status >= 400).length).toBeGreaterThan(3);
    expect((await fetch(`${producer.url}/healthz`)).status).toBe(200);
  });
});
