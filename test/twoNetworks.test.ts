// One gateway serving two networks (NETWORKS=anvil,anvil-2), each with its own anvil, escrow and indexer,
// one API and one worker serving both: a merchant integrates once and takes payments on either, each
// intent signed for its own chain and read against that chain's clock and final block, paid out there and
// announced by webhook with its network; and with one chain's node stopped, the other goes on paying,
// paying out and announcing, and the stopped one catches up once its node is back. A merchant may give a
// network a payout wallet of its own.
import { type Address, type Hex, parseEther } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pmtEscrowAbi } from '../abis/index.js';
import { escrowPaymentOf, type PmtClient } from '../api/client.js';
import { devAccounts } from '../devkit/devAccounts.js';
import { startWebhookReceiver, type WebhookReceiver } from '../devkit/webhookReceiver.js';
import { confirmed, localChain, walletClientFor } from '../lib/chain.js';
import { escrowRoleId } from '../lib/roles.js';
import { type ApiStack, type Intent, startApiStack } from './harness/apiStack.js';
import { launchBrowser } from './harness/browser.js';
import { pollUntil } from './harness/poll.js';
import { type SecondNetwork, startSecondNetwork, twoNetworkSettings } from './harness/secondNetwork.js';
import { expectStatus } from './harness/typedClient.js';
import { type TestWorkers, testWorkers } from './harness/worker.js';

let stack: ApiStack;
let other: SecondNetwork;
let api: { url: string };
let workers: TestWorkers;
/** Where the worker answers /readyz. */
let workerUrl: string;
/** The current merchant's webhook receiver, among every one started. */
let receiver: WebhookReceiver;
const receivers: WebhookReceiver[] = [];
/** The merchant the calls below are made as: a new one (its payouts on their own schedule), with webhooks. */
let client: PmtClient;
/** The operator's client of the API serving both networks. */
let operator: PmtClient;
let onboard: () => Promise<void>;

/** What the API and the worker are told: both networks, each under its own names. */
const twoNetworks = () => twoNetworkSettings(stack, other);

const chains = () => ({
  anvil: walletClientFor(stack.chain, devAccounts.buyer),
  'anvil-2': walletClientFor(localChain(other.anvil.chainId, other.anvil.rpcUrl), devAccounts.buyer),
});

beforeAll(async () => {
  stack = await startApiStack();
  other = await startSecondNetwork(stack);
  // The stack's own API serves `anvil` alone; this one both.
  const served = await stack.extraApi(twoNetworks());
  api = served.api;
  operator = served.client(stack.adminKey);
  workers = await testWorkers(stack, { WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true', OUTBOX_INTERVAL_MS: '100' });
  // The test keeper holds KEEPER_ROLE, and gas money, on the second chain too.
  const admin = walletClientFor(localChain(other.anvil.chainId, other.anvil.rpcUrl), devAccounts.admin);
  await admin.request({
    method: 'anvil_setBalance' as never,
    params: [workers.keeper, `0x${parseEther('100').toString(16)}`] as never,
  });
  await confirmed(
    admin,
    admin.writeContract({
      address: other.deployment.escrowAddress,
      abi: pmtEscrowAbi,
      functionName: 'grantRole',
      args: [escrowRoleId('KEEPER_ROLE'), workers.keeper],
    }),
  );
  // One job at a time: a network whose node is down must not hold the only slot (JobServices.nodeAnswers).
  const worker = await workers.start('worker', { ...twoNetworks(), WORKER_CONCURRENCY: '1' });
  workerUrl = /readiness at (\S+)/.exec(worker.output())![1]!;
  onboard = async () => {
    const shop = await stack.merchant({ feeBps: 100 });
    client = served.client(shop.key);
    receiver = await startWebhookReceiver();
    receivers.push(receiver);
    const endpoint = await expectStatus(
      await client.v1.webhook_endpoints.$post({ json: { url: receiver.url }, header: {} }),
      200,
    );
    receiver.secret = endpoint.secret;
  };
}, 240_000);

afterAll(async () => {
  await Promise.all(receivers.map((each) => each.close()));
  await workers?.stop();
  await other?.stop();
  await stack?.stop();
});

const create = async (network?: string) =>
  expectStatus(
    await client.v1.payment_intents.$post({
      json: { amount_crypto: parseEther('0.01').toString(), ...(network ? { network } : {}) },
      header: {},
    }),
    200,
  );

/** The demo buyer sends the call the intent names on its network's chain. */
async function pay(intent: Intent) {
  const buyer = chains()[intent.network as 'anvil' | 'anvil-2'];
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

/** The demo buyer releases a paid intent early, on its network's chain. */
async function release(intent: Intent) {
  const buyer = chains()[intent.network as 'anvil' | 'anvil-2'];
  await confirmed(
    buyer,
    buyer.writeContract({
      address: intent.escrow_address as Address,
      abi: pmtEscrowAbi,
      functionName: 'release',
      args: [escrowPaymentOf(intent)],
    }),
  );
}

const read = async (id: string) => expectStatus(await client.v1.payment_intents[':id'].$get({ param: { id } }), 200);

/** Until the API shows the intent's payment released (the indexer has seen it): its money is available. */
const released = (id: string) =>
  pollUntil(
    `intent ${id} released`,
    () => read(id),
    (intent) => intent.payment?.released != null,
    30_000,
  );

const reaching = (id: string, status: string) =>
  pollUntil(
    `intent ${id} ${status}`,
    () => read(id),
    (intent) => intent.status === status,
    30_000,
  );

/** The networks of the `payment_intent.succeeded` webhooks received for `id`. */
const announced = (id: string) =>
  receiver.received
    .filter(({ event }) => event.type === 'payment_intent.succeeded' && event.data.object.id === id)
    .map(({ event }) => event.data.object.network);

const paidOut = async () =>
  Object.fromEntries(
    (await expectStatus(await client.v1.balance.$get(), 200)).assets.map(({ network, paid_out }) => [
      network,
      paid_out,
    ]),
  );

it('takes a payment on each network it serves, signed for, read, paid out and announced on its own chain', async () => {
  await onboard();
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
  await pay(there);
  await pay(here);
  const [paidHere, paidThere] = await Promise.all([reaching(here.id, 'succeeded'), reaching(there.id, 'succeeded')]);
  expect(paidThere.payment).toMatchObject({ final: true, amount_escrowed: parseEther('0.01').toString() });
  expect(paidHere.payment).toMatchObject({ final: true });
  await expect
    .poll(() => [...announced(here.id), ...announced(there.id)], { timeout: 30_000 })
    .toEqual(['anvil', 'anvil-2']);

  const onlyThere = await expectStatus(await client.v1.payment_intents.$get({ query: { network: 'anvil-2' } }), 200);
  expect(onlyThere.data.map(({ id }) => id)).toEqual([there.id]);

  // Released by the buyer on each chain, then one payout run pays each network's balance on its own chain.
  await release(paidHere);
  await release(paidThere);
  await Promise.all([released(here.id), released(there.id)]);
  await workers.run('payouts__run');
  const net = (parseEther('0.01') * 9_900n) / 10_000n;
  await expect.poll(paidOut, { timeout: 30_000 }).toEqual({ anvil: net.toString(), 'anvil-2': net.toString() });
  const payouts = await expectStatus(await client.v1.payouts.$get({ query: {} }), 200);
  expect(
    payouts.data.map(({ network, status }) => ({ network, status })).sort((a, b) => (a.network! < b.network! ? -1 : 1)),
  ).toEqual([
    { network: 'anvil', status: 'paid' },
    { network: 'anvil-2', status: 'paid' },
  ]);

  for (const url of [api.url, workerUrl]) {
    const readiness = await fetch(`${url}/readyz`);
    expect(readiness.status, url).toBe(200);
    expect(Object.keys((await readiness.json()).checks).sort(), url).toEqual(
      expect.arrayContaining(['indexer:anvil', 'indexer:anvil-2']),
    );
  }
});

it("goes on paying, paying out and announcing on one network while the other's node is stopped", async () => {
  await onboard();
  const waiting = await create('anvil-2');
  process.kill(other.anvil.pid, 'SIGSTOP');
  try {
    const here = await create();
    await pay(here);
    const paid = await reaching(here.id, 'succeeded');
    await expect.poll(() => announced(here.id), { timeout: 30_000 }).toEqual(['anvil']);
    await release(paid);
    await released(here.id);
    await workers.addJob('payouts__run');
    const net = (parseEther('0.01') * 9_900n) / 10_000n;
    await expect.poll(async () => (await paidOut()).anvil, { timeout: 30_000 }).toBe(net.toString());
    // The stopped chain's intent still reads, as it last stood.
    expect((await read(waiting.id)).status).toBe('requires_payment');
    const readiness = await fetch(`${api.url}/readyz`);
    expect(readiness.status, 'the API stays in service for the network that works').toBe(200);
    // The operator's readings answer, each network's own: the stopped node's chain readings unknown.
    const operations = await expectStatus(await operator.v1.admin.operations.$get(), 200);
    expect(
      operations.networks.map(({ network, node, paused, solvency }) => ({
        network,
        ok: node.ok,
        paused,
        known: solvency.every((row) => row.on_chain !== null),
      })),
    ).toEqual([
      { network: 'anvil', ok: true, paused: false, known: true },
      { network: 'anvil-2', ok: false, paused: null, known: false },
    ]);
    // A gateway that has never read the stopped network's token lists its networks all the same.
    const shop = await stack.merchant();
    const fresh = (await stack.extraApi(twoNetworks())).client(shop.key);
    const listed = await expectStatus(await fresh.v1.networks.$get(), 200);
    expect(listed.data.map(({ name, assets, assets_complete }) => [name, assets.length, assets_complete])).toEqual([
      ['anvil', 2, true],
      ['anvil-2', 1, false],
    ]);
  } finally {
    process.kill(other.anvil.pid, 'SIGCONT');
  }
  // Back, the other chain takes its payment and announces it once.
  await pay(waiting);
  await reaching(waiting.id, 'succeeded');
  await expect.poll(() => announced(waiting.id), { timeout: 30_000 }).toEqual(['anvil-2']);
}, 120_000);

it("signs and pays out a network's payments to that network's own payout wallet, when the merchant sets one", async () => {
  await onboard();
  const own = privateKeyToAccount(generatePrivateKey()).address;
  const refused = await client.v1.merchant.wallet.$post({ json: { address: null }, header: {} });
  expect(refused.status, 'null without a network names nothing to go back to').toBe(400);
  const unserved = await client.v1.merchant.wallet.$post({ json: { address: own, network: 'moonbeam' }, header: {} });
  expect(((await unserved.json()) as { error: { code: string } }).error.code).toBe('network_not_served');

  const set = await expectStatus(
    await client.v1.merchant.wallet.$post({ json: { address: own, network: 'anvil-2' }, header: {} }),
    200,
  );
  expect(set.network_payout_addresses).toEqual([{ network: 'anvil-2', chain_id: 31_338, address: own }]);
  const there = await create('anvil-2');
  const here = await create();
  expect(there.payout_address).toBe(own);
  expect(here.payout_address).toBe(set.payout_address);

  await pay(there);
  await release(await reaching(there.id, 'succeeded'));
  await released(there.id);
  const chain = walletClientFor(localChain(other.anvil.chainId, other.anvil.rpcUrl), devAccounts.buyer);
  const before = await chain.getBalance({ address: own });
  await workers.run('payouts__run');
  const payoutsThere = async () =>
    (await expectStatus(await client.v1.payouts.$get({ query: { network: 'anvil-2' } }), 200)).data.map(
      ({ destination, status }) => ({ destination, status }),
    );
  await expect.poll(payoutsThere, { timeout: 30_000 }).toEqual([{ destination: own, status: 'paid' }]);
  expect(await chain.getBalance({ address: own })).toBe(before + (parseEther('0.01') * 9_900n) / 10_000n);

  // Back to the default: the network's next intent is signed for the one payout wallet again.
  const reset = await expectStatus(
    await client.v1.merchant.wallet.$post({ json: { address: null, network: 'anvil-2' }, header: {} }),
    200,
  );
  expect(reset.network_payout_addresses).toEqual([]);
  expect((await create('anvil-2')).payout_address).toBe(set.payout_address);
});

it('returns what a buyer sent to an intent’s deposit address on the wrong network, from that network', async () => {
  await onboard();
  // One deployer, one nonce: the escrow sits at one address on both chains, and so does each deposit address.
  expect(other.deployment.escrowAddress).toBe(stack.deployment.escrowAddress);
  const intent = await create();
  const wrong = chains()['anvil-2'];
  const deposit = intent.deposit.address as Address;
  const sent = parseEther('0.003');
  await confirmed(wrong, wrong.sendTransaction({ to: deposit, value: sent }));

  const refunds = async () =>
    (await expectStatus(await client.v1.refunds.$get({ query: { payment_intent: intent.id } }), 200)).data;
  const [returned] = await pollUntil(
    'the wrong-network deposit returned',
    refunds,
    (list) => list[0]?.status === 'succeeded',
    30_000,
  );
  expect(returned).toMatchObject({
    source: 'foreign_deposit',
    reason: 'wrong_network',
    network: 'anvil-2',
    chain_id: 31_338,
    asset: 'native',
    amount: sent.toString(),
    destination: devAccounts.buyer.address,
  });
  expect(await wrong.getBalance({ address: deposit })).toBe(0n);
  await expect
    .poll(
      () =>
        receiver.received
          .filter(({ event }) => event.type === 'refund.succeeded' && event.data.object.id === returned!.id)
          .map(({ event }) => event.data.object.network),
      { timeout: 30_000 },
    )
    .toEqual(['anvil-2']);
  // The intent itself, on its own network, was never paid; it says something came on another.
  expect(await read(intent.id)).toMatchObject({ status: 'requires_payment', deposit: { wrong_network: true } });
  // The buyer is told on the checkout page.
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.goto(`${api.url}/checkout/${intent.id}${new URL(intent.checkout_url).hash}`);
    const notice = page.locator('[data-deposit="wrong_network"]');
    await notice.waitFor({ timeout: 15_000 });
    expect(await notice.textContent()).toContain('arrived on another network than Anvil');
  } finally {
    await browser.close();
  }
});
