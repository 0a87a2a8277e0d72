import {
  EVENT_TYPES,
  produceRequestSchema,
  rfc3339Schema,
  type Accepted,
} from '@kafkloud/streamer';
import {
  AppError,
  bearerAuth,
  methodNotAllowed,
  requireContentType,
} from '@kafkloud/streamer/http';
import type { Logger } from '@kafkloud/streamer/logger';
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import { publishEvent, type PublishDeps, type PublishInput } from '../domain/publish-event.js';
import { rateLimit, type RateLimit } from './rate-limit.js';

export type IngestOptions = {
  publish: PublishDeps;
  apiTokens: readonly string[];
  bodyLimitBytes: number;
  rateLimit: RateLimit;
};

const correlationOf = (res: Response) => res.locals.correlationId as string;

function accept(res: Response, accepted: Accepted) {
  (res.locals.log as Logger).debug(
    {
      id: accepted.id,
      type: accepted.type,
      partition: accepted.partition,
      offset: accepted.offset,
    },
    'event accepted',
  );
  res.status(202).json(accepted);
}

/** The write endpoints: bearer token, rate limit, JSON only, 202 once Kafka acknowledged. */
export function ingestRouter(options: IngestOptions): Router {
  const router = Router();
  const guard: RequestHandler[] = [
    bearerAuth(options.apiTokens),
    rateLimit(options.rateLimit),
    requireContentType(['application/json']),
    express.json({ limit: options.bodyLimitBytes, type: 'application/json', strict: true }),
  ];
  const publish = (res: Response, input: Omit<PublishInput, 'correlationId'>) =>
    publishEvent(options.publish, { ...input, correlationId: correlationOf(res) });
  const now = () => options.publish.now().toISOString();

  router.post('/produce', ...guard, async (req: Request, res: Response) => {
    const parsed = produceRequestSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      throw new AppError(
        'validation_failed',
        'the request body does not match the produce request',
        {
          errors: parsed.error.issues.map((issue) => ({
            field: issue.path.length > 0 ? `body.${issue.path.map(String).join('.')}` : 'body',
            message: issue.message,
          })),
        },
      );
    }
    const { type = EVENT_TYPES.message, data = {}, key } = parsed.data;
    // Whether `data` fits `type` (a DoIt's data is strict) is the event contract's call, made in
    // publishEvent: a ContractError there becomes a 400 naming the field.
    accept(
      res,
      await publish(res, { type, data, ...(key === undefined ? {} : { key }) } as PublishInput),
    );
  });

  const recordNow = async (_req: Request, res: Response) => {
    accept(
      res,
      await publish(res, { type: EVENT_TYPES.timestamp, data: { eventTimestamp: now() } }),
    );
  };
  router.post('/app', ...guard, recordNow);
  router.post('/api/v1/timestamp', ...guard, recordNow);
  router.post('/api/v1/timestamp/:timestamp', ...guard, async (req: Request, res: Response) => {
    const raw = req.params.timestamp ?? '';
    const parsed = rfc3339Schema.safeParse(raw);
    if (!parsed.success) {
      throw new AppError('bad_request', 'the timestamp is not an RFC 3339 date-time', {
        errors: [
          { field: 'path.timestamp', message: parsed.error.issues[0]?.message ?? 'invalid' },
        ],
      });
    }
    accept(
      res,
      await publish(res, { type: EVENT_TYPES.timestamp, data: { eventTimestamp: parsed.data } }),
    );
  });

  for (const path of ['/produce', '/app', '/api/v1/timestamp', '/api/v1/timestamp/:timestamp']) {
    router.all(path, methodNotAllowed(['POST']));
  }
  return router;
}
