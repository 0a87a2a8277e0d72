import 'server-only';
import {
  acceptedSchema,
  askResponseSchema,
  consumerStatusSchema,
  EVENT_TYPES,
  eventsPageSchema,
  eventStatusSchema,
  readinessSchema,
  type EventType,
  type Readiness,
} from '@kafkloud/streamer';
import { z } from 'zod';
import type { Outcome, ServiceName } from '@/lib/problem';
import { call } from './upstream';

export function produceDoit(clickedAt: string) {
  return call('producer', '/produce', {
    method: 'POST',
    contentType: 'application/json',
    body: JSON.stringify({ type: EVENT_TYPES.doit, data: { clickedAt } }),
    schema: acceptedSchema,
    timeoutMs: 10_000,
  });
}

/** `null` data while the consumer does not know the event yet (404). */
export async function eventStatus(id: string) {
  const outcome = await call('consumer', `/status/${encodeURIComponent(id)}`, {
    schema: z.union([eventStatusSchema, z.unknown()]),
    acceptStatus: [404],
  });
  if (!outcome.ok) return outcome;
  if (outcome.status === 404) return { ...outcome, data: null };
  const parsed = eventStatusSchema.safeParse(outcome.data);
  return parsed.success
    ? { ...outcome, data: parsed.data }
    : { ...outcome, ok: false as const, problem: invalidStatus() };
}

function invalidStatus() {
  return {
    status: 502,
    code: 'upstream_invalid',
    title: 'Consumer sent a status the portal does not understand',
  };
}

export function listEvents(
  query: {
    limit: number;
    cursor?: string;
    type?: EventType;
    from?: string;
    to?: string;
  },
  options: { timeoutMs?: number } = {},
) {
  const params = new URLSearchParams({ limit: String(query.limit) });
  for (const name of ['cursor', 'type', 'from', 'to'] as const) {
    const value = query[name];
    if (value) params.set(name, value);
  }
  return call('consumer', `/events?${params.toString()}`, {
    schema: eventsPageSchema,
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
}

export function consumerStatus() {
  return call('consumer', '/status', { schema: consumerStatusSchema });
}

export function ask(question: string) {
  return call('seer', '/ask', {
    method: 'POST',
    contentType: 'application/json',
    body: JSON.stringify({ question }),
    schema: askResponseSchema,
    timeoutMs: 20_000,
  });
}

export function teach(statement: string) {
  return call('seer', '/accept', {
    method: 'POST',
    contentType: 'text/plain; charset=utf-8',
    body: statement,
    schema: z.unknown(),
    timeoutMs: 20_000,
  });
}

/** Streams an uploaded text document to seer as it arrives. */
export function loadDocument(body: ReadableStream<Uint8Array>, name: string, contentType: string) {
  return call('seer', `/load?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    contentType,
    body,
    schema: z.unknown(),
    timeoutMs: 120_000,
  });
}

export type ServiceReadiness = {
  service: ServiceName;
  isReachable: boolean;
  readiness: Readiness | null;
  latencyMs: number;
  detail?: string;
};

export async function readiness(service: ServiceName): Promise<ServiceReadiness> {
  const started = performance.now();
  const outcome: Outcome<Readiness> = await call(service, '/readyz', {
    schema: readinessSchema,
    acceptStatus: [503],
    timeoutMs: 2_000,
  });
  const latencyMs = Math.round(performance.now() - started);
  if (outcome.ok) return { service, isReachable: true, readiness: outcome.data, latencyMs };
  return {
    service,
    isReachable: outcome.problem.code !== 'upstream_unreachable',
    readiness: null,
    latencyMs,
    detail: outcome.problem.title,
  };
}
