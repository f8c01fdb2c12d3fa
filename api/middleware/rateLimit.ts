// Requests per second per API key, answered with 429 and `Retry-After` past the limit. The count is kept
// in each API process, so N replicas allow up to N times the limit; put a shared limiter in front of them
// (a gateway or load balancer) where that matters.
import type { MiddlewareHandler } from 'hono';
import { rateLimiter } from 'hono-rate-limiter';
import type { ApiEnv } from '../context.js';
import { ApiError } from '../errors.js';

/** A limiter of its own for each API instance (api/services.ts builds it). */
export function perKeyLimiter(limitPerSecond: number): MiddlewareHandler<ApiEnv> {
  return rateLimiter<ApiEnv>({
    windowMs: 1_000,
    limit: limitPerSecond,
    standardHeaders: 'draft-6',
    keyGenerator: (c) => c.var.apiKey.id,
    handler: () => {
      throw new ApiError(
        'rate_limit',
        `Too many requests: this key may send ${limitPerSecond} per second. Retry after the Retry-After header's seconds.`,
      );
    },
  });
}

/** The calling instance's limiter, after `apiKeyAuth`. */
export const perKeyRateLimit: MiddlewareHandler<ApiEnv> = (c, next) => c.var.services.rateLimit(c, next);
