// POST /v1/webhook_endpoints/:id — change an endpoint's URL, description or event types, or enable it again
// after the gateway disabled it for failing (`disabled: false`). Fields left out stay as they are.
import { type RouteHandler, z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import type { AuditAction } from '../../lib/audit.js';
import { webhookEndpoint } from '../../lib/db/schema/index.js';
import { auditChange } from '../audit/record.js';
import type { ApiEnv } from '../context.js';
import { pathId } from '../conventions.js';
import { errorResponses, notFound } from '../errors.js';
import { merchantRoute } from '../merchantRoute.js';
import { enabledEventsSchema } from './enabledEvents.js';
import { ownEndpoint, toWebhookEndpoint, webhookEndpointSchema } from './resource.js';
import { requireSecureUrl, webhookUrlSchema } from './url.js';

const body = z
  .strictObject({
    url: webhookUrlSchema.optional(),
    description: z.string().max(500).nullable().optional().openapi({ description: '`null` removes it' }),
    enabled_events: enabledEventsSchema.optional(),
    disabled: z.boolean().optional().openapi({
      description:
        '`false` enables the endpoint again (after the gateway disabled it for failing, or you did): events from then on are delivered, and its 3 days of failures before disabling start afresh. `true` stops every delivery there until then.',
    }),
  })
  .openapi('WebhookEndpointUpdate');

/** Enabling again also forgets the failures so far: else the next one would disable the endpoint at once. */
function disabledChange(disabled: boolean | undefined) {
  if (disabled === undefined) return {};
  if (disabled) return { disabledAt: sql`coalesce(${webhookEndpoint.disabledAt}, now())` };
  return { disabledAt: null, failingSince: null };
}

export const route = merchantRoute('webhook_endpoints', {
  method: 'post',
  operationId: 'updateWebhookEndpoint',
  path: '/v1/webhook_endpoints/{id}',
  summary: 'Update a webhook endpoint',
  request: {
    params: pathId.webhookEndpoint,
    body: { content: { 'application/json': { schema: body } }, required: true },
  },
  responses: {
    200: { description: 'The endpoint as changed', content: { 'application/json': { schema: webhookEndpointSchema } } },
    ...errorResponses(404),
  },
});

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const input = c.req.valid('json');
  if (input.url !== undefined) requireSecureUrl(c.var.services.config, input.url);
  const own = ownEndpoint(id, c.var.apiKey.merchantId);
  const updated = await c.var.db.transaction(async (tx) => {
    const [before] = await tx.select().from(webhookEndpoint).where(own);
    if (!before) throw notFound('webhook_endpoint', id);
    const [row] = await tx
      .update(webhookEndpoint)
      .set({
        // drizzle leaves out what is undefined; the id is set to itself so that an empty body is an update too.
        id: sql`${webhookEndpoint.id}`,
        url: input.url,
        description: input.description,
        enabledEvents: input.enabled_events,
        ...disabledChange(input.disabled),
      })
      .where(own)
      .returning();
    const shown = toWebhookEndpoint(row!);
    await auditChange(c, tx, {
      action: updateAction(before.disabledAt !== null, input.disabled),
      target: id,
      before: toWebhookEndpoint(before),
      after: shown,
    });
    return shown;
  });
  return c.json(updated, 200);
};

/** An update that turns the endpoint on or off is told as such in the audit log. */
function updateAction(wasDisabled: boolean, disabled: boolean | undefined): AuditAction {
  if (disabled === false && wasDisabled) return 'webhook_endpoint.enable';
  if (disabled === true && !wasDisabled) return 'webhook_endpoint.disable';
  return 'webhook_endpoint.update';
}
