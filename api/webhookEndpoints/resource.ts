// The WebhookEndpoint object. Its signing secret is shown when it is made: when the endpoint is created, and
// when the secret is rolled.
import { z } from '@hono/zod-openapi';
import { and, eq, isNull } from 'drizzle-orm';
import { webhookEndpoint } from '../../lib/db/schema/index.js';
import { randomBase62 } from '../../lib/randomToken.js';
import { unixSeconds } from '../../lib/resources/unixSeconds.js';

/** `{id}` of one endpoint. */

/** A fresh signing secret: `whsec_` and the key, as Standard Webhooks libraries take it. */
export const newSigningSecret = () => `whsec_${randomBase62(32)}`;

/** Endpoint `id` if it is `merchantId`'s and not deleted. */
export const ownEndpoint = (id: string, merchantId: string) =>
  and(eq(webhookEndpoint.id, id), eq(webhookEndpoint.merchantId, merchantId), isNull(webhookEndpoint.deletedAt));

export const webhookEndpointSchema = z
  .object({
    id: z.string(),
    object: z.literal('webhook_endpoint'),
    url: z.string(),
    description: z.string().nullable(),
    enabled_events: z.array(z.string()),
    status: z.enum(['enabled', 'disabled']).openapi({
      description:
        '`disabled`: nothing is sent there. The gateway disables an endpoint whose deliveries all failed for 3 days straight; `POST /v1/webhook_endpoints/{id}` with `disabled: false` enables it again once it works',
    }),
    disabled_at: z.number().int().nullable(),
    created: z.number().int(),
    previous_secret_expires_at: z.number().int().nullable().openapi({
      description:
        'Until when deliveries are also signed with the secret the last roll replaced (`webhook-signature` then holds two signatures); null if never rolled',
    }),
    secret: z.string().optional().openapi({
      description:
        '`whsec_…`, the HMAC key deliveries are signed with: only in the answer that made it (create, roll_secret)',
    }),
  })
  .openapi('WebhookEndpoint');

export function toWebhookEndpoint(
  row: typeof webhookEndpoint.$inferSelect,
  withSecret = false,
): z.infer<typeof webhookEndpointSchema> {
  return {
    id: row.id,
    object: 'webhook_endpoint',
    url: row.url,
    description: row.description,
    enabled_events: row.enabledEvents,
    status: row.disabledAt ? 'disabled' : 'enabled',
    disabled_at: unixSeconds(row.disabledAt),
    created: unixSeconds(row.createdAt),
    previous_secret_expires_at: unixSeconds(row.previousSecretExpiresAt),
    ...(withSecret ? { secret: row.secret } : {}),
  };
}
