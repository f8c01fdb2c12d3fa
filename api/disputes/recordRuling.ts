// POST /v1/admin/payment_intents/:id/record_ruling — an arbiter ruled from its own wallet (the admin
// console's "Rule from my wallet"): the gateway records the ruling, its note and who decided, from the
// mined transaction itself. Only a successful transaction to this escrow that resolved this intent's dispute
// is accepted, and the split recorded is the one its DisputeResolved event states; recording the same
// transaction again answers the same ruling.
import { type RouteHandler, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { type Hash, isAddressEqual, parseEventLogs } from 'viem';
import { pmtEscrowAbi } from '../../abis/index.js';
import { disputeRuling, paymentIntent } from '../../lib/db/schema/index.js';
import { newId } from '../../lib/randomToken.js';
import { adminRoute } from '../adminRoute.js';
import { auditChange } from '../audit/record.js';
import type { ApiEnv, NetworkServices } from '../context.js';
import { pathId } from '../conventions.js';
import { ApiError, errorResponses, notFound } from '../errors.js';
import { networkOfChain } from '../networks/served.js';
import { refuseWhileRulingPending, rulingSchema, selectDisputes, toRuling } from './resource.js';

const body = z
  .strictObject({
    transaction_hash: z
      .string()
      .regex(/^0x[0-9a-fA-F]{64}$/, 'a transaction hash: 0x and 64 hex digits')
      .openapi({ description: 'The mined transaction that called `resolveDispute` from an arbiter wallet' }),
    note: z.string().max(2_000).optional().openapi({ description: 'Why, for the record' }),
  })
  .openapi('DisputeRulingRecord');

export const route = adminRoute({
  method: 'post',
  operationId: 'adminRecordDisputeRuling',
  path: '/v1/admin/payment_intents/{id}/record_ruling',
  summary: 'Record a ruling an arbiter wallet sent (admin)',
  request: {
    params: pathId.paymentIntent,
    body: { content: { 'application/json': { schema: body } }, required: true },
  },
  responses: {
    200: { description: 'The ruling', content: { 'application/json': { schema: rulingSchema } } },
    ...errorResponses(404, 409, 503),
  },
});

const invalid = (message: string) => new ApiError('ruling_transaction_invalid', message, 'transaction_hash');

/** The split the transaction's DisputeResolved event states for `paymentId`; refuses any other transaction. */
async function resolvedSplit({ chain, network }: NetworkServices, hash: Hash, paymentId: string) {
  const receipt = await chain.getTransactionReceipt({ hash }).catch(() => {
    throw invalid(
      `Transaction ${hash} is not mined on ${network.name}, the payment's network (yet): send it, wait for it, then record it.`,
    );
  });
  if (receipt.status !== 'success') throw invalid(`Transaction ${hash} reverted: it ruled on nothing.`);
  const escrow = network.escrowAddress;
  const [event] = parseEventLogs({
    abi: pmtEscrowAbi,
    eventName: 'DisputeResolved',
    logs: receipt.logs.filter((log) => isAddressEqual(log.address, escrow)),
  }).filter((log) => log.args.id.toLowerCase() === paymentId);
  if (!event) throw invalid(`Transaction ${hash} did not resolve this payment's dispute on the escrow ${escrow}.`);
  return { ...event.args, arbiter: receipt.from };
}

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const input = c.req.valid('json');
  const hash = input.transaction_hash.toLowerCase() as Hash;
  const { services } = c.var;
  const [intent] = await c.var.db
    .select({ paymentId: paymentIntent.paymentId, chainId: paymentIntent.chainId })
    .from(paymentIntent)
    .where(eq(paymentIntent.id, id));
  if (!intent) throw notFound('payment_intent', id, 'id');
  const split = await resolvedSplit(networkOfChain(services, intent.chainId), hash, intent.paymentId);
  const ruling = await c.var.db.transaction(async (db) => {
    await db.select({ id: paymentIntent.id }).from(paymentIntent).where(eq(paymentIntent.id, id)).for('update');
    const [dispute] = await selectDisputes(db, services.views, eq(paymentIntent.id, id), 1);
    if (!dispute) throw notFound('payment_intent', id, 'id');
    const [recorded] = await db.select().from(disputeRuling).where(eq(disputeRuling.transactionHash, hash));
    if (recorded) return toRuling(recorded, dispute.payment.status);
    await refuseWhileRulingPending(db, id);
    const [created] = await db
      .insert(disputeRuling)
      .values({
        id: newId('dr'),
        paymentIntentId: id,
        merchantId: dispute.intent.merchantId,
        buyerAmount: split.buyerAmount,
        merchantShare: split.merchantAmount + split.fee,
        note: input.note ?? null,
        decidedBy: c.var.admin.actorId,
        transactionHash: hash,
      })
      .returning();
    const resource = toRuling(created!, dispute.payment.status);
    await auditChange(c, db, {
      merchantId: dispute.intent.merchantId,
      action: 'dispute.record_wallet_ruling',
      target: id,
      before: { status: 'disputed' },
      after: { ...resource, arbiter: split.arbiter },
    });
    return resource;
  });
  return c.json(ruling, 200);
};
