// The operator's credential for `/v1/admin/*` (ADMIN_API_KEY), separate from every merchant key. Compared
// in constant time; with no ADMIN_API_KEY configured the admin API is off.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { ApiEnv, ConsoleCallBindings } from '../context.js';
import { ApiError } from '../errors.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

export const adminAuth: MiddlewareHandler<ApiEnv> = async (c, next) => {
  // The admin console calls these routes in process for its signed-in admin (api/console/apiClient.ts).
  const admin = (c.env as ConsoleCallBindings | undefined)?.consoleAdmin;
  if (admin) {
    c.set('admin', { actorKind: 'console_user', actorId: admin.userId });
    c.var.log.setBindings({ admin: admin.userId });
    return next();
  }
  const expected = c.var.services.config.adminApiKey;
  if (!expected)
    throw new ApiError('admin_api_disabled', 'The admin API is off: set ADMIN_API_KEY on the API server to use it.');
  const header = c.req.header('authorization') ?? '';
  const presented = header.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : '';
  if (!presented || !timingSafeEqual(digest(presented), digest(expected))) {
    throw new ApiError(
      'admin_key_invalid',
      'Admin endpoints need `Authorization: Bearer <ADMIN_API_KEY>`; merchant keys are not accepted here.',
    );
  }
  c.set('admin', { actorKind: 'api_key', actorId: 'ADMIN_API_KEY' });
  await next();
};
