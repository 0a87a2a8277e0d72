import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  createTestTopics,
  freePort,
  startOrReuseBroker,
  uniqueName,
} from '@kafkloud/streamer/testing';
import {
  launch,
  OUT_DIR,
  REPO,
  writeState,
  type Launch,
  type ServiceName,
  type StackState,
} from './stack';
import { tearDown } from './teardown';

const run = promisify(execFile);

function requireBuilt(path: string, hint: string) {
  if (!existsSync(join(REPO, path))) throw new Error(`${path} is missing: run ${hint} first`);
}

/**
 * The whole real stack for the run, beside anything else on the machine: the running broker
 * (or a private one), the catalogue under a random topic prefix, a private Chroma and data
 * directory, and producer, consumer, seer and portal on free ports, all pointing at each other.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  for (const svc of ['producer', 'consumer', 'seer']) {
    requireBuilt(`${svc}/dist/main.js`, `npm run build -w @kafkloud/${svc}`);
  }
  requireBuilt('portal/.next/BUILD_ID', 'npm run build -w @kafkloud/portal');
  rmSync(OUT_DIR, { recursive: true, force: true });
  mkdirSync(OUT_DIR, { recursive: true });

  const broker = await startOrReuseBroker();
  const topics = await createTestTopics(broker.brokers);
  const dataDir = await mkdtemp(join(tmpdir(), 'kafkloud-e2e-'));
  const token = randomBytes(24).toString('base64url');
  const [chromaPort, producerPort, consumerPort, seerPort, portalPort] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  const consumerGroup = uniqueName('e2e-consumer');
  const seerGroup = uniqueName('e2e-seer');

  const common = {
    HOST: '127.0.0.1',
    KAFKA_BROKERS: broker.brokers.join(','),
    KAFKLOUD_TOPIC_PREFIX: topics.prefix,
    KAFKLOUD_MODE: 'local',
    KAFKLOUD_DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
  };
  const services = { ...common, KAFKLOUD_API_TOKENS: token };
  const url = (port: number) => `http://127.0.0.1:${port}`;

  await run(join(REPO, 'seer/scripts/chroma-local.sh'), ['start'], {
    env: { ...process.env, KAFKLOUD_DATA_DIR: dataDir, CHROMA_PORT: String(chromaPort) },
  });
  await run('node', ['dist/cli/migrate.js'], {
    cwd: join(REPO, 'consumer'),
    env: { ...process.env, ...services },
  });

  const launches: Record<ServiceName, Launch> = {
    consumer: {
      name: 'consumer',
      cwd: join(REPO, 'consumer'),
      command: ['node', 'dist/main.js'],
      env: { ...services, PORT: String(consumerPort), CONSUMER_GROUP: consumerGroup },
      port: consumerPort,
      readyPath: '/readyz',
    },
    producer: {
      name: 'producer',
      cwd: join(REPO, 'producer'),
      command: ['node', 'dist/main.js'],
      env: {
        ...services,
        PORT: String(producerPort),
        BROADCASTER_ENABLED: 'true',
        BROADCASTER_MIN_INTERVAL_MS: '1000',
        BROADCASTER_MAX_INTERVAL_MS: '10000',
      },
      port: producerPort,
      readyPath: '/readyz',
    },
    seer: {
      name: 'seer',
      cwd: join(REPO, 'seer'),
      command: ['node', 'dist/main.js'],
      env: {
        ...services,
        PORT: String(seerPort),
        CHROMA_URL: url(chromaPort),
        SEER_GROUP: seerGroup,
        SEER_COLLECTION: uniqueName('e2e'),
      },
      port: seerPort,
      readyPath: '/readyz',
    },
    portal: {
      name: 'portal',
      cwd: join(REPO, 'portal'),
      command: [
        'node',
        join(REPO, 'node_modules/next/dist/bin/next'),
        'start',
        '-H',
        '127.0.0.1',
        '-p',
        String(portalPort),
      ],
      env: {
        ...common,
        NODE_ENV: 'production',
        NEXT_TELEMETRY_DISABLED: '1',
        PORT: String(portalPort),
        PRODUCER_URL: url(producerPort),
        CONSUMER_URL: url(consumerPort),
        SEER_URL: url(seerPort),
        KAFKLOUD_API_TOKEN: token,
      },
      port: portalPort,
      readyPath: '/readyz',
    },
  };

  const state: StackState = {
    prefix: topics.prefix,
    token,
    brokers: broker.brokers,
    dataDir,
    chromaPort,
    groups: [consumerGroup, seerGroup],
    isBrokerOwned: broker.isOwned,
    urls: {
      consumer: url(consumerPort),
      producer: url(producerPort),
      seer: url(seerPort),
      portal: url(portalPort),
    },
    launches,
    pids: {},
  };
  writeState(state);
  const teardown = async () => {
    await tearDown();
    await broker.stop();
  };
  try {
    for (const name of ['consumer', 'seer', 'producer', 'portal'] as const) {
      await launch(launches[name], (pid) => {
        state.pids[name] = pid;
        writeState(state);
      });
    }
  } catch (error) {
    await teardown();
    throw error;
  }
  process.env.PORTAL_URL = state.urls.portal;
  return teardown;
}
