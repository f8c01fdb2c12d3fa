// Restricted keys: read-only keys may only GET, and keys limited to named resources may only touch those.
import type { MiddlewareHandler } from 'hono';
import type { ApiEnv } from '../context.js';
import { ApiError } from '../errors.js';

export const apiResources = [
  'payment_intents',
  'merchant',
  'api_keys',
  'webhook_endpoints',
  'balance',
  'payouts',
  'refunds',
  'events',
  'analytics',
  'networks',
] as const;
export type ApiResource = (typeof apiResources)[number];

export function permission(resource: ApiResource): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const permissions = c.var.apiKey.permissions;
    // Managing keys needs an unrestricted key: a restricted one could otherwise mint itself full access.
    if (resource === 'api_keys' && permissions) {
      throw new ApiError('permission_denied', 'Only an unrestricted secret key can manage API keys.');
    }
    if (permissions?.resources && !permissions.resources.includes(resource)) {
      throw new ApiError('permission_denied', `This API key is restricted and may not access ${resource}.`);
    }
    if (permissions?.readOnly && c.req.method !== 'GET') {
      throw new ApiError('permission_denied', 'This API key is read-only.');
    }
    await next();
  };
}
