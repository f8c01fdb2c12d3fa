// POST /v1/api_keys/:id/roll — replace a key with a new secret of the same name and permissions; the old
// one keeps working for the grace period given (none by default), so servers can switch without downtime.
// A key is rolled once: rolling it again in its grace period would make a second successor and cut the
// grace the servers still switching count on, so that is refused (only a roll sets `expires_at`).
import { type RouteHandler, z } from '@hono/zod-openapi';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { issueApiKey } from '../../lib/apiKeys/store.js';
import { apiKey } from '../../lib/db/schema/index.js';
import { unixSeconds } from '../../lib/resources/unixSeconds.js';
import { auditChange } from '../audit/record.js';
import type { ApiEnv } from '../context.js';
import { pathId, rollGrace } from '../conventions.js';
import { ApiError, errorResponses, notFound } from '../errors.js';
import { merchantRoute } from '../merchantRoute.js';
import { apiKeySchema, toApiKey } from './resource.js';

const body = z
  .strictObject({
    expires_in_seconds: rollGrace('key'),
  })
  .openapi('ApiKeyRoll');

export const route = merchantRoute('api_keys', {
  method: 'post',
  operationId: 'rollApiKey',
  path: '/v1/api_keys/{id}/roll',
  summary: 'Roll an API key',
  description:
    'A key is rolled once: a key still in the grace period of an earlier roll answers 409 `roll_grace_period_active` (roll its successor, or revoke it); a revoked or expired one, 409 `api_key_inactive`.',
  request: {
    params: pathId.apiKey,
    body: { content: { 'application/json': { schema: body } }, required: true },
  },
  responses: {
    200: {
      description: 'The new key, with its secret this one time',
      content: { 'application/json': { schema: apiKeySchema } },
    },
    ...errorResponses(404, 409),
  },
});

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const { expires_in_seconds: grace } = c.req.valid('json');
  const merchantId = c.var.apiKey.merchantId;
  const issued = await c.var.db.transaction(async (tx) => {
    const [old] = await tx
      .update(apiKey)
      .set({ expiresAt: sql`now() + make_interval(secs => ${grace})` })
      .where(
        and(eq(apiKey.id, id), eq(apiKey.merchantId, merchantId), isNull(apiKey.revokedAt), isNull(apiKey.expiresAt)),
      )
      .returning();
    if (!old) {
      const [found] = await tx
        .select({
          expiresAt: apiKey.expiresAt,
          inGrace: sql<boolean>`${apiKey.revokedAt} IS NULL AND ${apiKey.expiresAt} > now()`,
        })
        .from(apiKey)
        .where(and(eq(apiKey.id, id), eq(apiKey.merchantId, merchantId)));
      if (!found) throw notFound('api_key', id);
      if (found.inGrace) {
        const graceEnds = unixSeconds(found.expiresAt!);
        throw new ApiError(
          'roll_grace_period_active',
          `This key was already rolled; it keeps working until ${new Date(graceEnds * 1000).toISOString().replace('.000Z', 'Z')} (expires_at ${graceEnds}), the end of its grace period. Roll its successor instead, or revoke this key to end the grace period now.`,
        );
      }
      throw new ApiError('api_key_inactive', 'This key is revoked or expired; create a new key instead of rolling it.');
    }
    const successor = await issueApiKey(tx, merchantId, old.mode, { name: old.name, permissions: old.permissions });
    const shown = toApiKey(successor.row, successor.key);
    await auditChange(c, tx, { action: 'api_key.roll', target: id, after: shown });
    return shown;
  });
  c.var.afterCommit(() => c.var.services.keys.forget(id));
  return c.json(issued, 200);
};
