import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the whole stack of one e2e run is described, for the tests and the teardown. */
export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const OUT_DIR = fileURLToPath(new URL('../test-results/e2e-stack/', import.meta.url));
export const STATE_FILE = join(OUT_DIR, 'stack.json');
export const SCREENSHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

export type ServiceName = 'consumer' | 'producer' | 'seer' | 'portal';

export type Launch = {
  name: ServiceName;
  cwd: string;
  command: string[];
  env: Record<string, string>;
  port: number;
  readyPath: string;
};

export type StackState = {
  prefix: string;
  token: string;
  brokers: string[];
  dataDir: string;
  chromaPort: number;
  groups: string[];
  isBrokerOwned: boolean;
  urls: Record<ServiceName, string>;
  launches: Record<ServiceName, Launch>;
  pids: Partial<Record<ServiceName, number>>;
};

export function readState(): StackState {
  return JSON.parse(readFileSync(STATE_FILE, 'utf8')) as StackState;
}

export function writeState(state: StackState): void {
  writeFileSync(STATE_FILE, JSON.stringify(state, null, 2));
}

export async function waitReady(url: string, isAlive: () => boolean, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    if (!isAlive()) throw new Error(`${url}: the process exited before it was ready`);
    if (Date.now() > deadline) throw new Error(`${url}: not ready after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Starts one service detached, logging to the run's folder; resolves once it is ready. */
export async function launch(
  spec: Launch,
  onSpawn: (pid: number) => void = () => undefined,
): Promise<ChildProcess> {
  const log = openSync(join(OUT_DIR, `${spec.name}.log`), 'a');
  const [command, ...args] = spec.command;
  if (!command) throw new Error(`${spec.name}: no command`);
  const child = spawn(command, args, {
    cwd: spec.cwd,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      NODE_ENV: 'production',
      ...spec.env,
    },
    stdio: ['ignore', log, log],
    detached: true,
  });
  closeSync(log);
  child.unref();
  if (child.pid !== undefined) onSpawn(child.pid);
  let hasExited = false;
  child.once('exit', () => {
    hasExited = true;
  });
  await waitReady(`http://127.0.0.1:${spec.port}${spec.readyPath}`, () => !hasExited);
  return child;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
export async function stopPid(pid: number | undefined, graceMs = 15_000): Promise<void> {
  if (pid === undefined) return;
  const isAlive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!isAlive()) return;
  // Each service was started as the leader of its own process group (next start forks a server).
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-pid, name);
    } catch {
      process.kill(pid, name);
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive()) {
    if (Date.now() > deadline) {
      signal('SIGKILL');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function stopService(name: ServiceName): Promise<void> {
  const state = readState();
  await stopPid(state.pids[name]);
  delete state.pids[name];
  writeState(state);
}

export async function startService(name: ServiceName): Promise<void> {
  const state = readState();
  await launch(state.launches[name], (pid) => {
    state.pids[name] = pid;
    writeState(state);
  });
}
