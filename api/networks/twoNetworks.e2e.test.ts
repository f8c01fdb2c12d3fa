// One API serving two networks (NETWORKS=anvil,anvil-2), each with its own anvil, escrow and indexer: a
// merchant integrates once and takes payments on either, each intent signed for its own chain and read
// against that chain's clock and final block; and with one chain's node stopped, the other goes on.
import type { Address, Hex } from 'viem';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Anvil, startAnvil } from '../../devkit/anvil.js';
import { devAccounts } from '../../devkit/devAccounts.js';
import { deployLocalStack, type LocalDeployment } from '../../devkit/localDeployment.js';
import { confirmed, localChain, walletClientFor } from '../../lib/chain.js';
import { type ApiStack, type Intent, startApiStack, type TestMerchant } from '../../test/harness/apiStack.js';
import { startTestIndexer, type TestIndexer } from '../../test/harness/indexer.js';
import { pollUntil } from '../../test/harness/poll.js';
import { expectStatus } from '../../test/harness/typedClient.js';
import type { PmtClient } from '../client.js';

let stack: ApiStack;
let other: { anvil: Anvil; deployment: LocalDeployment; indexer: TestIndexer };
let api: { url: string; client: (key: string) => PmtClient };
let shop: TestMerchant;
let client: PmtClient;

beforeAll(async () => {
  stack = await startApiStack();
  const anvil = await startAnvil({ chainId: 31_338 });
  const deployment = await deployLocalStack(anvil.rpcUrl, anvil.chainId);
  const indexer = await startTestIndexer({
    databaseUrl: stack.api.services.config.databaseUrl,
    rpcUrl: anvil.rpcUrl,
    ...deployment,
    network: 'anvil-2',
    servedNetworks: ['anvil', 'anvil-2'],
    viewsSchema: stack.indexer.viewsSchema,
  });
  other = { anvil, deployment, indexer };
  await indexer.waitUntilReady();
  // The stack's own API serves `anvil` alone; this one both, each network under its own names.
  const served = await stack.extraApi({
    PMT_NETWORK: '',
    RPC_URL: '',
    ESCROW_ADDRESS: '',
    NETWORKS: 'anvil,anvil-2',
    RPC_URL_ANVIL: stack.rpcUrl,
    ESCROW_ADDRESS_ANVIL: stack.deployment.escrowAddress,
    RPC_URL_ANVIL_2: anvil.rpcUrl,
    ESCROW_ADDRESS_ANVIL_2: deployment.escrowAddress,
  });
  api = { url: served.api.url, client: (key) => served.client(key) };
  shop = await stack.merchant();
  client = api.client(shop.key);
}, 180_000);

afterAll(async () => {
  await other?.indexer.stop();
  await other?.anvil.stop();
  await stack?.stop();
});

const create = async (network?: string) =>
  expectStatus(
    await client.v1.payment_intents.$post({
      json: { amount_crypto: '1000000000000000', ...(network ? { network } : {}) },
      header: {},
    }),
    200,
  );

/** Sends the call the intent names from the demo buyer on `rpcUrl`'s chain. */
async function pay(intent: Intent, chainId: number, rpcUrl: string) {
  const buyer = walletClientFor(localChain(chainId, rpcUrl), devAccounts.buyer);
  const { transaction } = intent;
  await confirmed(
    buyer,
    buyer.sendTransaction({
      to: transaction.to as Address,
      data: transaction.data as Hex,
      value: BigInt(transaction.value),
    }),
  );
}

const read = async (id: string) => expectStatus(await client.v1.payment_intents[':id'].$get({ param: { id } }), 200);

const succeeded = (id: string) =>
  pollUntil(
    `intent ${id}`,
    () => read(id),
    (intent) => intent.status === 'succeeded',
    30_000,
  );

it('takes a payment on each network it serves, signed for and read on its own chain', async () => {
  const networks = await expectStatus(await client.v1.networks.$get(), 200);
  expect(
    networks.data.map(({ name, chain_id, default: isDefault, escrow_address }) => ({
      name,
      chain_id,
      isDefault,
      escrow_address,
    })),
  ).toEqual([
    { name: 'anvil', chain_id: 31_337, isDefault: true, escrow_address: stack.deployment.escrowAddress },
    { name: 'anvil-2', chain_id: 31_338, isDefault: false, escrow_address: other.deployment.escrowAddress },
  ]);

  const here = await create();
  const there = await create('anvil-2');
  expect(here).toMatchObject({ network: 'anvil', chain_id: 31_337, escrow_address: stack.deployment.escrowAddress });
  expect(there).toMatchObject({
    network: 'anvil-2',
    chain_id: 31_338,
    escrow_address: other.deployment.escrowAddress,
    transaction: { to: other.deployment.escrowAddress },
  });

  // Each escrow takes only the intent signed for its own chain: paid there, each succeeds.
  await pay(there, 31_338, other.anvil.rpcUrl);
  await pay(here, 31_337, stack.rpcUrl);
  const [paidHere, paidThere] = await Promise.all([succeeded(here.id), succeeded(there.id)]);
  expect(paidThere.payment).toMatchObject({ final: true, amount_escrowed: '1000000000000000' });
  expect(paidHere.payment).toMatchObject({ final: true });

  const onlyThere = await expectStatus(await client.v1.payment_intents.$get({ query: { network: 'anvil-2' } }), 200);
  expect(onlyThere.data.map(({ id }) => id)).toEqual([there.id]);

  const balance = await expectStatus(await client.v1.balance.$get(), 200);
  expect(balance.assets.map(({ network, asset, escrowed }) => ({ network, asset, escrowed }))).toEqual([
    { network: 'anvil', asset: 'native', escrowed: '1000000000000000' },
    { network: 'anvil-2', asset: 'native', escrowed: '1000000000000000' },
  ]);

  const readiness = await fetch(`${api.url}/readyz`);
  expect(readiness.status).toBe(200);
  expect((await readiness.json()).checks).toMatchObject({
    'indexer:anvil': { ok: true, network: 'anvil' },
    'indexer:anvil-2': { ok: true, network: 'anvil-2' },
    'operator:anvil-2': { ok: true },
  });
});

it("goes on taking payments on one network while the other's node is stopped", async () => {
  const waiting = await create('anvil-2');
  process.kill(other.anvil.pid, 'SIGSTOP');
  try {
    const here = await create();
    await pay(here, 31_337, stack.rpcUrl);
    await succeeded(here.id);
    // The stopped chain's intent still reads, as it last stood.
    expect((await read(waiting.id)).status).toBe('requires_payment');
  } finally {
    process.kill(other.anvil.pid, 'SIGCONT');
  }
  await pay(waiting, 31_338, other.anvil.rpcUrl);
  await succeeded(waiting.id);
}, 90_000);
