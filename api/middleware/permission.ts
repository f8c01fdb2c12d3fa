// Restricted keys: read-only keys may only GET, and keys limited to named resources may only touch those.
import type { MiddlewareHandler } from 'hono';
import type { ApiEnv } from '../context.js';
import { ApiError } from '../errors.js';

export const apiResources = ['payment_intents', 'merchant', 'api_keys', 'webhook_endpoints', 'balance', 'payouts'] as const;
export type ApiResource = (typeof apiResources)[number];

export function permission(resource: ApiResource): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const permissions = c.var.apiKey.permissions;
    if (permissions?.resources && !permissions.resources.includes(resource)) {
      throw new ApiError(403, 'permission_error', 'permission_denied', `This API key is restricted and may not access ${resource}.`);
    }
    if (permissions?.readOnly && c.req.method !== 'GET') {
      throw new ApiError(403, 'permission_error', 'permission_denied', 'This API key is read-only.');
    }
    await next();
  };
}
