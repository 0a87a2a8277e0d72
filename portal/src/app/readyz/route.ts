import { env } from '@/server/env';

export const dynamic = 'force-dynamic';

/**
 * The portal is ready once its environment is valid (an invalid one stops it at start); the
 * services' own readiness is shown on /health.
 */
export function GET(): Response {
  env();
  return Response.json(
    { status: 'ready', checks: { environment: { ok: true } } },
    { headers: { 'cache-control': 'no-store' } },
  );
}
