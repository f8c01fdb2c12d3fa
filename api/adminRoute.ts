// A route only the gateway's operator calls, with ADMIN_API_KEY (or, in process, the admin console for its
// signed-in admin): authenticated, and for POSTs idempotent (api/gatedRoute.ts).
import type { RouteConfig } from '@hono/zod-openapi';
import { errorResponses } from './errors.js';
import { gatedRoute } from './gatedRoute.js';
import { adminAuth } from './middleware/adminAuth.js';
import { idempotency } from './middleware/idempotency.js';

/** The operator's Idempotency-Keys are one space: there is one operator. */
const adminIdempotency = idempotency(() => 'admin');

const adminErrors = errorResponses(400, 401, 403, 500, 503);

export function adminRoute<
  const R extends Omit<RouteConfig, 'security' | 'middleware' | 'tags'> & { operationId: string },
>(config: R) {
  return gatedRoute(
    {
      tag: 'admin',
      security: [{ adminKey: [] }],
      checks: [adminAuth],
      idempotency: adminIdempotency,
      errors: adminErrors,
    },
    config,
  );
}
