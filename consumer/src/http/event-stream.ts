import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { toStoredEvent } from '../domain/list-events.js';
import type { EventStore, StageChange } from '../domain/types.js';

export type StreamHubOptions = {
  store: EventStore;
  logger: Logger;
  heartbeatMs?: number;
  /** Catches rows written by other replicas; local writes notify at once. */
  pollMs?: number;
  /** A client whose unsent output exceeds this is dropped; it reconnects with Last-Event-ID. */
  maxBufferedBytes?: number;
  pageSize?: number;
};

type Client = {
  res: Response;
  /** seq of the last stage change this client has been given (or skipped). */
  lastSeq: number;
  isLive: boolean;
  isClosed: boolean;
};

export type StreamHub = {
  /** Serves one SSE client from `lastEventId` (exclusive), or from now when absent. */
  attach(req: Request, res: Response, lastEventId: number | undefined): Promise<void>;
  /** Rows were committed: look for them now instead of at the next poll. */
  notify(): void;
  clientCount(): number;
  close(): void;
};

function frame(change: Exclude<StageChange, { stage: 'produced' }>): string {
  const payload =
    change.stage === 'persisted'
      ? { stage: 'persisted', event: toStoredEvent(change.event) }
      : { stage: 'learned', id: change.eventId, at: change.at };
  return `id: ${change.seq}\ndata: ${JSON.stringify(payload)}\n\n`;
}

/**
 * Fans persisted events and stage changes out to Server-Sent Events clients. One shared reader
 * follows the table for live clients; a client resuming from Last-Event-ID first reads its gap
 * on its own, then joins the live feed. Writes never wait for a client: a client that cannot
 * keep up is disconnected, so memory per client stays bounded and the pipeline never slows.
 */
export function createStreamHub(options: StreamHubOptions): StreamHub {
  const { store, logger } = options;
  const pageSize = options.pageSize ?? 500;
  const maxBufferedBytes = options.maxBufferedBytes ?? 1_048_576;
  const clients = new Set<Client>();
  let cursor: number | undefined;
  let isPolling = false;
  let isPollRequested = false;
  let isClosed = false;

  function drop(client: Client, reason: string): void {
    if (client.isClosed) return;
    client.isClosed = true;
    clients.delete(client);
    logger.info({ reason, lastSeq: client.lastSeq }, 'stream client dropped');
    client.res.destroy();
  }

  function deliver(client: Client, changes: readonly StageChange[]): void {
    for (const change of changes) {
      if (client.isClosed) return;
      if (change.seq <= client.lastSeq) continue;
      client.lastSeq = change.seq;
      if (change.stage === 'produced') continue;
      client.res.write(frame(change));
      if (client.res.writableLength > maxBufferedBytes) {
        drop(client, 'client too slow');
        return;
      }
    }
  }

  async function ensureCursor(): Promise<number> {
    cursor ??= await store.lastStageSeq();
    return cursor;
  }

  async function poll(): Promise<void> {
    if (isPolling) {
      isPollRequested = true;
      return;
    }
    isPolling = true;
    try {
      do {
        isPollRequested = false;
        let from = await ensureCursor();
        if (![...clients].some((client) => client.isLive)) {
          cursor = Math.max(from, await store.lastStageSeq());
          continue;
        }
        for (;;) {
          const changes = await store.stageChangesAfter(from, pageSize);
          const last = changes.at(-1);
          if (!last) break;
          // The cursor moves before delivery, so a client switching to live never misses a page.
          cursor = from = last.seq;
          for (const client of clients) if (client.isLive) deliver(client, changes);
          if (changes.length < pageSize) break;
        }
      } while (isPollRequested && !isClosed);
    } catch (error) {
      logger.warn({ err: error }, 'stream poll failed');
    } finally {
      isPolling = false;
    }
  }

  async function catchUp(client: Client): Promise<void> {
    while (!client.isClosed) {
      const changes = await store.stageChangesAfter(client.lastSeq, pageSize);
      deliver(client, changes);
      if (changes.length < pageSize && client.lastSeq >= (await ensureCursor())) {
        // Synchronous with the check above: no live page can slip between them.
        client.isLive = true;
        return;
      }
    }
  }

  const pollTimer = setInterval(() => void poll(), options.pollMs ?? 1_000);
  pollTimer.unref();
  const heartbeatTimer = setInterval(() => {
    for (const client of clients) {
      client.res.write(`: heartbeat ${new Date().toISOString()}\n\n`);
      if (client.res.writableLength > maxBufferedBytes) drop(client, 'client too slow');
    }
  }, options.heartbeatMs ?? 15_000);
  heartbeatTimer.unref();

  return {
    async attach(req, res, lastEventId) {
      res.status(200);
      res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Connection', 'keep-alive');
      res.setHeader('X-Accel-Buffering', 'no');
      res.flushHeaders();
      res.write('retry: 2000\n\n');
      const client: Client = {
        res,
        lastSeq: lastEventId ?? (await ensureCursor()),
        isLive: false,
        isClosed: false,
      };
      clients.add(client);
      req.on('close', () => {
        client.isClosed = true;
        clients.delete(client);
      });
      try {
        await catchUp(client);
      } catch (error) {
        logger.warn({ err: error }, 'stream catch-up failed');
        drop(client, 'catch-up failed');
      }
    },
    notify() {
      void poll();
    },
    clientCount: () => clients.size,
    close() {
      isClosed = true;
      clearInterval(pollTimer);
      clearInterval(heartbeatTimer);
      for (const client of clients) {
        client.isClosed = true;
        client.res.end();
      }
      clients.clear();
    },
  };
}
