import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { testKafkaClient } from '@kafkloud/streamer/testing';
import { topicNames } from '@kafkloud/streamer';
import { readState, REPO, stopPid } from './stack';

const run = promisify(execFile);

/** Stops what the setup started and removes the run's topics, groups and data. */
export async function tearDown(): Promise<void> {
  const state = readState();
  for (const name of ['portal', 'producer', 'seer', 'consumer'] as const) {
    await stopPid(state.pids[name]);
  }
  await run(join(REPO, 'seer/scripts/chroma-local.sh'), ['stop'], {
    env: {
      ...process.env,
      KAFKLOUD_DATA_DIR: state.dataDir,
      CHROMA_PORT: String(state.chromaPort),
    },
  }).catch(() => undefined);
  const admin = testKafkaClient(state.brokers, 'kafkloud-e2e-cleanup').admin();
  await admin.connect();
  try {
    await admin.deleteGroups(state.groups).catch(() => undefined);
    await admin.deleteTopics(Object.values(topicNames(state.prefix)));
  } finally {
    await admin.disconnect();
  }
  await rm(state.dataDir, { recursive: true, force: true });
}
