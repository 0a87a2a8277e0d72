import express, { type RequestHandler } from 'express';
import { AppError } from '@kafkloud/streamer/http';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const UTF8_CHARSETS = new Set(['utf-8', 'utf8', 'us-ascii']);

/**
 * Reads the body as raw bytes and decodes it as strict UTF-8 into `req.body` (a string):
 * invalid bytes are a 400, a declared non-UTF-8 charset a 415, and a body over `limit` a 413.
 * The stock text/json parsers would replace bad bytes silently.
 */
export function utf8Body(types: readonly string[], limit: number): RequestHandler[] {
  return [
    (req, _res, next) => {
      const charset = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(req.get('content-type') ?? '')?.[1];
      if (charset && !UTF8_CHARSETS.has(charset.toLowerCase())) {
        next(
          new AppError('unsupported_media_type', `charset ${charset} is not supported; send UTF-8`),
        );
        return;
      }
      next();
    },
    express.raw({ type: [...types], limit }),
    (req, _res, next) => {
      if (!Buffer.isBuffer(req.body)) {
        req.body = '';
        next();
        return;
      }
      try {
        req.body = utf8.decode(req.body);
        next();
      } catch (cause) {
        next(new AppError('bad_request', 'request body is not valid UTF-8', { cause }));
      }
    },
  ];
}

/** Parses a UTF-8 JSON body read by `utf8Body`. */
export function parseJsonBody(text: string): unknown {
  if (text.trim().length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new AppError('bad_request', 'request body is not valid JSON', { cause });
  }
}
