// Requests per second per API key, answered with 429 and `Retry-After` past the limit. The count is kept
// in each API process, so N replicas allow up to N times the limit; put a shared limiter in front of them
// (a gateway or load balancer) where that matters.
import type { MiddlewareHandler } from 'hono';
import { rateLimiter } from 'hono-rate-limiter';
import type { ApiEnv } from '../context.js';
import { ApiError } from '../errors.js';

const limiters = new Map<number, MiddlewareHandler<ApiEnv>>();

function limiter(limitPerSecond: number): MiddlewareHandler<ApiEnv> {
  return rateLimiter<ApiEnv>({
    windowMs: 1_000,
    limit: limitPerSecond,
    standardHeaders: 'draft-6',
    keyGenerator: (c) => c.var.apiKey.id,
    handler: () => {
      throw new ApiError(
        429,
        'rate_limit_error',
        'rate_limit',
        `Too many requests: this key may send ${limitPerSecond} per second. Retry after the Retry-After header's seconds.`,
      );
    },
  });
}

/** The limit configured for this API process (`RATE_LIMIT_PER_SECOND`), after `apiKeyAuth`. */
export const perKeyRateLimit: MiddlewareHandler<ApiEnv> = (c, next) => {
  const limit = c.var.services.config.rateLimitPerSecond;
  const handler = limiters.get(limit) ?? limiter(limit);
  limiters.set(limit, handler);
  return handler(c, next);
};
