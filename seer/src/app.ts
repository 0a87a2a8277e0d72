import {
  bearerAuth,
  correlation,
  httpMetrics,
  notFound,
  opsRouter,
  problemHandler,
  securityHeaders,
  type Lifecycle,
  type ReadinessCheck,
} from '@kafkloud/streamer/http';
import type { Logger } from '@kafkloud/streamer/logger';
import express, { type Express } from 'express';
import type { Registry } from 'prom-client';
import { openApiDocument } from './http/openapi.js';
import { seerRoutes, type RoutesDeps } from './http/routes.js';

export type AppDeps = RoutesDeps & {
  logger: Logger;
  lifecycle: Lifecycle;
  registry: Registry;
  checks: Record<string, ReadinessCheck>;
  /** Empty only in local mode, where writes are then open. */
  apiTokens: readonly string[];
};

/** Builds the HTTP app; never listens (main.ts does, tests use an ephemeral port). */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(securityHeaders());
  app.use(httpMetrics(deps.registry));
  app.use(opsRouter({ lifecycle: deps.lifecycle, checks: deps.checks, registry: deps.registry }));
  app.use(correlation(deps.logger));
  const document = openApiDocument();
  app.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  if (deps.apiTokens.length > 0) app.use(bearerAuth(deps.apiTokens));
  app.use(seerRoutes(deps));
  app.use(notFound());
  app.use(problemHandler(deps.logger));
  return app;
}
