// POST /v1/admin/payment_intents/:id/dispute_notes — the operator writes down something about a dispute
// while weighing it (what the buyer or merchant said, evidence seen). Notes are added, never changed; each
// is in the audit log, written in the same transaction.
import { type RouteHandler, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { disputeNote, paymentIntent } from '../../lib/db/schema/index.js';
import { newId } from '../../lib/randomToken.js';
import { adminRoute } from '../adminRoute.js';
import { auditChange } from '../audit/record.js';
import type { ApiEnv } from '../context.js';
import { pathId } from '../conventions.js';
import { ApiError, errorResponses, notFound } from '../errors.js';
import { disputeNoteSchema, selectDisputes, toDisputeNote } from './resource.js';

const body = z
  .strictObject({ body: z.string().trim().min(1).max(2_000).openapi({ description: 'The note' }) })
  .openapi('DisputeNoteCreate');

export const route = adminRoute({
  method: 'post',
  operationId: 'adminAddDisputeNote',
  path: '/v1/admin/payment_intents/{id}/dispute_notes',
  summary: 'Add a note to a dispute (admin)',
  request: {
    params: pathId.paymentIntent,
    body: { content: { 'application/json': { schema: body } }, required: true },
  },
  responses: {
    200: { description: 'The note', content: { 'application/json': { schema: disputeNoteSchema } } },
    ...errorResponses(404, 409, 503),
  },
});

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const input = c.req.valid('json');
  const note = await c.var.db.transaction(async (db) => {
    const [dispute] = await selectDisputes(db, c.var.services.views, eq(paymentIntent.id, id), 1);
    if (!dispute) throw notFound('payment_intent', id, 'id');
    if (dispute.payment.disputedBlock === null) {
      throw new ApiError(
        'payment_intent_unexpected_state',
        `PaymentIntent ${id}'s payment was never disputed: there is no dispute to note.`,
      );
    }
    const [created] = await db
      .insert(disputeNote)
      .values({
        id: newId('dn'),
        paymentIntentId: id,
        merchantId: dispute.intent.merchantId,
        body: input.body,
        author: c.var.admin.actorId,
      })
      .returning();
    const resource = toDisputeNote(created!);
    await auditChange(c, db, {
      merchantId: dispute.intent.merchantId,
      action: 'dispute.note',
      target: id,
      after: resource,
    });
    return resource;
  });
  return c.json(note, 200);
};
