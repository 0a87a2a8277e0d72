import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { acceptedSchema, eventCodec, type Accepted } from '@kafkloud/streamer';
import { createTestTopics, testKafkaClient, type TestTopics } from '@kafkloud/streamer/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TEST_TOKEN,
  authorized,
  brokersFromEnv,
  readRecords,
  startProducer,
  testConfig,
  type RunningProducer,
} from '../helpers.js';

const curl = promisify(execFile);

describe('ingest endpoints against a real broker', () => {
  const brokers = brokersFromEnv();
  let topics: TestTopics;
  let producer: RunningProducer;
  const accepted: Accepted[] = [];

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

  async function post(
    path: string,
    init: { body?: string; headers?: Record<string, string> } = {},
  ) {
    const response = await fetch(`${producer.url}${path}`, {
      method: 'POST',
      headers: {
        ...authorized,
        ...(init.body ? { 'content-type': 'application/json' } : {}),
        ...init.headers,
      },
      ...(init.body ? { body: init.body } : {}),
    });
    const body = (await response.json()) as unknown;
    if (response.status === 202) accepted.push(acceptedSchema.parse(body));
    return { status: response.status, headers: response.headers, body };
  }

  it('when the curl calls of the original assignment are made, then both are accepted', async () => {
    const app = await curl('curl', [
      '-s',
      '-X',
      'POST',
      `${producer.url}/app`,
      '-H',
      `Authorization: Bearer ${TEST_TOKEN}`,
    ]);
    const timestamp = await curl('curl', [
      '-s',
      '-i',
      '-X',
      'POST',
      `${producer.url}/api/v1/timestamp/2009-09-28T19:03:12Z`,
      '--header',
      'correlationId: 52f2665d-c087-42e5-a571-89061021a37c',
      '-H',
      `Authorization: Bearer ${TEST_TOKEN}`,
    ]);
    const appBody = acceptedSchema.parse(JSON.parse(app.stdout));
    expect(appBody.type).toBe('kafkloud.timestamp.v1');
    accepted.push(appBody);

    const [head = '', body = ''] = timestamp.stdout.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 202/);
    expect(head).toMatch(/^correlationId: 52f2665d-c087-42e5-a571-89061021a37c$/im);
    const timestampBody = acceptedSchema.parse(JSON.parse(body));
    expect(timestampBody.correlationId).toBe('52f2665d-c087-42e5-a571-89061021a37c');
    accepted.push(timestampBody);
  });

  it('when every endpoint is called, then each answers 202 with its own correlation id', async () => {
    const calls = [
      post('/produce'),
      post('/produce', { body: JSON.stringify({ data: { hello: ['world', 1, null] } }) }),
      post('/produce', {
        body: JSON.stringify({ type: 'kafkloud.doit.v1', data: { label: 'DoIt' } }),
      }),
      post('/produce', { body: JSON.stringify({ key: 'customer-7', data: 'text' }) }),
      post('/app', { headers: { correlationId: 'app-call-1' } }),
      post('/api/v1/timestamp'),
      post('/api/v1/timestamp/2024-02-29T23:59:59.123+05:30'),
    ];
    const results = await Promise.all(calls);
    for (const result of results) {
      expect(result.status).toBe(202);
      expect(result.headers.get('correlationId')).toBe((result.body as Accepted).correlationId);
    }
    expect((results[4]?.body as Accepted).correlationId).toBe('app-call-1');
    expect((results[6]?.body as Accepted).type).toBe('kafkloud.timestamp.v1');
  });

  it('when input is bad, then no record is written and the answer is problem+json', async () => {
    const cases: [string, RequestInit, number][] = [
      ['/api/v1/timestamp/2009-02-30T10:00:00Z', {}, 400],
      ['/api/v1/timestamp/yesterday', {}, 400],
      ['/produce', { body: '{"data":', headers: { 'content-type': 'application/json' } }, 400],
      [
        '/produce',
        { body: '{"type":"kafkloud.hello.v1"}', headers: { 'content-type': 'application/json' } },
        400,
      ],
      [
        '/produce',
        {
          body: '{"type":"kafkloud.doit.v1","data":{"x":1}}',
          headers: { 'content-type': 'application/json' },
        },
        400,
      ],
      [
        '/produce',
        { body: 'x=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
        415,
      ],
      [
        '/produce',
        {
          body: JSON.stringify({ data: 'x'.repeat(70_000) }),
          headers: { 'content-type': 'application/json' },
        },
        413,
      ],
      ['/app', { headers: { correlationId: 'not valid!' } }, 400],
    ];
    for (const [path, init, status] of cases) {
      const response = await fetch(`${producer.url}${path}`, {
        method: 'POST',
        ...init,
        headers: { ...authorized, ...(init.headers as Record<string, string>) },
      });
      expect(response.status, path).toBe(status);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(((await response.json()) as { status: number }).status).toBe(status);
    }
    const unauthorized = await fetch(`${producer.url}/app`, { method: 'POST' });
    expect(unauthorized.status).toBe(401);
    const wrongToken = await fetch(`${producer.url}/app`, {
      method: 'POST',
      headers: { authorization: 'Bearer wrong-token-0123456789' },
    });
    expect(wrongToken.status).toBe(401);
    const wrongMethod = await fetch(`${producer.url}/produce`, { method: 'GET' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    const unknown = await fetch(`${producer.url}/nowhere`, { method: 'POST', headers: authorized });
    expect(unknown.status).toBe(404);
  });

  it('when the ops endpoints are called without a token, then they answer', async () => {
    expect((await fetch(`${producer.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${producer.url}/readyz`);
    expect(ready.status).toBe(200);
    const metrics = await (await fetch(`${producer.url}/metrics`)).text();
    expect(metrics).toMatch(
      /http_request_duration_seconds_bucket\{[^}]*route="\/produce"[^}]*status="202"/,
    );
    expect(metrics).toMatch(
      /producer_kafka_send_duration_seconds_count\{[^}]*outcome="acknowledged"\} [1-9]/,
    );
    expect(metrics).toMatch(/producer_kafka_batch_records_count\{[^}]*\} [1-9]/);
    expect(metrics).toMatch(/producer_in_flight_events\{[^}]*\} 0/);
    const unauthorized = await fetch(`${producer.url}/openapi.json`);
    expect(unauthorized.status).toBe(401);
    const openapi = (await (
      await fetch(`${producer.url}/openapi.json`, {
        headers: { authorization: `Bearer ${TEST_TOKEN}` },
      })
    ).json()) as {
      openapi: string;
    };
    expect(openapi.openapi).toBe('3.1.0');
  });

  it('when 1,000 POSTs arrive at once, then there are 1,000 distinct acknowledged records', async () => {
    const before = accepted.length;
    const results = await Promise.all(
      Array.from({ length: 1_000 }, (_, index) =>
        post('/produce', { body: JSON.stringify({ data: { index } }) }),
      ),
    );
    expect(results.filter((result) => result.status === 202)).toHaveLength(1_000);
    const batch = accepted.slice(before);
    expect(new Set(batch.map((a) => a.id)).size).toBe(1_000);
    expect(new Set(batch.map((a) => `${a.partition}/${a.offset}`)).size).toBe(1_000);
    const metrics = await (await fetch(`${producer.url}/metrics`)).text();
    const sends = Number(/producer_kafka_batch_records_count\{[^}]*\} (\d+)/.exec(metrics)?.[1]);
    const single = Number(
      /producer_kafka_batch_records_bucket\{le="1"[^}]*\} (\d+)/.exec(metrics)?.[1],
    );
    // Coalescing: some Kafka sends carried more than one record (how many is the benchmark's
    // business, not a test's).
    expect(sends).toBeGreaterThan(0);
    expect(single).toBeLessThan(sends);
  });

  it('when every 202 so far is looked up in Kafka, then exactly one valid record sits at each returned position', async () => {
    const records = await readRecords(brokers, topics.topics.events, accepted.length);
    const admin = testKafkaClient(brokers).admin();
    await admin.connect();
    const offsets = await admin.topicOffsets(topics.topics.events);
    await admin.disconnect();
    const total = offsets.reduce((sum, { high, low }) => sum + Number(high) - Number(low), 0);
    // Nothing but acknowledged requests reached the topic: no record without a 202, no duplicate.
    expect(total).toBe(accepted.length);
    expect(records).toHaveLength(accepted.length);

    const byPosition = new Map(
      records.map((record) => [`${record.partition}/${record.offset}`, record]),
    );
    for (const answer of accepted) {
      const record = byPosition.get(`${answer.partition}/${answer.offset}`);
      expect(record, `${answer.partition}/${answer.offset}`).toBeDefined();
      if (!record) continue;
      const event = eventCodec.decode(record.value);
      expect(event.id).toBe(answer.id);
      expect(event.type).toBe(answer.type);
      expect(event.correlationid).toBe(answer.correlationId);
      expect(record.headers.correlationId).toBe(answer.correlationId);
      expect(answer.topic).toBe(topics.topics.events);
      expect(event.id).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
    }
    const keyed = accepted.find(
      (answer) =>
        byPosition.get(`${answer.partition}/${answer.offset}`)?.key?.toString() === 'customer-7',
    );
    expect(keyed).toBeDefined();
    const stamped = records
      .map((record) => eventCodec.decode(record.value))
      .filter((event) => event.type === 'kafkloud.timestamp.v1')
      .map((event) => (event.data as { eventTimestamp: string }).eventTimestamp);
    expect(stamped).toContain('2009-09-28T19:03:12Z');
    expect(stamped).toContain('2024-02-29T23:59:59.123+05:30');
  });
});
