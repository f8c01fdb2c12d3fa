// POST /v1/merchant/wallet — where payouts go, and the `merchant` of every intent signed from now on: on
// every network, or with `network` on that one alone (its own address, or `null` for the default again).
import { type RouteHandler, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { merchant } from '../../lib/db/schema/index.js';
import { setPayoutAddress } from '../../lib/merchants/wallets.js';
import { receivingAddress } from '../address.js';
import { auditChange } from '../audit/record.js';
import type { ApiEnv } from '../context.js';
import { ApiError, errorResponses } from '../errors.js';
import { merchantRoute } from '../merchantRoute.js';
import { servedNetwork } from '../networks/served.js';
import { type MerchantResource, merchantSchema, toMerchant } from './resource.js';

const body = z
  .strictObject({
    address: z.string().nullable().openapi({
      example: '0x976EA74026E726554dB657fA54763abd0C3a0aa9',
      description: 'The payout address; with `network`, null makes that network use the default one again',
    }),
    network: z.string().optional().openapi({
      description:
        'Set the address of this network alone (a name `GET /v1/networks` gives); every network without one of its own when left out',
      example: 'moonbeam',
    }),
  })
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
  const input = c.req.valid('json');
  const chainId =
    input.network === undefined ? undefined : servedNetwork(c.var.services, input.network, 'network').network.chain.id;
  if (input.address === null && chainId === undefined) {
    throw new ApiError(
      'parameter_invalid',
      'address: null only makes a network use the default payout address again; name that network, or give an address.',
      'address',
    );
  }
  const address = input.address === null ? null : receivingAddress(input.address, 'address');
  const merchantId = c.var.apiKey.merchantId;
  const { chains } = c.var.services.config;
  const changed = await c.var.db.transaction(async (tx) => {
    const [before] = await tx.select().from(merchant).where(eq(merchant.id, merchantId));
    const updated = await setPayoutAddress(tx, merchantId, address, chainId);
    if (!updated) {
      throw new ApiError(
        'wallet_in_use',
        'This address is another merchant’s payout wallet. Each merchant needs an address of its own, because the escrow keeps balances per address.',
        'address',
      );
    }
    const shown = toMerchant(updated, chains);
    const wallets = ({ payout_address, network_payout_addresses }: MerchantResource) => ({
      payout_address,
      network_payout_addresses,
    });
    await auditChange(c, tx, {
      action: 'merchant.wallet',
      target: merchantId,
      before: wallets(toMerchant(before!, chains)),
      after: wallets(shown),
    });
    return shown;
  });
  return c.json(changed, 200);
};
