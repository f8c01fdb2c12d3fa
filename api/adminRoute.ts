// A route only the gateway's operator calls, with ADMIN_API_KEY (or, in process, the admin console for its
// signed-in admin): authenticated, and for POSTs idempotent. Its OpenAPI entry says so.
import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import { errorResponses } from './errors.js';
import { adminAuth } from './middleware/adminAuth.js';
import { idempotency } from './middleware/idempotency.js';

const adminIdempotency = idempotency(() => 'admin');
const everyRouteErrors = errorResponses(400, 401, 403, 500, 503);
const postErrors = errorResponses(400, 413, 415, 422);

export function adminRoute<const R extends Omit<RouteConfig, 'security' | 'middleware'> & { operationId: string }>(
  config: R,
) {
  const post = config.method === 'post';
  const responses = { ...config.responses, ...everyRouteErrors, ...(post ? postErrors : {}) } as R['responses'] &
    typeof everyRouteErrors &
    (R['method'] extends 'post' ? typeof postErrors : unknown);
  return createRoute({
    ...config,
    tags: ['admin'],
    security: [{ adminKey: [] }],
    middleware: [adminAuth, ...(post ? [adminIdempotency] : [])] as const,
    responses,
  });
}
