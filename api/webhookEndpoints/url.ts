// Where an endpoint's deliveries go: an http(s) URL, and https only in live mode.
import { z } from '@hono/zod-openapi';
import type { ApiConfig } from '../config.js';
import { ApiError } from '../errors.js';

export const webhookUrlSchema = z
  .url({ protocol: /^https?$/ })
  .max(2048)
  .openapi({ example: 'https://shop.example/webhooks/pmt' });

/** Live payments carry real money: their events must not travel in clear. */
export function requireSecureUrl(config: Pick<ApiConfig, 'keyMode'>, url: string) {
  if (config.keyMode === 'live' && !url.startsWith('https://')) {
    throw new ApiError('url_insecure', 'Live-mode webhook endpoints must use https://.', 'url');
  }
}
