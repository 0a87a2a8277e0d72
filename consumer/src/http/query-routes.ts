import { createHash } from 'node:crypto';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { eventIdSchema, EVENT_TYPES, rfc3339Schema } from '@kafkloud/streamer';
import { AppError, bearerAuth, methodNotAllowed } from '@kafkloud/streamer/http';
import { getConsumerStatus, type StatusSources } from '../domain/get-consumer-status.js';
import { getEventStatus } from '../domain/get-event-status.js';
import { getTimestamp } from '../domain/get-timestamp.js';
import { listEvents, MAX_PAGE_SIZE } from '../domain/list-events.js';
import type { EventStore } from '../domain/types.js';
import type { StreamHub } from './event-stream.js';

const single = z.string({ error: 'must be given once' });

const eventsQuerySchema = z
  .object({
    limit: single
      .regex(/^\d{1,6}$/, 'must be an integer')
      .transform(Number)
      .pipe(z.number().min(1).max(MAX_PAGE_SIZE))
      .default(50),
    cursor: single.min(1).max(200).optional(),
    type: z.enum(Object.values(EVENT_TYPES)).optional(),
    from: rfc3339Schema.optional(),
    to: rfc3339Schema.optional(),
  })
  .strict()
  .refine((query) => !query.from || !query.to || Date.parse(query.from) <= Date.parse(query.to), {
    message: 'from must not be after to',
    path: ['from'],
  });

const lastEventIdSchema = z
  .string()
  .regex(/^\d{1,15}$/, 'must be a non-negative integer')
  .transform(Number);

function parse<S extends z.ZodType>(schema: S, value: unknown, where: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new AppError('bad_request', `${where} is invalid`, {
    errors: result.error.issues.map((issue) => ({
      field: [where, ...issue.path.map(String)].join('.'),
      message: issue.message,
    })),
  });
}

function lastEventIdOf(req: Request): number | undefined {
  const header = req.get('last-event-id');
  const query = (req.query as Record<string, unknown>).lastEventId;
  if (header !== undefined && header !== '')
    return parse(lastEventIdSchema, header, 'header.Last-Event-ID');
  if (query !== undefined) return parse(lastEventIdSchema, query, 'query.lastEventId');
  return undefined;
}

export type QueryRoutesDeps = {
  apiTokens: readonly string[];
  store: EventStore;
  status: StatusSources;
  hub: StreamHub;
};

/**
 * Who holds a live stream, for the per-client limit: the caller's token (hashed; tokens are never
 * kept) and address, and the end client a token holder streams for. The portal relays one
 * stream per browser and names the browser in `X-Kafkloud-Client`; only a caller with a valid
 * token gets this far, so the header is trusted as far as the token is.
 */
function streamClientKey(req: Request): string {
  const token = createHash('sha256')
    .update(req.get('authorization') ?? '')
    .digest('base64url')
    .slice(0, 16);
  const endClient = (req.get('x-kafkloud-client') ?? '').slice(0, 200);
  return `${token} ${req.socket.remoteAddress ?? ''} ${endClient}`;
}

/** Everything behind the bearer token: status, queries and the live stream. */
export function queryRoutes(deps: QueryRoutesDeps): Router {
  const router = Router();
  const auth = bearerAuth(deps.apiTokens);
  const onlyGet = methodNotAllowed(['GET']);

  router.get('/status', auth, async (_req, res) => {
    res.json(await getConsumerStatus(deps.status));
  });
  router.get('/status/:id', auth, async (req, res) => {
    const id = parse(eventIdSchema, req.params.id, 'path.id');
    res.json(await getEventStatus(deps.store, id));
  });
  router.get('/events/stream', auth, async (req, res) => {
    const lastEventId = lastEventIdOf(req);
    await deps.hub.attach(req, res, lastEventId, streamClientKey(req));
  });
  router.get('/events', auth, async (req, res) => {
    const query = parse(eventsQuerySchema, req.query, 'query');
    res.json(
      await listEvents(deps.store, {
        limit: query.limit,
        ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
        ...(query.type === undefined ? {} : { type: query.type }),
        ...(query.from === undefined ? {} : { from: new Date(query.from) }),
        ...(query.to === undefined ? {} : { to: new Date(query.to) }),
      }),
    );
  });
  router.get('/api/v1/timestamp/:id', auth, async (req, res) => {
    const id = parse(z.uuid(), req.params.id, 'path.id');
    res.json(await getTimestamp(deps.store, id));
  });
  for (const path of [
    '/status',
    '/status/:id',
    '/events',
    '/events/stream',
    '/api/v1/timestamp/:id',
  ]) {
    router.all(path, onlyGet);
  }
  return router;
}
