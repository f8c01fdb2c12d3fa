// POST /v1/merchant/wallet — where payouts go, and the `merchant` of every intent signed from now on.
import { type RouteHandler, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { merchant } from '../../lib/db/schema/index.js';
import { setPayoutAddress } from '../../lib/merchants/wallets.js';
import { receivingAddress } from '../address.js';
import { auditChange } from '../audit/record.js';
import type { ApiEnv } from '../context.js';
import { ApiError, errorResponses } from '../errors.js';
import { merchantRoute } from '../merchantRoute.js';
import { merchantSchema, toMerchant } from './resource.js';

const body = z
  .strictObject({ address: z.string().openapi({ example: '0x976EA74026E726554dB657fA54763abd0C3a0aa9' }) })
  .openapi('MerchantWalletUpdate');

export const route = merchantRoute('merchant', {
  method: 'post',
  operationId: 'updateMerchantWallet',
  path: '/v1/merchant/wallet',
  summary: 'Set the payout wallet',
  request: { body: { content: { 'application/json': { schema: body } }, required: true } },
  responses: {
    200: {
      description: 'The merchant with its new payout address',
      content: { 'application/json': { schema: merchantSchema } },
    },
    ...errorResponses(409),
  },
});

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  const address = receivingAddress(c.req.valid('json').address, 'address');
  const merchantId = c.var.apiKey.merchantId;
  const changed = await c.var.db.transaction(async (tx) => {
    const [before] = await tx
      .select({ payoutAddress: merchant.payoutAddress })
      .from(merchant)
      .where(eq(merchant.id, merchantId));
    const updated = await setPayoutAddress(tx, merchantId, address);
    if (!updated) {
      throw new ApiError(
        'wallet_in_use',
        'This address is another merchant’s payout wallet. Each merchant needs an address of its own, because the escrow keeps balances per address.',
        'address',
      );
    }
    const shown = toMerchant(updated);
    await auditChange(c, tx, {
      action: 'merchant.wallet',
      target: merchantId,
      before: { payout_address: before?.payoutAddress ?? null },
      after: { payout_address: shown.payout_address },
    });
    return shown;
  });
  return c.json(changed, 200);
};
