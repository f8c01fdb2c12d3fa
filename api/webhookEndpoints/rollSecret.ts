// POST /v1/webhook_endpoints/:id/roll_secret — a new signing secret, shown once. The old one keeps signing
// beside it for the grace period given (as a rolled API key keeps working): each delivery then carries
// both signatures in `webhook-signature`, so the receiver verifies with either while it switches. One roll
// at a time: another while a grace runs would drop a secret the receiver may still be using.
import { type RouteHandler, z } from '@hono/zod-openapi';
import { and, isNull, lte, or, sql } from 'drizzle-orm';
import { webhookEndpoint } from '../../lib/db/schema/index.js';
import { auditChange } from '../audit/record.js';
import type { ApiEnv } from '../context.js';
import { pathId, rollGrace } from '../conventions.js';
import { ApiError, errorResponses, notFound } from '../errors.js';
import { merchantRoute } from '../merchantRoute.js';
import { newSigningSecret, ownEndpoint, toWebhookEndpoint, webhookEndpointSchema } from './resource.js';

const body = z.strictObject({ expires_in_seconds: rollGrace('signing secret') }).openapi('WebhookEndpointRollSecret');

export const route = merchantRoute('webhook_endpoints', {
  method: 'post',
  operationId: 'rollWebhookEndpointSecret',
  path: '/v1/webhook_endpoints/{id}/roll_secret',
  summary: 'Roll a webhook endpoint’s signing secret',
  description:
    'Replaces the signing secret. The old one keeps signing for `expires_in_seconds` (none by default): until then every delivery’s `webhook-signature` holds two `v1,…` signatures, one per secret, and a Standard Webhooks library verifies with either. A second roll is refused (409 `roll_grace_period_active`) until that grace period ends.',
  request: {
    params: pathId.webhookEndpoint,
    body: { content: { 'application/json': { schema: body } }, required: true },
  },
  responses: {
    200: {
      description: 'The endpoint, with its new secret this one time',
      content: { 'application/json': { schema: webhookEndpointSchema } },
    },
    ...errorResponses(404, 409),
  },
});

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const { expires_in_seconds: grace } = c.req.valid('json');
  const own = ownEndpoint(id, c.var.apiKey.merchantId);
  const rolled = await c.var.db.transaction(async (tx) => {
    const [row] = await tx
      .update(webhookEndpoint)
      // Every right-hand side reads the row as it was: the previous secret is the one being replaced.
      .set({
        secret: newSigningSecret(),
        previousSecret: sql`${webhookEndpoint.secret}`,
        previousSecretExpiresAt: sql`now() + make_interval(secs => ${grace})`,
      })
      .where(
        and(
          own,
          or(isNull(webhookEndpoint.previousSecretExpiresAt), lte(webhookEndpoint.previousSecretExpiresAt, sql`now()`)),
        ),
      )
      .returning();
    if (!row) return undefined;
    const shown = toWebhookEndpoint(row, true);
    await auditChange(c, tx, { action: 'webhook_endpoint.roll_secret', target: id, after: shown });
    return shown;
  });
  if (rolled) return c.json(rolled, 200);
  const [rolling] = await c.var.db
    .select({ until: webhookEndpoint.previousSecretExpiresAt })
    .from(webhookEndpoint)
    .where(own);
  if (!rolling) throw notFound('webhook_endpoint', id);
  throw new ApiError(
    'roll_grace_period_active',
    `The secret this endpoint's last roll replaced still signs deliveries until ${rolling.until!.toISOString()}: roll again once that grace period is over. If the new secret has leaked, delete the endpoint and create another.`,
  );
};
