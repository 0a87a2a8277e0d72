import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { isContractError } from '../contracts/codec.js';
import type { Problem } from '../contracts/http.js';

export type ErrorCode =
  | 'bad_request'
  | 'validation_failed'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

const STATUS: Record<ErrorCode, { status: number; title: string }> = {
  bad_request: { status: 400, title: 'Bad request' },
  validation_failed: { status: 400, title: 'Validation failed' },
  unauthorized: { status: 401, title: 'Unauthorized' },
  forbidden: { status: 403, title: 'Forbidden' },
  not_found: { status: 404, title: 'Not found' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  payload_too_large: { status: 413, title: 'Payload too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  rate_limited: { status: 429, title: 'Too many requests' },
  unavailable: { status: 503, title: 'Service unavailable' },
  internal: { status: 500, title: 'Internal server error' },
};

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export type AppErrorOptions = {
  cause?: unknown;
  errors?: { field: string; message: string }[];
  /** Seconds, sent as `Retry-After` (429 and 503). */
  retryAfter?: number;
  /** Sent as `Allow` (405). */
  allow?: string[];
};

/** The one error type services throw; the error middleware turns it into problem+json. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly errors: { field: string; message: string }[] | undefined;
  readonly retryAfter: number | undefined;
  readonly allow: string[] | undefined;

  constructor(code: ErrorCode, detail: string, options: AppErrorOptions = {}) {
    super(detail, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = STATUS[code].status;
    this.errors = options.errors;
    this.retryAfter = options.retryAfter;
    this.allow = options.allow;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

export function problemFor(error: AppError, instance?: string, correlationId?: string): Problem {
  return {
    type: `https://kafkloud.dev/problems/${error.code.replaceAll('_', '-')}`,
    title: STATUS[error.code].title,
    status: error.status,
    code: error.code,
    detail: error.message,
    ...(instance ? { instance } : {}),
    ...(correlationId ? { correlationId } : {}),
    ...(error.errors ? { errors: error.errors } : {}),
  };
}

type BodyParserError = Error & { type?: string; status?: number; expose?: boolean };

/** Maps what Express and its body parsers throw onto AppError. */
export function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  if (isContractError(error)) {
    return new AppError('validation_failed', error.message, {
      cause: error,
      errors: [...error.issues],
    });
  }
  const parserError = error as BodyParserError;
  switch (parserError?.type) {
    case 'entity.too.large':
      return new AppError('payload_too_large', 'request body exceeds the size limit', {
        cause: error,
      });
    case 'entity.parse.failed':
      return new AppError('bad_request', 'request body is not valid JSON', { cause: error });
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('unsupported_media_type', parserError.message, { cause: error });
    case 'request.aborted':
      return new AppError('bad_request', 'request aborted', { cause: error });
    default:
      break;
  }
  if (parserError?.status === 400 && parserError.expose) {
    return new AppError('bad_request', parserError.message, { cause: error });
  }
  return new AppError('internal', 'an unexpected error occurred', { cause: error });
}

/** The single error middleware: problem+json, never a stack trace on the wire. */
export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const appError = toAppError(error);
    const correlationId = res.locals.correlationId as string | undefined;
    const log = (res.locals.log as Logger | undefined) ?? logger;
    if (appError.status >= 500) {
      log.error({ err: error, path: req.path }, 'request failed');
    } else {
      log.debug({ code: appError.code, path: req.path }, appError.message);
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    if (appError.retryAfter !== undefined)
      res.setHeader('Retry-After', String(appError.retryAfter));
    if (appError.allow) res.setHeader('Allow', appError.allow.join(', '));
    res
      .status(appError.status)
      .type(PROBLEM_CONTENT_TYPE)
      .send(JSON.stringify(problemFor(appError, req.originalUrl, correlationId)));
  };
}
