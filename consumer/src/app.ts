import express, { type Express } from 'express';
import type { Registry } from 'prom-client';
import type { Logger } from 'pino';
import {
  correlation,
  httpMetrics,
  notFound,
  opsRouter,
  problemHandler,
  securityHeaders,
  type Lifecycle,
  type ReadinessCheck,
} from '@kafkloud/streamer/http';
import type { StatusSources } from './domain/get-consumer-status.js';
import type { EventStore } from './domain/types.js';
import type { StreamHub } from './http/event-stream.js';
import { openApiDocument } from './http/openapi.js';
import { queryRoutes } from './http/query-routes.js';

export type AppDeps = {
  logger: Logger;
  apiTokens: readonly string[];
  store: EventStore;
  status: StatusSources;
  hub: StreamHub;
  lifecycle: Lifecycle;
  registry: Registry;
  checks: Record<string, ReadinessCheck>;
};

/** The consumer's HTTP app; never listens. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(securityHeaders());
  app.use(correlation(deps.logger));
  app.use(httpMetrics(deps.registry));
  app.use(opsRouter({ lifecycle: deps.lifecycle, checks: deps.checks, registry: deps.registry }));
  app.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument);
  });
  app.use(queryRoutes(deps));
  app.use(notFound());
  app.use(problemHandler(deps.logger));
  return app;
}
