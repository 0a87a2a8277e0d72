import { execFile, execFileSync } from 'node:child_process';
import { chmod, chown, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './index.js';

const run = promisify(execFile);

async function postgresBin(): Promise<string> {
  const versions = (await readdir('/usr/lib/postgresql')).sort((a, b) => Number(b) - Number(a));
  if (!versions[0]) throw new Error('no PostgreSQL binaries under /usr/lib/postgresql');
  return `/usr/lib/postgresql/${versions[0]}/bin`;
}

/** initdb refuses to run as root, so the binaries run as the postgres user then. */
async function runPg(args: string[]): Promise<void> {
  const command = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--', ...args] : args;
  await run(command[0]!, command.slice(1), { timeout: 60_000 });
}

export type PrivatePostgres = {
  port: number;
  /** The `postgres` database; create test databases through it. */
  adminUrl: string;
  /** Fast shutdown: running transactions are rolled back, clients are disconnected. */
  halt(): Promise<void>;
  resume(): Promise<void>;
  destroy(): Promise<void>;
};

/**
 * A private PostgreSQL server from Debian's binaries, in a temporary directory on a free port,
 * that a test may stop and start at will (the shared server on :5432 is never touched).
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = await postgresBin();
  const dir = await mkdtemp(join(tmpdir(), 'kafkloud-pg-'));
  await chmod(dir, 0o777);
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    await chown(dir, uid, gid);
  }
  const dataDir = join(dir, 'data');
  const port = await freePort();
  await runPg([`${bin}/initdb`, '-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const resume = () =>
    runPg([`${bin}/pg_ctl`, '-D', dataDir, '-o', options, '-w', '-l', join(dir, 'log'), 'start']);
  const halt = () => runPg([`${bin}/pg_ctl`, '-D', dataDir, '-m', 'fast', '-w', 'stop']);
  await resume();
  return {
    port,
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    halt,
    resume,
    async destroy() {
      await halt().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
