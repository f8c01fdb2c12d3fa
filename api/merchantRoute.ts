// A route merchants call with their secret key: authenticated, rate limited, checked against a restricted
// key's permissions and, for POSTs, idempotent per merchant (api/gatedRoute.ts).
import type { RouteConfig } from '@hono/zod-openapi';
import { errorResponses } from './errors.js';
import { gatedRoute } from './gatedRoute.js';
import { apiKeyAuth } from './middleware/apiKeyAuth.js';
import { idempotency } from './middleware/idempotency.js';
import { type ApiResource, permission } from './middleware/permission.js';
import { perKeyRateLimit } from './middleware/rateLimit.js';

/** A merchant's Idempotency-Keys are its own. */
const merchantIdempotency = idempotency((c) => c.var.apiKey.merchantId);

/** What any merchant route may answer: a bad parameter, auth, permission and rate-limit refusals, our own failures, and a busy database. */
const merchantErrors = errorResponses(400, 401, 403, 429, 500, 503);

export function merchantRoute<
  const R extends Omit<RouteConfig, 'security' | 'middleware' | 'tags'> & { operationId: string },
>(resource: ApiResource, config: R) {
  return gatedRoute(
    {
      tag: resource,
      security: [{ secretKey: [] }],
      checks: [apiKeyAuth, perKeyRateLimit, permission(resource)],
      idempotency: merchantIdempotency,
      errors: merchantErrors,
    },
    config,
  );
}
