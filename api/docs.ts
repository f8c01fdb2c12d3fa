// The API reference: the OpenAPI document generated from the routes' zod schemas at /openapi.json, and
// Swagger UI at /docs, its assets served from the swagger-ui-dist package (no CDN: gateways run offline).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { swaggerUI } from '@hono/swagger-ui';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiEnv } from './context.js';
import { registerEventWebhooks } from './events/webhooks.js';

const ASSETS_PATH = '/docs/assets';
const assetsDir = join(dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json')));
const assets: Record<string, { type: string; file: string }> = {
  'swagger-ui.css': { type: 'text/css; charset=utf-8', file: 'swagger-ui.css' },
  'swagger-ui-bundle.js': { type: 'text/javascript; charset=utf-8', file: 'swagger-ui-bundle.js' },
};

export const openApiInfo = {
  openapi: '3.1.0',
  info: {
    title: 'PMT Gateway API',
    version: '1.0.0',
    description:
      'Crypto payments with smart-contract escrow. Authenticate with your secret key as `Authorization: Bearer sk_test_…`. ' +
      'Amounts on chain are strings of base units; fiat amounts are integers in minor units. Every POST accepts an `Idempotency-Key`.',
  },
};

export function mountDocs(app: OpenAPIHono<ApiEnv>) {
  app.openAPIRegistry.registerComponent('securitySchemes', 'secretKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'A merchant secret key, sk_test_… or sk_live_…',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'adminKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'The operator’s ADMIN_API_KEY',
  });
  registerEventWebhooks(app.openAPIRegistry);
  app.doc31('/openapi.json', openApiInfo);
  app.get('/docs', swaggerUI({ url: '/openapi.json', baseUrl: ASSETS_PATH }));
  const cache = new Map<string, string>();
  app.get(`${ASSETS_PATH}/swagger-ui-dist/:file`, (c) => {
    const asset = assets[c.req.param('file')];
    if (!asset) return c.notFound();
    const body = cache.get(asset.file) ?? readFileSync(join(assetsDir, asset.file), 'utf8');
    cache.set(asset.file, body);
    return c.body(body, 200, { 'content-type': asset.type, 'cache-control': 'public, max-age=86400' });
  });
}
