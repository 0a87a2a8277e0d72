import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';

export type ServiceProcess = {
  name: string;
  readonly pid: number;
  /** Starts the process (again) and waits until `readyUrl` answers 200. */
  start(): Promise<void>;
  /** Sends a signal; SIGKILL and SIGTERM wait for the exit. */
  signal(signal: NodeJS.Signals): Promise<void>;
  isRunning(): boolean;
};

/**
 * A kafkloud service run as a child process (`node dist/main.js` in its workspace), its output
 * appended to `logFile`, so tests can kill -9 it and start it again on the same port.
 */
export function serviceProcess(options: {
  name: string;
  cwd: string;
  command: string[];
  env: NodeJS.ProcessEnv;
  readyUrl: string;
  logFile: string;
  readyTimeoutMs?: number;
}): ServiceProcess {
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const log = createWriteStream(options.logFile, { flags: 'a' });

  return {
    name: options.name,
    get pid() {
      return child?.pid ?? -1;
    },
    isRunning: () => child !== undefined && child.exitCode === null && child.signalCode === null,
    async start() {
      const [command, ...args] = options.command;
      child = spawn(command!, args, { cwd: options.cwd, env: options.env, stdio: 'pipe' });
      child.stdout?.pipe(log, { end: false });
      child.stderr?.pipe(log, { end: false });
      const current = child;
      exited = new Promise((resolve) => current.once('exit', () => resolve()));
      const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
      for (;;) {
        if (current.exitCode !== null) {
          throw new Error(
            `${options.name} exited with ${current.exitCode}; see ${options.logFile}`,
          );
        }
        const isReady = await fetch(options.readyUrl, { signal: AbortSignal.timeout(1_000) })
          .then((res) => res.ok)
          .catch(() => false);
        if (isReady) return;
        if (Date.now() > deadline)
          throw new Error(`${options.name} not ready; see ${options.logFile}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    async signal(signal) {
      if (!child || child.exitCode !== null) return;
      child.kill(signal);
      if (signal === 'SIGKILL' || signal === 'SIGTERM' || signal === 'SIGINT') await exited;
    },
  };
}
