import { Router, type RequestHandler } from 'express';
import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Readiness } from '../contracts/http.js';

export type ReadinessCheck = () => Promise<{ ok: boolean; detail?: string }>;

/**
 * Process lifecycle as readiness sees it. `draining` answers 503 so load balancers stop
 * sending before the server closes.
 */
export type Lifecycle = {
  state: 'starting' | 'running' | 'draining';
};

export function createLifecycle(): Lifecycle {
  return { state: 'starting' };
}

export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** `/healthz`, `/readyz`, `/metrics`: open, never behind the bearer token. */
export function opsRouter(options: {
  lifecycle: Lifecycle;
  checks: Record<string, ReadinessCheck>;
  registry: Registry;
}): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const entries = await Promise.all(
      Object.entries(options.checks).map(async ([name, check]) => {
        try {
          return [name, await check()] as const;
        } catch (error) {
          return [name, { ok: false, detail: (error as Error).message }] as const;
        }
      }),
    );
    const checks = Object.fromEntries(entries);
    const isHealthy = entries.every(([, result]) => result.ok);
    const status: Readiness['status'] =
      options.lifecycle.state === 'draining'
        ? 'draining'
        : options.lifecycle.state === 'starting'
          ? 'starting'
          : isHealthy
            ? 'ready'
            : 'degraded';
    const body: Readiness = { status, checks };
    res.status(status === 'ready' ? 200 : 503).json(body);
  });
  router.get('/metrics', async (_req, res) => {
    res.type(options.registry.contentType).send(await options.registry.metrics());
  });
  return router;
}

/** Request count and latency by route template and status. */
export function httpMetrics(registry: Registry): RequestHandler {
  const histogram = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  return (req, res, next) => {
    const end = histogram.startTimer();
    res.on('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path;
      end({
        method: req.method,
        route: route ? `${req.baseUrl}${route}` : 'unmatched',
        status: String(res.statusCode),
      });
    });
    next();
  };
}
