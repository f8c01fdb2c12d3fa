// How an intent finds what the indexer recorded of it: its payment id on its own chain. A payment id is
// unique per chain only, so every join of an intent with indexed rows names both.
import { and, eq, type SQL } from 'drizzle-orm';
import type { ChainViews } from '../chainViews.js';
import { paymentIntent } from '../db/schema/index.js';

/** The indexed payment of the `app.payment_intent` row in scope. */
export const paymentOfIntent = ({ payment }: Pick<ChainViews, 'payment'>): SQL =>
  and(eq(payment.chainId, paymentIntent.chainId), eq(payment.id, paymentIntent.paymentId))!;

/** The indexed escrow events of the `app.payment_intent` row in scope. */
export const eventOfIntent = ({ escrowEvent }: Pick<ChainViews, 'escrowEvent'>): SQL =>
  and(eq(escrowEvent.chainId, paymentIntent.chainId), eq(escrowEvent.paymentId, paymentIntent.paymentId))!;
