import {
  AppError,
  bearerAuth,
  correlation,
  httpMetrics,
  isAppError,
  methodNotAllowed,
  notFound,
  opsRouter,
  problemHandler,
  securityHeaders,
  type Lifecycle,
  type ReadinessCheck,
} from '@kafkloud/streamer/http';
import type { Logger } from '@kafkloud/streamer/logger';
import express, { type ErrorRequestHandler, type Express } from 'express';
import type { Registry } from 'prom-client';
import type { PublishDeps } from './domain/publish-event.js';
import { ingestRouter } from './http/ingest-routes.js';
import { openApiDocument } from './http/openapi.js';
import type { RateLimit } from './http/rate-limit.js';
import { inFlightRequests } from './metrics.js';

export type AppDeps = {
  logger: Logger;
  lifecycle: Lifecycle;
  registry: Registry;
  checks: Record<string, ReadinessCheck>;
  publish: PublishDeps;
  apiTokens: readonly string[];
  bodyLimitBytes: number;
  rateLimit: RateLimit;
};

/**
 * Express's router throws plain errors with a 4xx `status` for requests it cannot route, such
 * as a path parameter with broken percent-encoding; they are the client's fault, not a 500.
 */
const clientErrors: ErrorRequestHandler = (error, _req, _res, next) => {
  const status = (error as { status?: unknown } | undefined)?.status;
  const hasParserType = typeof (error as { type?: unknown } | undefined)?.type === 'string';
  if (
    !isAppError(error) &&
    !hasParserType &&
    typeof status === 'number' &&
    status >= 400 &&
    status < 500
  ) {
    next(new AppError('bad_request', 'the request could not be understood', { cause: error }));
    return;
  }
  next(error);
};

/** Builds the producer's HTTP app; never listens. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.set('query parser', false);
  // Every answer is unique (ids, offsets) and marked no-store: an ETag would be hashing for nothing.
  app.set('etag', false);

  const inFlight = inFlightRequests(deps.registry);
  app.use((_req, res, next) => {
    inFlight.inc();
    res.once('close', () => inFlight.dec());
    next();
  });
  app.use(securityHeaders());
  app.use(httpMetrics(deps.registry));
  app.use(correlation(deps.logger));

  app.use(opsRouter({ lifecycle: deps.lifecycle, checks: deps.checks, registry: deps.registry }));
  const document = JSON.stringify(openApiDocument());
  // Only health, readiness and metrics are open; the API description needs a token like the API.
  app.get('/openapi.json', bearerAuth(deps.apiTokens), (_req, res) => {
    res.type('application/json').send(document);
  });
  for (const path of ['/healthz', '/readyz', '/metrics', '/openapi.json']) {
    app.all(path, methodNotAllowed(['GET', 'HEAD']));
  }

  app.use(
    ingestRouter({
      publish: deps.publish,
      apiTokens: deps.apiTokens,
      bodyLimitBytes: deps.bodyLimitBytes,
      rateLimit: deps.rateLimit,
    }),
  );

  app.use(notFound());
  app.use(clientErrors);
  app.use(problemHandler(deps.logger));
  return app;
}
