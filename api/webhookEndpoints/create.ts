// POST /v1/webhook_endpoints — where payment events are delivered, with a fresh signing secret.
import { type RouteHandler, z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import { webhookEndpoint } from '../../lib/db/schema/index.js';
import { newId } from '../../lib/randomToken.js';
import { auditChange } from '../audit/record.js';
import type { ApiEnv } from '../context.js';
import { ApiError } from '../errors.js';
import { merchantRoute } from '../merchantRoute.js';
import { enabledEventsSchema } from './enabledEvents.js';
import { newSigningSecret, toWebhookEndpoint, webhookEndpointSchema } from './resource.js';
import { requireSecureUrl, webhookUrlSchema } from './url.js';

/** Endpoints per merchant: deliveries fan out to each. */
const MAX_ENDPOINTS = 16;

const body = z
  .strictObject({
    url: webhookUrlSchema,
    description: z.string().max(500).optional(),
    enabled_events: enabledEventsSchema.default(['*']),
  })
  .openapi('WebhookEndpointCreate');

export const route = merchantRoute('webhook_endpoints', {
  method: 'post',
  operationId: 'createWebhookEndpoint',
  path: '/v1/webhook_endpoints',
  summary: 'Create a webhook endpoint',
  request: { body: { content: { 'application/json': { schema: body } }, required: true } },
  responses: {
    200: {
      description: 'The endpoint, with its signing secret this one time',
      content: { 'application/json': { schema: webhookEndpointSchema } },
    },
  },
});

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  const input = c.req.valid('json');
  const { db, services } = c.var;
  requireSecureUrl(services.config, input.url);
  const merchantId = c.var.apiKey.merchantId;
  const count = await db.$count(
    webhookEndpoint,
    sql`${webhookEndpoint.merchantId} = ${merchantId} AND ${webhookEndpoint.deletedAt} IS NULL`,
  );
  if (count >= MAX_ENDPOINTS)
    throw new ApiError(
      'webhook_endpoints_limit',
      `A merchant can have at most ${MAX_ENDPOINTS} webhook endpoints; delete one first.`,
    );
  const created = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(webhookEndpoint)
      .values({
        id: newId('we'),
        merchantId,
        url: input.url,
        description: input.description ?? null,
        enabledEvents: input.enabled_events,
        secret: newSigningSecret(),
      })
      .returning();
    const shown = toWebhookEndpoint(row!, true);
    await auditChange(c, tx, { action: 'webhook_endpoint.create', target: shown.id, after: shown });
    return shown;
  });
  return c.json(created, 200);
};
