import 'server-only';
import type { z } from 'zod';
import type { Outcome, ServiceName } from '@/lib/problem';
import { invalidAnswer, problemFromResponse, unreachable } from '@/lib/upstream-problem';
import { env } from './env';
import { apiToken } from './token';

type CallOptions<T> = {
  method?: 'GET' | 'POST';
  body?: BodyInit;
  contentType?: string;
  schema: z.ZodType<T>;
  timeoutMs?: number;
  /** Lets a caller treat some non-2xx answers (404 while unknown, 503 readiness) as data. */
  acceptStatus?: readonly number[];
  correlationId?: string;
};

export function baseUrl(service: ServiceName): string {
  const config = env();
  if (service === 'producer') return config.PRODUCER_URL;
  if (service === 'consumer') return config.CONSUMER_URL;
  return config.SEER_URL;
}

/** Calls a kafkloud service; never throws: failures come back as problems for the browser. */
export async function call<T>(
  service: ServiceName,
  path: string,
  options: CallOptions<T>,
): Promise<Outcome<T>> {
  const method = options.method ?? 'GET';
  const headers = new Headers({ accept: 'application/json, application/problem+json' });
  // The consumer's reads are protected too, so every call carries the token.
  const token = await apiToken();
  if (token) headers.set('authorization', `Bearer ${token}`);
  if (options.contentType) headers.set('content-type', options.contentType);
  if (options.correlationId) headers.set('correlationid', options.correlationId);

  let response: Response;
  try {
    response = await fetch(`${baseUrl(service)}${path}`, {
      method,
      headers,
      cache: 'no-store',
      signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
      ...(options.body === undefined ? {} : { body: options.body, duplex: 'half' }),
    } as RequestInit);
  } catch (cause) {
    return { ok: false, problem: unreachable(service, cause) };
  }

  const body: unknown = await response.json().catch(() => undefined);
  const isAccepted = response.ok || (options.acceptStatus ?? []).includes(response.status);
  if (!isAccepted) {
    return { ok: false, problem: problemFromResponse(service, response.status, body) };
  }
  const parsed = options.schema.safeParse(body);
  if (!parsed.success) return { ok: false, problem: invalidAnswer(service) };
  return { ok: true, status: response.status, data: parsed.data };
}

/** A problem+json response for route handlers. */
export function problemResponse(problem: {
  status: number;
  code: string;
  title: string;
  detail?: string;
}): Response {
  return Response.json(
    { type: `https://kafkloud.dev/problems/${problem.code}`, ...problem },
    {
      status: problem.status,
      headers: {
        'content-type': 'application/problem+json',
        ...(problem.status === 503 ? { 'retry-after': '2' } : {}),
      },
    },
  );
}

export function outcomeResponse<T>(outcome: Outcome<T>, status = 200): Response {
  if (!outcome.ok) return problemResponse(outcome.problem);
  return Response.json(outcome.data, { status, headers: { 'cache-control': 'no-store' } });
}

/** A text resource such as `/metrics`; null when the service cannot be read. */
export async function fetchText(service: ServiceName, path: string): Promise<string | null> {
  try {
    const response = await fetch(`${baseUrl(service)}${path}`, {
      cache: 'no-store',
      signal: AbortSignal.timeout(2_000),
    });
    return response.ok ? await response.text() : null;
  } catch {
    return null;
  }
}
