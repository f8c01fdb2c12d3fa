// POST /v1/merchant/wallet — where payouts go, and the `merchant` of every intent signed from now on.
import { type RouteHandler, z } from '@hono/zod-openapi';
import { getAddress, isAddress, zeroAddress } from 'viem';
import { setPayoutAddress } from '../../lib/merchantWallets.js';
import type { ApiEnv } from '../context.js';
import { ApiError, errorResponses } from '../errors.js';
import { idempotencyHeaders, merchantRoute } from '../merchantRoute.js';
import { merchantSchema, toMerchant } from './resource.js';

const body = z
  .strictObject({ address: z.string().openapi({ example: '0x976EA74026E726554dB657fA54763abd0C3a0aa9' }) })
  .openapi('MerchantWalletUpdate');

export const route = merchantRoute('merchant', {
  method: 'post',
  operationId: 'updateMerchantWallet',
  path: '/v1/merchant/wallet',
  summary: 'Set the payout wallet',
  request: { headers: idempotencyHeaders, body: { content: { 'application/json': { schema: body } }, required: true } },
  responses: {
    200: {
      description: 'The merchant with its new payout address',
      content: { 'application/json': { schema: merchantSchema } },
    },
    ...errorResponses(409),
  },
});

/** The address in EIP-55 form, or a 400 that says what is wrong with it. */
function payoutAddress(input: string): `0x${string}` {
  if (!/^0x[0-9a-fA-F]{40}$/.test(input)) {
    throw new ApiError(
      'address_invalid',
      'Invalid address: an EVM address is 0x followed by 40 hexadecimal digits.',
      'address',
    );
  }
  if (!isAddress(input, { strict: true })) {
    throw new ApiError(
      'address_checksum_invalid',
      'Invalid address: its mixed-case EIP-55 checksum is wrong, so it may contain a typo. Copy it again from your wallet, or send it all lower-case.',
      'address',
    );
  }
  if (input.toLowerCase() === zeroAddress)
    throw new ApiError('address_invalid', 'Invalid address: the zero address cannot receive payouts.', 'address');
  return getAddress(input);
}

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  const address = payoutAddress(c.req.valid('json').address);
  const merchantId = c.var.apiKey.merchantId;
  const updated = await setPayoutAddress(c.var.db, merchantId, address);
  if (!updated) {
    throw new ApiError(
      'wallet_in_use',
      'This address is another merchant’s payout wallet. Each merchant needs an address of its own, because the escrow keeps balances per address.',
      'address',
    );
  }
  return c.json(toMerchant(updated), 200);
};
