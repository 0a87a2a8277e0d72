import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { correlationIdSchema } from '../contracts/common.js';
import { AppError } from './errors.js';

export const CORRELATION_HEADER = 'correlationId';

/**
 * Reads the `correlationId` header (validated) or makes one; echoes it on the response and
 * gives the request a child logger carrying it, in `res.locals`.
 */
export function correlation(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const supplied = req.get(CORRELATION_HEADER);
    let correlationId: string;
    if (supplied === undefined) {
      correlationId = randomUUID();
    } else {
      const parsed = correlationIdSchema.safeParse(supplied);
      if (!parsed.success) {
        res.locals.log = logger;
        next(
          new AppError('bad_request', 'correlationId header is malformed', {
            errors: [
              {
                field: 'header.correlationId',
                message: parsed.error.issues[0]?.message ?? 'invalid',
              },
            ],
          }),
        );
        return;
      }
      correlationId = parsed.data;
    }
    res.locals.correlationId = correlationId;
    res.locals.log = logger.child({ correlationId });
    res.setHeader(CORRELATION_HEADER, correlationId);
    next();
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * Bearer-token check. Tokens are compared as SHA-256 digests with timingSafeEqual, so the
 * comparison time depends neither on the token's length nor on how much of it matches.
 */
export function bearerAuth(tokens: readonly string[]): RequestHandler {
  const digests = tokens.map(digest);
  return (req, res, next) => {
    const header = req.get('authorization');
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match?.[1]) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      next(new AppError('unauthorized', 'a bearer token is required'));
      return;
    }
    const candidate = digest(match[1]);
    let isValid = false;
    for (const known of digests) isValid = timingSafeEqual(candidate, known) || isValid;
    if (!isValid) {
      res.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
      next(new AppError('unauthorized', 'the bearer token is not valid'));
      return;
    }
    res.locals.tokenId = candidate.subarray(0, 8).toString('hex');
    next();
  };
}

/** 415 unless the body (when there is one) has one of the given media types. */
export function requireContentType(types: readonly string[]): RequestHandler {
  return (req, _res, next) => {
    const hasBody =
      req.headers['transfer-encoding'] !== undefined ||
      Number(req.headers['content-length'] ?? 0) > 0;
    if (!hasBody) {
      next();
      return;
    }
    if (!req.is(types as string[])) {
      next(
        new AppError('unsupported_media_type', `content type must be one of ${types.join(', ')}`),
      );
      return;
    }
    next();
  };
}

export function methodNotAllowed(allow: readonly string[]): RequestHandler {
  return (req, _res, next) => {
    next(
      new AppError('method_not_allowed', `${req.method} is not allowed here`, {
        allow: [...allow],
      }),
    );
  };
}

export function notFound(): RequestHandler {
  return (req, _res, next) => {
    next(new AppError('not_found', `no route for ${req.method} ${req.path}`));
  };
}

/** Baseline security headers for JSON APIs. */
export function securityHeaders(): RequestHandler {
  return (_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.setHeader('Cache-Control', 'no-store');
    next();
  };
}
