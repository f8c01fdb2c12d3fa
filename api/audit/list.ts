// GET /v1/admin/audit_log — who changed what, newest first, for the operator: every change a console user
// or the admin key made, with the state before and after. The log itself cannot be changed (migration 0007).

import { type RouteHandler, z } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import { auditLog } from '../../lib/db/schema/index.js';
import { unixSeconds } from '../../lib/resources/unixSeconds.js';
import { adminRoute } from '../adminRoute.js';
import type { ApiEnv } from '../context.js';
import { objectId } from '../conventions.js';
import { errorResponses } from '../errors.js';
import { createdOrder, listBody, listSchema, pageOf, pageQuery, pastCursor, requireCursor } from '../pagination.js';

const entrySchema = z
  .object({
    id: z.string().openapi({ example: 'aud_3kTq9vM2xYb8LwZp0aRc4dEf' }),
    object: z.literal('audit_entry'),
    at: z.number().int().openapi({ description: 'Unix seconds' }),
    actor_kind: z.string().openapi({ description: '`console_user`, `api_key` or `command`' }),
    actor: z.string().nullable().openapi({ description: 'The console user’s id, or which credential' }),
    merchant: z.string().nullable(),
    action: z.string().openapi({ example: 'merchant.update' }),
    target: z.string().nullable(),
    before: z.record(z.string(), z.unknown()).nullable(),
    after: z.record(z.string(), z.unknown()).nullable(),
    ip: z.string().nullable(),
    user_agent: z.string().nullable(),
  })
  .openapi('AuditEntry');

export const route = adminRoute({
  method: 'get',
  operationId: 'adminListAuditLog',
  path: '/v1/admin/audit_log',
  summary: 'List the audit log (admin)',
  request: {
    query: pageQuery('audit entry').extend({
      merchant: objectId('mch').optional().openapi({ description: 'Only changes concerning this merchant' }),
      action: z.string().optional().openapi({ description: 'Only this action, e.g. `refund.create`' }),
    }),
  },
  responses: {
    200: {
      description: 'A page of entries, newest first',
      content: { 'application/json': { schema: listSchema('AuditEntryList', entrySchema) } },
    },
    ...errorResponses(400, 404),
  },
});

const toEntry = (row: typeof auditLog.$inferSelect): z.infer<typeof entrySchema> => ({
  id: row.id,
  object: 'audit_entry',
  at: unixSeconds(row.at),
  actor_kind: row.actorKind,
  actor: row.actorId,
  merchant: row.merchantId,
  action: row.action,
  target: row.target,
  before: row.before,
  after: row.after,
  ip: row.ip,
  user_agent: row.userAgent,
});

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  const params = c.req.valid('query');
  const { db } = c.var;
  const filters = and(
    params.merchant === undefined ? undefined : eq(auditLog.merchantId, params.merchant),
    params.action === undefined ? undefined : eq(auditLog.action, params.action),
  );
  const page = pageOf(params);
  await requireCursor(page, 'audit_entry', (id) =>
    db.select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.id, id)),
  );
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(filters, page.cursor && pastCursor(auditLog.at, auditLog.id, page.cursor.id, page.newerFirst)))
    .orderBy(...createdOrder(auditLog.at, auditLog.id, page.newerFirst))
    .limit(params.limit + 1);
  return c.json(listBody('/v1/admin/audit_log', rows, params, page, toEntry), 200);
};
