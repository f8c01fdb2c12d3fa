// The operator's credential for `/v1/admin/*` (ADMIN_API_KEY), separate from every merchant key. Compared
// in constant time; with no ADMIN_API_KEY configured the admin API is off.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { ApiEnv } from '../context.js';
import { ApiError } from '../errors.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

export const adminAuth: MiddlewareHandler<ApiEnv> = async (c, next) => {
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
  await next();
};
