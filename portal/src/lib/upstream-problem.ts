import { problemSchema } from '@kafkloud/streamer';
import { SERVICE_LABELS, type PortalProblem, type ServiceName } from './problem';

/** Turns an upstream error body (problem+json or anything else) into a PortalProblem. */
export function problemFromResponse(
  service: ServiceName,
  status: number,
  body: unknown,
): PortalProblem {
  const parsed = problemSchema.safeParse(body);
  const label = SERVICE_LABELS[service];
  if (parsed.success) {
    const { code, title, detail } = parsed.data;
    return { status, code, title: `${label}: ${title}`, ...(detail ? { detail } : {}) };
  }
  if (status === 503) {
    return { status, code: 'unavailable', title: `${label} is not ready` };
  }
  return { status, code: `http_${status}`, title: `${label} answered ${status}` };
}

export function unreachable(service: ServiceName, cause: unknown): PortalProblem {
  const label = SERVICE_LABELS[service];
  const isTimeout = cause instanceof Error && cause.name === 'TimeoutError';
  return {
    status: isTimeout ? 504 : 503,
    code: isTimeout ? 'upstream_timeout' : 'upstream_unreachable',
    title: isTimeout ? `${label} did not answer in time` : `${label} is unreachable`,
    detail: isTimeout
      ? `No answer from the ${label.toLowerCase()} within the time limit.`
      : `Could not connect to the ${label.toLowerCase()}. Is it running?`,
  };
}

export function invalidAnswer(service: ServiceName): PortalProblem {
  const label = SERVICE_LABELS[service];
  return {
    status: 502,
    code: 'upstream_invalid',
    title: `${label} sent an answer the portal does not understand`,
  };
}
