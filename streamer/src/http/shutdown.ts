import type { Server } from 'node:http';
import type { Logger } from 'pino';
import type { Lifecycle } from './ops.js';

export type ShutdownOptions = {
  server: Server;
  lifecycle: Lifecycle;
  logger: Logger;
  /** Drains in-flight work and closes clients, in order. */
  close: () => Promise<void>;
  /** Must stay below the Kubernetes grace period (30 s by default). */
  deadlineMs?: number;
  /** Time for readiness 503 to reach load balancers before the listener closes. */
  drainDelayMs?: number;
};

/**
 * SIGTERM, SIGINT and unhandled rejections all take the same path: readiness goes 503,
 * the listener stops accepting, in-flight requests finish, `close` drains and closes
 * clients, and the process exits, or exits 1 when the deadline passes first.
 */
export function installShutdown(options: ShutdownOptions): (reason: string) => Promise<void> {
  const { server, lifecycle, logger } = options;
  const deadlineMs = options.deadlineMs ?? 20_000;
  let shuttingDown: Promise<void> | undefined;

  const shutdown = (reason: string): Promise<void> => {
    if (shuttingDown) return shuttingDown;
    lifecycle.state = 'draining';
    logger.info({ reason }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error({ deadlineMs }, 'shutdown deadline passed; exiting');
      process.exit(1);
    }, deadlineMs);
    timer.unref();
    shuttingDown = (async () => {
      await new Promise((resolve) => setTimeout(resolve, options.drainDelayMs ?? 0));
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await options.close();
      await closed;
      logger.info('stopped');
      clearTimeout(timer);
      process.exit(reason === 'unhandledRejection' ? 1 : 0);
    })();
    return shuttingDown;
  };

  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.on('unhandledRejection', (error) => {
    logger.error({ err: error }, 'unhandled rejection');
    void shutdown('unhandledRejection');
  });
  return shutdown;
}
