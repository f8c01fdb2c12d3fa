// GET /v1/balance — per asset: what is still in escrow, what can be paid out, and what has been, all
// from indexed chain state (every payout address the merchant has used).
import { type RouteHandler, z } from '@hono/zod-openapi';
import { eq, inArray, sql } from 'drizzle-orm';
import { getAddress } from 'viem';
import { merchantWallet, paymentIntent } from '../../lib/db/schema.js';
import { NATIVE_TOKEN } from '../../lib/intent.js';
import type { ApiEnv } from '../context.js';
import { errorResponses } from '../errors.js';
import { merchantRoute } from '../merchantRoute.js';

const amounts = z.object({
  asset: z.string().openapi({ description: '`native` or the token address' }),
  escrowed: z.string(),
  available: z.string(),
  paid_out: z.string(),
  withdrawn: z.string(),
});

export const route = merchantRoute('balance', {
  method: 'get',
  path: '/v1/balance',
  summary: 'Retrieve your balance',
  responses: {
    200: {
      description: 'Amounts per asset, in base units',
      content: {
        'application/json': {
          schema: z.object({ object: z.literal('balance'), assets: z.array(amounts) }).openapi('Balance'),
        },
      },
    },
    ...errorResponses(503),
  },
});

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  const { db, services } = c.var;
  const merchantId = c.var.apiKey.merchantId;
  const { payment, balance } = services.views;
  const wallets = db
    .select({ address: sql`lower(${merchantWallet.address})` })
    .from(merchantWallet)
    .where(eq(merchantWallet.merchantId, merchantId));
  const [escrowed, balances] = await Promise.all([
    db
      .select({ token: payment.token, amount: sql<string>`sum(${payment.escrowedAmount})::text` })
      .from(payment)
      .innerJoin(paymentIntent, eq(paymentIntent.paymentId, payment.id))
      .where(eq(paymentIntent.merchantId, merchantId))
      .groupBy(payment.token),
    db.select().from(balance).where(inArray(balance.account, wallets)),
  ]);
  const byToken = new Map<string, { escrowed: bigint; available: bigint; paidOut: bigint; withdrawn: bigint }>();
  const entry = (token: string) =>
    byToken.get(token) ?? byToken.set(token, { escrowed: 0n, available: 0n, paidOut: 0n, withdrawn: 0n }).get(token)!;
  for (const row of escrowed) entry(row.token).escrowed += BigInt(row.amount);
  for (const row of balances) {
    const totals = entry(row.token);
    totals.available += row.available;
    totals.paidOut += row.paidOut;
    totals.withdrawn += row.withdrawn;
  }
  const assets = [...byToken].map(([token, totals]) => ({
    asset: token === NATIVE_TOKEN ? 'native' : getAddress(token),
    escrowed: totals.escrowed.toString(),
    available: totals.available.toString(),
    paid_out: totals.paidOut.toString(),
    withdrawn: totals.withdrawn.toString(),
  }));
  return c.json({ object: 'balance' as const, assets }, 200);
};
