import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestTopics,
  eventually,
  uniqueName,
  type TestTopics,
} from '@kafkloud/streamer/testing';
import {
  brokers,
  createTestDatabase,
  eventRecord,
  getJson,
  makeEvent,
  openMigrated,
  openStream,
  produce,
  startConsumer,
  testConfig,
  AUTH,
  type Backend,
  type RunningConsumer,
} from '../helpers.js';

type Persisted = { stage: 'persisted'; event: { id: string; partition: number; offset: string } };

function persistedOf(messages: readonly { id: string | undefined; data: string }[]) {
  return messages
    .map((message) => ({ seq: Number(message.id), ...(JSON.parse(message.data) as Persisted) }))
    .filter((message) => message.stage === 'persisted');
}

function expectOrderedWithinPartitions(
  items: readonly { event: { partition: number; offset: string } }[],
) {
  const lastOffset = new Map<number, bigint>();
  for (const { event } of items) {
    const offset = BigInt(event.offset);
    expect(offset > (lastOffset.get(event.partition) ?? -1n)).toBe(true);
    lastOffset.set(event.partition, offset);
  }
}

describe.each<Backend>(['postgres', 'pglite'])('query routes on %s', (backend) => {
  let topics: TestTopics;
  let drop: () => Promise<void>;
  let consumer: RunningConsumer;
  const group = uniqueName('consumer');

  beforeAll(async () => {
    topics = await createTestTopics(brokers());
    const created = await createTestDatabase(backend);
    drop = created.drop;
    const database = await openMigrated(created.target);
    consumer = await startConsumer(
      testConfig({ prefix: topics.prefix, group, target: created.target }),
      database,
    );
  });

  afterAll(async () => {
    await consumer?.stop();
    await drop?.();
    await topics?.cleanup([group]);
  });

  it('when an SSE client reads and reconnects with Last-Event-ID, then it gets every persisted event once, in partition order', async () => {
    const first = Array.from({ length: 300 }, (_, i) => makeEvent(i));
    const second = Array.from({ length: 300 }, (_, i) => makeEvent(1_000 + i));
    const stream = await openStream(`${consumer.baseUrl}/events/stream`);
    expect(stream.status).toBe(200);
    expect(stream.contentType).toMatch(/^text\/event-stream/);
    await produce(first.map((event) => eventRecord(topics.topics.events, event)));
    await eventually(
      () => (persistedOf(stream.messages).length >= first.length ? true : undefined),
      {
        timeoutMs: 20_000,
      },
    );
    await stream.close();
    const seen = persistedOf(stream.messages);
    const lastId = stream.messages.at(-1)?.id;
    expect(lastId).toMatch(/^\d+$/);

    // Written while no client is connected: the resumed stream must replay exactly these.
    await produce(second.map((event) => eventRecord(topics.topics.events, event)));
    await eventually(async () => {
      const { body } = await getJson(consumer.baseUrl, '/status');
      return (body as { totals: { events: number } }).totals.events === 600 ? true : undefined;
    });
    const resumed = await openStream(`${consumer.baseUrl}/events/stream`, {
      ...AUTH,
      'last-event-id': lastId!,
    });
    await eventually(
      () => (persistedOf(resumed.messages).length >= second.length ? true : undefined),
      {
        timeoutMs: 20_000,
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    await resumed.close();
    const rest = persistedOf(resumed.messages);

    const all = [...seen, ...rest];
    const ids = all.map((item) => item.event.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set([...first, ...second].map((event) => event.id)));
    expect(all.map((item) => item.seq)).toEqual(
      [...all.map((item) => item.seq)].sort((a, b) => a - b),
    );
    expectOrderedWithinPartitions(all);
  });

  it('when /events is paged with its cursor, then every event appears once, newest first, and filters apply', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/events?limit=250${cursor ? `&cursor=${cursor}` : ''}`;
      const { status, body } = await getJson(consumer.baseUrl, query);
      expect(status).toBe(200);
      const page = body as { items: { id: string }[]; nextCursor: string | null };
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.length).toBeGreaterThanOrEqual(600);
    expect(new Set(seen).size).toBe(seen.length);

    const filtered = await getJson(consumer.baseUrl, '/events?type=kafkloud.hello.v1&limit=5');
    expect(filtered.body).toEqual({ items: [], nextCursor: null });
    const future = await getJson(consumer.baseUrl, '/events?from=2999-01-01T00:00:00Z');
    expect((future.body as { items: unknown[] }).items).toHaveLength(0);
  });

  it.each([
    ['/events?limit=0', 'query.limit'],
    ['/events?limit=501', 'query.limit'],
    ['/events?limit=ten', 'query.limit'],
    ['/events?limit=1&limit=2', 'query.limit'],
    ['/events?cursor=not!base64', 'query.cursor'],
    [`/events?cursor=${Buffer.from('{"v":1,"seq":-4}').toString('base64url')}`, 'query.cursor'],
    ['/events?cursor=bm90anNvbg', 'query.cursor'],
    ['/events?from=yesterday', 'query.from'],
    ['/events?type=kafkloud.nope.v1', 'query.type'],
    ['/events?unknown=1', 'query'],
    ['/status/has%20space', 'path.id'],
    [`/status/${'x'.repeat(129)}`, 'path.id'],
    ['/api/v1/timestamp/not-a-uuid', 'path.id'],
    ['/events/stream?lastEventId=abc', 'query.lastEventId'],
  ])('when GET %s, then 400 problem+json naming %s', async (path, field) => {
    const { status, type, body } = await getJson(consumer.baseUrl, path);
    expect(status).toBe(400);
    expect(type).toMatch(/^application\/problem\+json/);
    const problem = body as { code: string; errors?: { field: string }[] };
    expect(problem.code).toBe('bad_request');
    expect(problem.errors?.some((error) => error.field.startsWith(field))).toBe(true);
  });

  it('when a query has no bearer token, then 401, while health, readiness, metrics and openapi stay open', async () => {
    expect((await getJson(consumer.baseUrl, '/events', {})).status).toBe(401);
    expect((await getJson(consumer.baseUrl, '/status', {})).status).toBe(401);
    expect((await getJson(consumer.baseUrl, '/healthz', {})).status).toBe(200);
    expect((await getJson(consumer.baseUrl, '/readyz', {})).body).toMatchObject({
      status: 'ready',
    });
    expect((await fetch(`${consumer.baseUrl}/metrics`)).status).toBe(200);
    const openapi = await getJson(consumer.baseUrl, '/openapi.json', {});
    expect(Object.keys((openapi.body as { paths: object }).paths)).toContain('/events/stream');
  });

  it('when /status is asked, then it reports totals, committed offsets and lag per partition', async () => {
    const { status, body } = await getJson(consumer.baseUrl, '/status');
    expect(status).toBe(200);
    const report = body as {
      group: string;
      partitions: { topic: string; committedOffset: string | null }[];
    };
    expect(report.group).toBe(group);
    expect(report.partitions.filter((p) => p.topic === topics.topics.events)).toHaveLength(3);
    expect(report.partitions.some((p) => p.committedOffset !== null)).toBe(true);
  });
});

describe('a slow stream client', () => {
  it('when an SSE client stops reading, then it is dropped while every event is still persisted', async () => {
    const topics = await createTestTopics(brokers());
    const created = await createTestDatabase('postgres');
    const group = uniqueName('consumer');
    const database = await openMigrated(created.target);
    const consumer = await startConsumer(
      testConfig({ prefix: topics.prefix, group, target: created.target }),
      database,
      { maxBufferedBytes: 64 * 1024 },
    );
    const socket = connect(Number(new URL(consumer.baseUrl).port), '127.0.0.1');
    try {
      await new Promise<void>((resolve) => socket.once('connect', resolve));
      socket.write(
        `GET /events/stream HTTP/1.1\r\nHost: x\r\nAuthorization: ${AUTH.authorization}\r\n\r\n`,
      );
      // Never read again: the server's socket buffers fill up.
      socket.pause();
      await eventually(() => (consumer.service.hub.clientCount() === 1 ? true : undefined));
      const events = Array.from({ length: 12_000 }, (_, i) => makeEvent(i));
      await produce(
        events.map((event) => eventRecord(topics.topics.events, event)),
        2_000,
      );
      await eventually(
        async () => {
          const { body } = await getJson(consumer.baseUrl, '/status');
          return (body as { totals: { events: number } }).totals.events === events.length
            ? true
            : undefined;
        },
        { timeoutMs: 60_000 },
      );
      await eventually(() => (consumer.service.hub.clientCount() === 0 ? true : undefined), {
        timeoutMs: 20_000,
      });
    } finally {
      socket.destroy();
      await consumer.stop();
      await created.drop();
      await topics.cleanup([group]);
    }
  });
});

describe('live stream limits', () => {
  it('when one client holds its limit of streams, then the next is refused with 429 until one closes, and another end client is admitted', async () => {
    const topics = await createTestTopics(brokers());
    const created = await createTestDatabase('pglite');
    const group = uniqueName('consumer');
    const database = await openMigrated(created.target);
    const consumer = await startConsumer(
      testConfig({ prefix: topics.prefix, group, target: created.target }),
      database,
      { maxStreamsPerClient: 2, maxStreams: 3 },
    );
    const url = `${consumer.baseUrl}/events/stream`;
    const open: Awaited<ReturnType<typeof openStream>>[] = [];
    try {
      open.push(await openStream(url), await openStream(url));
      expect(open.map((stream) => stream.status)).toEqual([200, 200]);

      const refused = await fetch(url, { headers: { ...AUTH, accept: 'text/event-stream' } });
      expect(refused.status).toBe(429);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await refused.json()) as { code: string }).code).toBe('rate_limited');

      const otherBrowser = await openStream(url, { ...AUTH, 'x-kafkloud-client': '203.0.113.7' });
      open.push(otherBrowser);
      expect(otherBrowser.status).toBe(200);
      const overall = await fetch(url, {
        headers: { ...AUTH, accept: 'text/event-stream', 'x-kafkloud-client': '203.0.113.8' },
      });
      expect(overall.status).toBe(429);

      await open.shift()?.close();
      await eventually(() => (consumer.service.hub.clientCount() === 2 ? true : undefined));
      const again = await openStream(url);
      open.push(again);
      expect(again.status).toBe(200);
    } finally {
      for (const stream of open) await stream.close();
      await consumer.stop();
      await created.drop();
      await topics.cleanup([group]);
    }
  });
});

describe('a new stream client', () => {
  it('when a client connects without Last-Event-ID, then it gets nothing persisted before it connected, also by another replica', async () => {
    const [mine, other] = [await createTestTopics(brokers()), await createTestTopics(brokers())];
    const created = await createTestDatabase('postgres');
    const groups = [uniqueName('consumer'), uniqueName('consumer')];
    // Two replicas on one database: rows the other writes reach this one's hub only by polling,
    // and a long poll interval keeps its shared cursor where its first client left it.
    const replica = await startConsumer(
      testConfig({ prefix: mine.prefix, group: groups[0]!, target: created.target }),
      await openMigrated(created.target),
      { pollMs: 60_000 },
    );
    const otherReplica = await startConsumer(
      testConfig({ prefix: other.prefix, group: groups[1]!, target: created.target }),
      await openMigrated(created.target),
    );
    const url = `${replica.baseUrl}/events/stream`;
    try {
      await (await openStream(url)).close();
      const before = Array.from({ length: 5 }, (_, i) => makeEvent(i));
      await produce(before.map((event) => eventRecord(other.topics.events, event)));
      await eventually(async () => {
        const { body } = await getJson(replica.baseUrl, '/status');
        return (body as { totals: { events: number } }).totals.events === 5 ? true : undefined;
      });

      const stream = await openStream(url);
      const after = makeEvent(100);
      await produce([eventRecord(mine.topics.events, after)]);
      await eventually(() => (persistedOf(stream.messages).length >= 1 ? true : undefined));
      await new Promise((resolve) => setTimeout(resolve, 500));
      await stream.close();
      expect(persistedOf(stream.messages).map((m) => m.event.id)).toEqual([after.id]);
    } finally {
      await replica.stop();
      await otherReplica.stop();
      await created.drop();
      await mine.cleanup([groups[0]!]);
      await other.cleanup([groups[1]!]);
    }
  });
});
