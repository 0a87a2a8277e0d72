import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { AppError } from '@kafkloud/streamer/http';
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
  /** Open streams one client (see `attach`) may hold; more are refused with 429. */
  maxStreamsPerClient?: number;
  /** Open streams in all; a bound on the memory and sockets the hub can tie up. */
  maxStreams?: number;
};

/** How long a refused client should wait before trying again, in seconds. */
const STREAM_RETRY_AFTER_SECONDS = 5;

type Client = {
  key: string;
  res: Response;
  /** seq of the last stage change this client has been given (or skipped). */
  lastSeq: number;
  isLive: boolean;
  isClosed: boolean;
};

export type StreamHub = {
  /**
   * Serves one SSE client from `lastEventId` (exclusive), or from now when absent. `clientKey`
   * names who is asking; it rejects with a 429 AppError, before anything is written, when that
   * client or the hub as a whole already holds its limit of open streams.
   */
  attach(
    req: Request,
    res: Response,
    lastEventId: number | undefined,
    clientKey: string,
  ): Promise<void>;
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
  const maxStreamsPerClient = options.maxStreamsPerClient ?? 8;
  const maxStreams = options.maxStreams ?? 1_000;
  const clients = new Set<Client>();
  const streamsByKey = new Map<string, number>();

  function release(client: Client): void {
    const open = (streamsByKey.get(client.key) ?? 1) - 1;
    if (open > 0) streamsByKey.set(client.key, open);
    else streamsByKey.delete(client.key);
  }

  function admit(key: string): void {
    if (clients.size >= maxStreams) {
      throw new AppError('rate_limited', `the live stream is at its limit of ${maxStreams}`, {
        retryAfter: STREAM_RETRY_AFTER_SECONDS,
      });
    }
    const open = streamsByKey.get(key) ?? 0;
    if (open >= maxStreamsPerClient) {
      throw new AppError(
        'rate_limited',
        `at most ${maxStreamsPerClient} live streams per client; close one first`,
        { retryAfter: STREAM_RETRY_AFTER_SECONDS },
      );
    }
    streamsByKey.set(key, open + 1);
  }
  let cursor: number | undefined;
  let isPolling = false;
  let isPollRequested = false;
  let isClosed = false;

  function drop(client: Client, reason: string): void {
    if (client.isClosed) return;
    client.isClosed = true;
    if (clients.delete(client)) release(client);
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
    async attach(req, res, lastEventId, clientKey) {
      admit(clientKey);
      res.status(200);
      res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Connection', 'keep-alive');
      res.setHeader('X-Accel-Buffering', 'no');
      res.flushHeaders();
      res.write('retry: 2000\n\n');
      const client: Client = { key: clientKey, res, lastSeq: 0, isLive: false, isClosed: false };
      clients.add(client);
      req.on('close', () => {
        client.isClosed = true;
        if (clients.delete(client)) release(client);
      });
      try {
        // "From now" is the newest committed change, read afresh: the shared cursor may trail
        // the table by a poll interval, and would replay changes from before the connection.
        client.lastSeq = lastEventId ?? (await store.lastStageSeq());
      } catch (error) {
        logger.warn({ err: error }, 'stream start failed');
        drop(client, 'start failed');
        return;
      }
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
      streamsByKey.clear();
    },
  };
}
