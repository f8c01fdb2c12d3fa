// A route merchants call with their secret key: authenticated, rate limited, checked against a restricted
// key's permissions and, for POSTs, idempotent. Its OpenAPI entry says all of that.
import { createRoute, type RouteConfig, z } from '@hono/zod-openapi';
import { errorResponses } from './errors.js';
import { apiKeyAuth } from './middleware/apiKeyAuth.js';
import { idempotency } from './middleware/idempotency.js';
import { type ApiResource, permission } from './middleware/permission.js';
import { perKeyRateLimit } from './middleware/rateLimit.js';

export const idempotencyHeaders = z.object({
  'idempotency-key': z.string().optional().openapi({
    description: 'Replays the first successful response for 24 hours; reused with another request it is an error.',
  }),
});

/** A merchant's Idempotency-Keys are its own. */
const merchantIdempotency = idempotency((c) => c.var.apiKey.merchantId);

/** What any merchant route may answer: a bad parameter, auth, permission and rate-limit refusals, our own failures, and a busy database. */
const everyRouteErrors = errorResponses(400, 401, 403, 429, 500, 503);
/** What any POST may answer besides: a bad Idempotency-Key or body, and a key reused for another request. */
const postErrors = errorResponses(400, 413, 415, 422);

/**
 * Every check runs before `idempotency`, whose replay skips the handler: a replayed response must be
 * one this key may see.
 */
export function merchantRoute<const R extends Omit<RouteConfig, 'security' | 'middleware'> & { operationId: string }>(
  resource: ApiResource,
  config: R,
) {
  const post = config.method === 'post';
  const responses = { ...config.responses, ...everyRouteErrors, ...(post ? postErrors : {}) } as R['responses'] &
    typeof everyRouteErrors &
    (R['method'] extends 'post' ? typeof postErrors : unknown);
  return createRoute({
    ...config,
    tags: [resource],
    security: [{ secretKey: [] }],
    middleware: [apiKeyAuth, perKeyRateLimit, permission(resource), ...(post ? [merchantIdempotency] : [])] as const,
    responses,
  });
}
