// The Dispute object of the admin API: a disputed payment as the arbiter weighs it (both sides' on-chain
// facts, what is at stake, the time left before the escrow's default applies), the operator's notes, and
// the ruling, if any.
import { z } from '@hono/zod-openapi';
import {
  and,
  asc,
  desc,
  eq,
  getTableColumns,
  getViewSelectedFields,
  inArray,
  isNull,
  type SQL,
  sql,
} from 'drizzle-orm';
import { getAddress } from 'viem';
import type { ChainViews } from '../../lib/chainViews.js';
import type { AnyDb } from '../../lib/db/client.js';
import { disputeNote, disputeRuling, keeperTransaction, merchant, paymentIntent } from '../../lib/db/schema/index.js';
import { paymentOfIntent } from '../../lib/paymentIntents/indexed.js';
import {
  chainFact,
  chainFactSchema,
  type NetworksById,
  networkFields,
  networkFieldsSchema,
} from '../../lib/resources/chainFact.js';
import { disputeResolution } from '../../lib/resources/paymentIntent.js';
import { unixSeconds } from '../../lib/resources/unixSeconds.js';
import { ApiError } from '../errors.js';

export const rulingStatuses = ['pending', 'succeeded', 'failed'] as const;

export const rulingSchema = z
  .object({
    id: z.string().openapi({ example: 'dr_3kTq9vM2xYb8LwZp0aRc4dEf' }),
    object: z.literal('dispute_ruling'),
    payment_intent: z.string(),
    buyer_amount: z.string().openapi({ description: 'Base units back to the buyer' }),
    merchant_share: z.string().openapi({ description: 'Base units to the merchant, before the fee' }),
    note: z.string().nullable(),
    decided_by: z.string(),
    sent_by: z.enum(['worker', 'wallet']).openapi({
      description: "`worker`: the gateway's arbiter signer sends it; `wallet`: an arbiter's own wallet sent it",
    }),
    transaction_hash: z.string().nullable().openapi({ description: 'The transaction an arbiter wallet sent' }),
    status: z.enum(rulingStatuses).openapi({
      description: '`pending` until the indexer sees the payment resolved, `failed` (see `failure_reason`) if not sent',
    }),
    failure_reason: z.string().nullable(),
    created: z.number().int(),
  })
  .openapi('DisputeRuling');

export const disputeNoteSchema = z
  .object({
    id: z.string().openapi({ example: 'dn_3kTq9vM2xYb8LwZp0aRc4dEf' }),
    object: z.literal('dispute_note'),
    payment_intent: z.string(),
    body: z.string(),
    author: z.string().openapi({ description: 'The admin user who wrote it, or `admin_api_key`' }),
    created: z.number().int(),
  })
  .openapi('DisputeNote');

export const toDisputeNote = (note: typeof disputeNote.$inferSelect): z.infer<typeof disputeNoteSchema> => ({
  id: note.id,
  object: 'dispute_note',
  payment_intent: note.paymentIntentId,
  body: note.body,
  author: note.author,
  created: unixSeconds(note.createdAt),
});

export const disputeSchema = z
  .object({
    payment_intent: z.string(),
    object: z.literal('dispute'),
    ...networkFieldsSchema,
    status: z.enum(['open', 'resolved']).openapi({ description: '`resolved` once the escrow has settled it' }),
    merchant: z.object({ id: z.string(), name: z.string(), payout_address: z.string() }),
    buyer: z.string(),
    asset: z.object({ address: z.string(), symbol: z.string(), decimals: z.number().int() }),
    amount: z.string().openapi({ description: 'What the buyer paid, in base units' }),
    amount_escrowed: z.string().openapi({ description: 'Still held, what the ruling splits' }),
    description: z.string().nullable(),
    escrowed: chainFactSchema,
    disputed: chainFactSchema,
    dispute_deadline: z.number().int().openapi({
      description: 'Unix seconds; from then on the escrow returns everything to the buyer unless the arbiter ruled',
    }),
    escrow_record: z
      .object({
        id: z.string(),
        buyer: z.string(),
        merchant: z.string(),
        token: z.string(),
        amount: z.string(),
        fee_bps: z.number().int(),
        release_after: z.string(),
      })
      .openapi({ description: "The escrow's record of the payment: the `payment` argument of `resolveDispute`" }),
    notes: z.array(disputeNoteSchema).openapi({ description: 'What the operator wrote down, oldest first' }),
    ruling: rulingSchema.nullable(),
    outcome: z
      .object({ buyer_amount: z.string(), merchant_amount: z.string(), fee_amount: z.string() })
      .nullable()
      .openapi({ description: 'What the escrow did once resolved: to the buyer, to the merchant, and the fee' }),
  })
  .openapi('Dispute');

export type DisputeResource = z.infer<typeof disputeSchema>;
export type RulingResource = z.infer<typeof rulingSchema>;

/** Why a worker ruling's keeper transaction failed on chain (reverted, or its nonce taken back); else null. */
const keeperFailure = sql<string | null>`CASE WHEN ${keeperTransaction.state} IN ('reverted', 'failed')
  THEN 'its transaction ' || ${keeperTransaction.state} || ': ' || coalesce(${keeperTransaction.error}, 'no reason given') END`;

/**
 * Refuses a ruling on intent `id` while another is on its way. A worker ruling whose transaction failed on
 * chain is not on its way any more: it is marked failed with the keeper's reason, and another may follow.
 */
export async function refuseWhileRulingPending(db: AnyDb, id: string) {
  const [pending] = await db
    .select({ id: disputeRuling.id, keeperError: keeperFailure })
    .from(disputeRuling)
    .leftJoin(keeperTransaction, eq(keeperTransaction.id, disputeRuling.keeperTransactionId))
    .where(and(eq(disputeRuling.paymentIntentId, id), isNull(disputeRuling.failureReason)));
  if (!pending) return;
  if (pending.keeperError) {
    await db.update(disputeRuling).set({ failureReason: pending.keeperError }).where(eq(disputeRuling.id, pending.id));
    return;
  }
  throw new ApiError('dispute_ruling_pending', `A ruling on PaymentIntent ${id} is on its way already: ${pending.id}.`);
}

/** Disputes matching `where`, each with its latest ruling, nearest deadline first. */
export async function selectDisputes(db: AnyDb, views: ChainViews, where: SQL | undefined, limit: number) {
  const rows = await db
    .select({ intent: paymentIntent, merchant, payment: getViewSelectedFields(views.payment) })
    .from(paymentIntent)
    .innerJoin(views.payment, paymentOfIntent(views))
    .innerJoin(merchant, eq(merchant.id, paymentIntent.merchantId))
    .where(where)
    .orderBy(views.payment.disputeDeadline)
    .limit(limit);
  const ids = rows.map((row) => row.intent.id);
  const [rulings, notes] =
    rows.length === 0
      ? [[], []]
      : await Promise.all([
          db
            .select({ ...getTableColumns(disputeRuling), keeperError: keeperFailure })
            .from(disputeRuling)
            .leftJoin(keeperTransaction, eq(keeperTransaction.id, disputeRuling.keeperTransactionId))
            .where(inArray(disputeRuling.paymentIntentId, ids))
            .orderBy(desc(disputeRuling.createdAt)),
          db
            .select()
            .from(disputeNote)
            .where(inArray(disputeNote.paymentIntentId, ids))
            .orderBy(asc(disputeNote.createdAt), asc(disputeNote.id)),
        ]);
  return rows.map((row) => ({
    ...row,
    ruling: rulings.find((ruling) => ruling.paymentIntentId === row.intent.id),
    notes: notes.filter((note) => note.paymentIntentId === row.intent.id),
  }));
}

type DisputeRow = Awaited<ReturnType<typeof selectDisputes>>[number];

export function toRuling(
  ruling: typeof disputeRuling.$inferSelect & { keeperError?: string | null },
  paymentStatus: string,
): RulingResource {
  const failure = ruling.failureReason ?? ruling.keeperError ?? null;
  return {
    id: ruling.id,
    object: 'dispute_ruling',
    payment_intent: ruling.paymentIntentId,
    buyer_amount: ruling.buyerAmount.toString(),
    merchant_share: ruling.merchantShare.toString(),
    note: ruling.note,
    decided_by: ruling.decidedBy,
    sent_by: ruling.transactionHash ? 'wallet' : 'worker',
    transaction_hash: ruling.transactionHash,
    status: paymentStatus === 'resolved' && !failure ? 'succeeded' : failure ? 'failed' : 'pending',
    failure_reason: failure,
    created: unixSeconds(ruling.createdAt),
  };
}

export function toDispute(row: DisputeRow, networks: NetworksById): DisputeResource {
  const { intent, payment } = row;
  const chain = networks.get(intent.chainId)?.chain;
  return {
    payment_intent: intent.id,
    object: 'dispute',
    ...networkFields(networks, intent.chainId),
    status: payment.status === 'disputed' ? 'open' : 'resolved',
    merchant: { id: row.merchant.id, name: row.merchant.name, payout_address: getAddress(payment.merchant) },
    buyer: getAddress(payment.buyer),
    asset: { address: getAddress(payment.token), symbol: intent.tokenSymbol, decimals: intent.tokenDecimals },
    amount: payment.amount.toString(),
    amount_escrowed: payment.escrowedAmount.toString(),
    description: intent.description,
    escrowed: chainFact(chain, payment.escrowedTx, payment.escrowedBlock, payment.escrowedAt)!,
    disputed: chainFact(chain, payment.disputedTx, payment.disputedBlock, payment.disputedAt)!,
    dispute_deadline: Number(payment.disputeDeadline),
    escrow_record: {
      id: payment.id,
      buyer: getAddress(payment.buyer),
      merchant: getAddress(payment.merchant),
      token: getAddress(payment.token),
      amount: payment.amount.toString(),
      fee_bps: payment.feeBps,
      release_after: payment.releaseAfter.toString(),
    },
    notes: row.notes.map(toDisputeNote),
    ruling: row.ruling ? toRuling(row.ruling, payment.status) : null,
    outcome: disputeResolution(payment),
  };
}
