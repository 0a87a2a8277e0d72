import { AppError } from '@kafkloud/streamer/http';
import type { RequestHandler } from 'express';

export type RateLimit = { perSecond: number; burst: number };

export type TokenBuckets = {
  /** Takes one request from `key`'s bucket; when empty, says how long until one is back. */
  take(key: string): { isAllowed: true } | { isAllowed: false; retryAfterSeconds: number };
};

/** One token bucket per key: `burst` requests at once, refilled at `perSecond`. */
export function createTokenBuckets(limit: RateLimit, now: () => number = Date.now): TokenBuckets {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key) {
      const at = now();
      const bucket = buckets.get(key) ?? { tokens: limit.burst, at };
      bucket.tokens = Math.min(
        limit.burst,
        bucket.tokens + ((at - bucket.at) / 1000) * limit.perSecond,
      );
      bucket.at = at;
      buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { isAllowed: true };
      }
      return {
        isAllowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / limit.perSecond)),
      };
    },
  };
}

/**
 * 429 with Retry-After once a caller exceeds its rate. Keyed by the bearer token (set by
 * bearerAuth, so it runs after it); a limit of 0 per second turns limiting off.
 */
export function rateLimit(limit: RateLimit): RequestHandler {
  if (limit.perSecond === 0) return (_req, _res, next) => next();
  const buckets = createTokenBuckets(limit);
  return (req, res, next) => {
    const key = (res.locals.tokenId as string | undefined) ?? req.ip ?? 'anonymous';
    const outcome = buckets.take(key);
    if (outcome.isAllowed) {
      next();
      return;
    }
    next(
      new AppError('rate_limited', 'too many requests for this token', {
        retryAfter: outcome.retryAfterSeconds,
      }),
    );
  };
}
