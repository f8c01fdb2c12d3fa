// GET /v1/networks against a real stack: the network the gateway serves, its chain, escrow, finality and
// every asset its escrow accepts as indexed, with the symbols and decimals the chain reports.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ApiStack, startApiStack } from '../../test/harness/apiStack.js';
import { expectStatus } from '../../test/harness/typedClient.js';

let stack: ApiStack;

beforeAll(async () => {
  stack = await startApiStack();
}, 120_000);
afterAll(() => stack?.stop());

it('lists the network served, with the assets its escrow accepts', async () => {
  const shop = await stack.merchant();
  const networks = await expectStatus(await shop.client.v1.networks.$get(), 200);
  expect(networks).toEqual({
    object: 'list',
    data: [
      {
        object: 'network',
        name: 'anvil',
        chain_id: 31_337,
        display_name: 'Anvil',
        livemode: false,
        default: true,
        escrow_address: stack.deployment.escrowAddress,
        explorer_url: null,
        finality: { kind: 'depth', blocks: 0 },
        assets: [
          { asset: 'native', symbol: 'ETH', decimals: 18 },
          { asset: stack.deployment.tokenAddress, symbol: 'tUSD', decimals: 6 },
        ],
        assets_complete: true,
      },
    ],
  });
});
