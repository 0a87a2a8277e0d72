import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE } from '../src/topics.js';
import { createKafkaClient } from '../src/kafka/kafkajs.js';
import {
  eventually,
  silentLogger,
  startBroker,
  testKafkaClient,
  type OwnedBroker,
} from '../src/testing/index.js';

const run = promisify(execFile);

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function kcat(args: string[], input?: string): Promise<string> {
  const child = execFile('kcat', args, { timeout: 30_000 });
  const output = new Promise<string>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: string) => (stdout += chunk));
    child.stderr?.on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`kcat ${args.join(' ')}: ${stderr}`)),
    );
  });
  child.stdin?.end(input ?? '');
  return output;
}

describe('local Kafka, one node (streamer/scripts/kafka-local.sh)', () => {
  let broker: OwnedBroker;

  beforeAll(async () => {
    broker = await startBroker(1);
  });

  afterAll(async () => {
    await broker?.stop();
  });

  it('when started, then kcat lists the broker and every catalogue topic', async () => {
    const metadata = await kcat(['-b', broker.brokers[0]!, '-L']);
    expect(metadata).toContain(`broker 1 at ${broker.brokers[0]}`);
    for (const topic of CATALOGUE) expect(metadata).toContain(`topic "${topic.name}"`);
  });

  it('when a message is produced with kcat, then kcat consumes it back, also after a restart', async () => {
    const bootstrap = broker.brokers[0]!;
    await kcat(
      ['-b', bootstrap, '-P', '-t', 'seer.statements.v1', '-K:'],
      'k1:kept across restarts\n',
    );
    const consume = () =>
      kcat([
        '-b',
        bootstrap,
        '-C',
        '-t',
        'seer.statements.v1',
        '-o',
        'beginning',
        '-e',
        '-f',
        '%k=%s\\n',
      ]);
    expect(await consume()).toBe('k1=kept across restarts\n');

    await broker.halt();
    await expect(run('kcat', ['-b', bootstrap, '-L', '-m', '2'])).rejects.toThrow();
    await broker.resume();
    expect(await consume()).toBe('k1=kept across restarts\n');
  });

  it('when auto-creation would be needed, then the broker refuses to create the topic', async () => {
    const admin = testKafkaClient(broker.brokers).admin();
    await admin.connect();
    const producer = testKafkaClient(broker.brokers).producer();
    await producer.connect();
    await expect(
      producer.send([{ topic: 'not.in.catalogue', key: null, value: 'x' }]),
    ).rejects.toThrow();
    expect(await admin.listTopics()).not.toContain('not.in.catalogue');
    await producer.disconnect();
    await admin.disconnect();
  });
});

describe('local Kafka, three nodes (BROKERS=3)', () => {
  let cluster: OwnedBroker;

  beforeAll(async () => {
    cluster = await startBroker(3);
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it('when provisioned, then every topic has three replicas, all in sync, and min.insync.replicas 2', async () => {
    const admin = testKafkaClient(cluster.brokers).admin();
    await admin.connect();
    const described = await admin.describeTopics(CATALOGUE.map((t) => t.name));
    const configs = await admin.describeTopicConfigs(CATALOGUE.map((t) => t.name));
    await admin.disconnect();
    expect(described).toHaveLength(CATALOGUE.length);
    for (const topic of described) {
      for (const partition of topic.partitions) {
        expect(partition.replicas).toHaveLength(3);
        expect(partition.isr).toHaveLength(3);
      }
      expect(configs[topic.name]?.['min.insync.replicas']).toBe('2');
    }
  });

  it('when one broker is killed with -9, then produce and consume keep working', async () => {
    const victim = await cluster.pidOf(2);
    process.kill(victim, 'SIGKILL');
    const survivors = [cluster.brokers[0]!, cluster.brokers[2]!];
    // Leadership moves once the controller misses the broker's heartbeats (about 9 s), so the
    // client needs a retry budget longer than that.
    const client = createKafkaClient(
      { brokers: survivors, clientId: 'kafkloud-test-ha', retries: 12, maxRetryTimeMs: 3_000 },
      silentLogger,
    );

    await eventually(() => (isAlive(victim) ? undefined : true), {
      message: 'broker 2 still alive',
    });
    const producer = client.producer();
    // A connection caught mid-kill is reset; a client simply connects again.
    await eventually(() => producer.connect().then(() => true), { timeoutMs: 30_000 });
    const positions = await producer.send(
      Array.from({ length: 30 }, (_, i) => ({
        topic: 'kafkloud.events.v1',
        key: `after-kill-${i}`,
        value: `v${i}`,
      })),
    );
    await producer.disconnect();
    expect(positions).toHaveLength(30);

    const lines = await kcat([
      '-b',
      survivors.join(','),
      '-C',
      '-t',
      'kafkloud.events.v1',
      '-o',
      'beginning',
      '-e',
      '-f',
      '%k\\n',
    ]);
    const keys = new Set(lines.split('\n').filter((line) => line.startsWith('after-kill-')));
    expect(keys.size).toBe(30);
  });
});
