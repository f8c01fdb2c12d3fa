// The ApiKey object. The secret appears once, in the response that creates it (create and roll).
import { z } from '@hono/zod-openapi';
import type { apiKey } from '../../lib/db/schema/index.js';
import { nullable } from '../../lib/resources/nullable.js';
import { unixSeconds } from '../../lib/resources/unixSeconds.js';
import { apiResources } from '../middleware/permission.js';

/** `{id}` of one key. */

export const permissionsSchema = z
  .strictObject({
    read_only: z.boolean().optional().openapi({ description: 'Only GET requests' }),
    resources: z.array(z.enum(apiResources)).min(1).optional().openapi({ description: 'Only these resources' }),
  })
  .openapi('ApiKeyPermissions');

export const apiKeySchema = z
  .object({
    id: z.string(),
    object: z.literal('api_key'),
    name: z.string().nullable(),
    mode: z.enum(['test', 'live']),
    redacted: z.string().openapi({ example: 'sk_test_Ab3d…' }),
    permissions: nullable(permissionsSchema).openapi({ description: 'null: full access' }),
    created: z.number().int(),
    last_used: z.number().int().nullable(),
    expires_at: z.number().int().nullable(),
    revoked_at: z.number().int().nullable(),
    secret: z.string().optional().openapi({
      description: 'The key itself: only in the response that created it. Store it now; it cannot be shown again.',
    }),
  })
  .openapi('ApiKey');

export function toApiKey(row: typeof apiKey.$inferSelect, secret?: string): z.infer<typeof apiKeySchema> {
  return {
    id: row.id,
    object: 'api_key',
    name: row.name,
    mode: row.mode,
    redacted: `${row.prefix}…`,
    permissions: row.permissions && {
      read_only: row.permissions.readOnly,
      resources: row.permissions.resources as never,
    },
    created: unixSeconds(row.createdAt),
    last_used: unixSeconds(row.lastUsedAt),
    expires_at: unixSeconds(row.expiresAt),
    revoked_at: unixSeconds(row.revokedAt),
    ...(secret ? { secret } : {}),
  };
}
