import { askResponseSchema, problemSchema, statementCodec } from '@kafkloud/streamer';
import type { Producer } from '@kafkloud/streamer/kafka';
import {
  createTestTopics,
  eventually,
  freePort,
  testKafkaClient,
  uniqueName,
  type TestTopics,
} from '@kafkloud/streamer/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChroma, type TestChroma } from '../chroma.js';
import { askJson, brokersFromEnv, startSeer, type RunningSeer } from '../helpers.js';

const brokers = brokersFromEnv();
const group = uniqueName('seer-outage');
let testTopics: TestTopics;
let running: RunningSeer;
let producer: Producer;
let chroma: TestChroma | undefined;
let chromaPort: number;

beforeAll(async () => {
  testTopics = await createTestTopics(brokers);
  chromaPort = await freePort();
  running = await startSeer({
    KAFKLOUD_TOPIC_PREFIX: testTopics.prefix,
    CHROMA_URL: `http://127.0.0.1:${chromaPort}`,
    SEER_GROUP: group,
  });
  await running.seer.startConsuming();
  producer = testKafkaClient(brokers, 'seer-outage-producer').producer();
  await producer.connect();
});

afterAll(async () => {
  await producer?.disconnect();
  await running?.close();
  await chroma?.stop();
  await testTopics?.cleanup([group]);
});

describe('when Chroma is unreachable', () => {
  it('then /ask is 503 with Retry-After, /readyz is 503, and a statement waits and is learned once Chroma is back', async () => {
    const ask = await running.call('/ask', askJson('What do blorfs do at dawn?'));
    expect(ask.status).toBe(503);
    expect(ask.headers.get('retry-after')).toBe('2');
    expect(problemSchema.parse(await ask.json()).code).toBe('unavailable');

    await producer.send([
      {
        topic: testTopics.topics.seerStatements,
        key: null,
        value: statementCodec.encode('Blorfs hum softly at dawn.'),
      },
    ]);
    const degraded = await eventually(async () => {
      const response = await fetch(`${running.url}/readyz`);
      const body = (await response.json()) as { checks: Record<string, { ok: boolean }> };
      return response.status === 503 && body.checks.learning?.ok === false ? body : undefined;
    });
    expect(degraded.checks.chroma?.ok).toBe(false);

    chroma = await startChroma(chromaPort);
    const answer = await eventually(
      async () => {
        const response = await running.call('/ask', askJson('What do blorfs do at dawn?'));
        if (response.status !== 200) return undefined;
        const body = askResponseSchema.parse(await response.json());
        return body.isKnown ? body : undefined;
      },
      { timeoutMs: 30_000 },
    );
    expect(answer.sources[0]?.text).toBe('Blorfs hum softly at dawn.');
    await eventually(async () => ((await fetch(`${running.url}/readyz`)).ok ? true : undefined));
  });
});
