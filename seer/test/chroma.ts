import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from '@kafkloud/streamer/testing';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('../scripts/chroma-local.sh', import.meta.url));

export type TestChroma = {
  url: string;
  port: number;
  /** Where the script keeps the server's pid file and data. */
  dataDir: string;
  stop(): Promise<void>;
};

/** A private Chroma server (`chroma run`) in a temporary directory, on a free or given port. */
export async function startChroma(port?: number): Promise<TestChroma> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kafkloud-chroma-'));
  const chosen = port ?? (await freePort());
  const env = { ...process.env, KAFKLOUD_DATA_DIR: dataDir, CHROMA_PORT: String(chosen) };
  await run(SCRIPT, ['start'], { env });
  return {
    url: `http://127.0.0.1:${chosen}`,
    port: chosen,
    dataDir,
    async stop() {
      await run(SCRIPT, ['stop'], { env });
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
