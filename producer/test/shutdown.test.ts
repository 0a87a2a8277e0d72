import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { acceptedSchema } from '@kafkloud/streamer';
import { createTestTopics, eventually, freePort } from '@kafkloud/streamer/testing';
import { describe, expect, it } from 'vitest';
import { TEST_TOKEN, authorized, brokersFromEnv, readRecords } from './helpers.js';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

describe('graceful shutdown of the producer process', () => {
  it('when SIGTERM arrives with requests in flight, then readiness turns 503, each request is answered 202 and is in Kafka, and the process exits 0', async () => {
    const brokers = brokersFromEnv();
    const topics = await createTestTopics(brokers);
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
      env: {
        ...process.env,
        PORT: String(port),
        KAFKA_BROKERS: brokers.join(','),
        KAFKLOUD_TOPIC_PREFIX: topics.prefix,
        KAFKLOUD_API_TOKENS: TEST_TOKEN,
        BROADCASTER_ENABLED: 'false',
        LOG_LEVEL: 'info',
        SHUTDOWN_DRAIN_DELAY_MS: '3000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = once(child, 'exit');
    const url = `http://127.0.0.1:${port}`;
    try {
      await eventually(
        async () =>
          (await fetch(`${url}/readyz`).catch(() => undefined))?.status === 200 ? true : undefined,
        { timeoutMs: 30_000, message: 'producer never became ready' },
      );
      const requests = Array.from({ length: 50 }, (_, n) =>
        fetch(`${url}/produce`, {
          method: 'POST',
          headers: {
            ...authorized,
            'content-type': 'application/json',
            correlationId: `shutdown-${n}`,
          },
          body: JSON.stringify({ data: { n } }),
        }).then(async (response) => ({
          status: response.status,
          body: (await response.json()) as unknown,
        })),
      );
      // Let the requests reach the server, then stop it while their sends are under way.
      await new Promise((resolve) => setTimeout(resolve, 20));
      child.kill('SIGTERM');
      await eventually(
        async () => ((await fetch(`${url}/readyz`)).status === 503 ? true : undefined),
        {
          timeoutMs: 2_500,
          intervalMs: 20,
          message: 'readiness did not turn 503 while draining',
        },
      );
      const answers = await Promise.all(requests);
      const [code] = (await exited) as [number | null];

      expect(code, output).toBe(0);
      expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 202));
      expect(output).toMatch(/"msg":"shutting down"/);
      expect(output).toMatch(/"msg":"stopped"/);
      const records = await readRecords(brokers, topics.topics.events, answers.length);
      const positions = new Set(records.map((record) => `${record.partition}/${record.offset}`));
      for (const answer of answers) {
        const accepted = acceptedSchema.parse(answer.body);
        expect(positions).toContain(`${accepted.partition}/${accepted.offset}`);
      }
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await topics.cleanup();
    }
  });
});
