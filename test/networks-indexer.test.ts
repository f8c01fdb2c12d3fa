// Two networks in one database, each indexed by its own `ponder start`: the combined views the API and the
// jobs read hold both chains' rows side by side, keyed by chain, even where one payment id and one escrow
// address are used on both; a transfer sent to an intent's deposit address on the wrong chain comes back;
// and one chain's node going silent stops neither the other chain's indexer nor
// what the combined views show of it.
import { type Address, type Hex, parseEther } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pmtEscrowAbi } from '../abis/index.js';
import { type Anvil, startAnvil } from '../devkit/anvil.js';
import { devAccounts } from '../devkit/devAccounts.js';
import { sendPayment } from '../devkit/devPayments.js';
import { deployLocalStack, type LocalDeployment } from '../devkit/localDeployment.js';
import { confirmed, localChain, walletClientFor } from '../lib/chain.js';
import { deadlineOf, type EscrowIntent, NATIVE_TOKEN, newPaymentId, signPaymentIntent } from '../lib/intent.js';
import { fileNode } from './harness/fileNode.js';
import { query, startTestIndexer, type TestIndexer } from './harness/indexer.js';

const first = await fileNode('networks_indexer');
const viewsSchema = 'views_networks';
const servedNetworks = ['anvil', 'anvil-2'];

interface Network {
  name: string;
  rpcUrl: string;
  chainId: number;
  deployment: LocalDeployment;
  indexer: TestIndexer;
}

let second: Anvil;
const networks: Network[] = [];

beforeAll(async () => {
  second = await startAnvil({ chainId: 31_338 });
  const nodes = [
    { name: 'anvil', rpcUrl: first.rpcUrl, chainId: first.chainId },
    { name: 'anvil-2', rpcUrl: second.rpcUrl, chainId: second.chainId },
  ];
  for (const node of nodes) {
    const deployment = await deployLocalStack(node.rpcUrl, node.chainId);
    const indexer = await startTestIndexer({
      databaseUrl: first.databaseUrl,
      rpcUrl: node.rpcUrl,
      ...deployment,
      network: node.name,
      servedNetworks,
      viewsSchema,
    });
    networks.push({ ...node, deployment, indexer });
  }
  await Promise.all(networks.map(({ indexer }) => indexer.waitUntilReady()));
}, 180_000);

afterAll(async () => {
  await Promise.all(networks.map(({ indexer }) => indexer.stop()));
  await second?.stop();
});

/** Pays `id` (valid until the deadline it carries) on `network` with `amount` wei, signed for that chain's escrow; resolves with the block. */
async function pay(network: Network, id: Hex, amount: bigint): Promise<bigint> {
  const buyer = walletClientFor(localChain(network.chainId, network.rpcUrl), devAccounts.buyer);
  const intent: EscrowIntent = {
    id,
    merchant: devAccounts.merchant.address,
    token: NATIVE_TOKEN,
    amount,
    feeBps: 100,
    // The deadline the id carries: one id on two chains, whose clocks differ by a second or so.
    deadline: deadlineOf(id),
    holdPeriod: 3_600n,
  };
  const escrow = network.deployment.escrowAddress;
  const signature = await signPaymentIntent(devAccounts.operator, { chainId: network.chainId, escrow }, intent);
  const receipt = await confirmed(buyer, sendPayment(buyer, escrow, { intent, signature }));
  return receipt.blockNumber;
}

/** Pays a new payment id on `network`, waits for its indexer, and says on which chains the combined views show it. */
async function payAndIndex(network: Network, amount: bigint, timeoutMs: number): Promise<number[]> {
  const buyer = walletClientFor(localChain(network.chainId, network.rpcUrl), devAccounts.buyer);
  const id = newPaymentId((await buyer.getBlock()).timestamp + 3_600n);
  await network.indexer.waitForBlock(await pay(network, id, amount), timeoutMs);
  const rows = await query<{ chain_id: number }>(
    first.databaseUrl,
    `SELECT chain_id FROM ${combined('payment')} WHERE id = $1`,
    [id],
  );
  return rows.map((row) => row.chain_id);
}

const combined = (table: string) => `"${viewsSchema}"."${table}"`;

describe('two networks in one gateway', () => {
  it('keeps one payment id and one escrow address on two chains apart, each row naming its chain', async () => {
    const [a, b] = networks as [Network, Network];
    // One deployer on two fresh chains: the same escrow address on both, as on real networks.
    expect(b.deployment.escrowAddress).toBe(a.deployment.escrowAddress);
    const { timestamp } = await walletClientFor(localChain(a.chainId, a.rpcUrl), devAccounts.buyer).getBlock();
    const id = newPaymentId(timestamp + 3_600n);
    const blocks = [await pay(a, id, parseEther('1')), await pay(b, id, parseEther('2'))];
    await Promise.all(networks.map(({ indexer }, index) => indexer.waitForBlock(blocks[index]!)));

    const payments = await query<{ chain_id: number; amount: string; status: string }>(
      first.databaseUrl,
      `SELECT chain_id, amount::text, status FROM ${combined('payment')} WHERE id = $1 ORDER BY chain_id`,
      [id],
    );
    expect(payments).toEqual([
      { chain_id: 31_337, amount: parseEther('1').toString(), status: 'escrowed' },
      { chain_id: 31_338, amount: parseEther('2').toString(), status: 'escrowed' },
    ]);
    const events = await query<{ chain_id: number; name: string }>(
      first.databaseUrl,
      `SELECT chain_id, name FROM ${combined('escrow_event')} WHERE payment_id = $1 ORDER BY chain_id`,
      [id],
    );
    expect(events).toEqual([
      { chain_id: 31_337, name: 'PaymentEscrowed' },
      { chain_id: 31_338, name: 'PaymentEscrowed' },
    ]);
    // Every combined table names the chain of each row, both chains' escrow state included.
    const states = await query<{ chain_id: number; address: Address }>(
      first.databaseUrl,
      `SELECT chain_id, address FROM ${combined('escrow_state')} ORDER BY chain_id`,
    );
    expect(states.map((row) => row.chain_id)).toEqual([31_337, 31_338]);
  });

  it("gives back a transfer sent on the wrong chain to an intent's deposit address, and indexes that", async () => {
    const [a, b] = networks as [Network, Network];
    const onB = walletClientFor(localChain(b.chainId, b.rpcUrl), devAccounts.buyer);
    const { timestamp } = await onB.getBlock();
    const deadline = timestamp + 3_600n;
    const intent: EscrowIntent = {
      id: newPaymentId(deadline),
      merchant: devAccounts.merchant.address,
      token: NATIVE_TOKEN,
      amount: parseEther('5'),
      feeBps: 100,
      deadline,
      holdPeriod: 3_600n,
    };
    const escrow = a.deployment.escrowAddress;
    const onA = walletClientFor(localChain(a.chainId, a.rpcUrl), devAccounts.buyer);
    const readDeposit = { address: escrow, abi: pmtEscrowAbi, functionName: 'depositAddress', args: [intent] } as const;
    const depositOnA = await onA.readContract(readDeposit);
    // The buyer sends on chain B to the address the checkout showed for chain A.
    await confirmed(onB, onB.sendTransaction({ to: depositOnA, value: parseEther('5') }));
    expect(await onB.readContract({ ...readDeposit, address: b.deployment.escrowAddress })).not.toBe(depositOnA);
    expect(
      await onB.readContract({
        address: b.deployment.escrowAddress,
        abi: pmtEscrowAbi,
        functionName: 'foreignDepositAddress',
        args: [BigInt(a.chainId), intent],
      }),
    ).toBe(depositOnA);

    const keeper = walletClientFor(localChain(b.chainId, b.rpcUrl), devAccounts.keeper);
    const before = await onB.getBalance({ address: devAccounts.buyer.address });
    const receipt = await confirmed(
      keeper,
      keeper.writeContract({
        address: b.deployment.escrowAddress,
        abi: pmtEscrowAbi,
        functionName: 'returnForeignDeposit',
        args: [BigInt(a.chainId), intent, NATIVE_TOKEN, devAccounts.buyer.address, parseEther('5')],
      }),
    );
    expect(await onB.getBalance({ address: devAccounts.buyer.address })).toBe(before + parseEther('5'));
    expect(await onB.getBalance({ address: depositOnA })).toBe(0n);

    await b.indexer.waitForBlock(receipt.blockNumber);
    const rows = await query<{ chain_id: number; account: string; amount: string; args: Record<string, string> }>(
      first.databaseUrl,
      `SELECT chain_id, account, amount::text, args FROM ${combined('escrow_event')}
       WHERE name = 'ForeignDepositReturned' AND transaction_hash = $1`,
      [receipt.transactionHash],
    );
    expect(rows).toEqual([
      {
        chain_id: b.chainId,
        account: devAccounts.buyer.address.toLowerCase(),
        amount: parseEther('5').toString(),
        args: expect.objectContaining({ chainId: String(a.chainId), id: intent.id }),
      },
    ]);
  });

  it("goes on indexing one chain while the other's node is silent, and catches that one up after", async () => {
    const [a, b] = networks as [Network, Network];
    process.kill(second.pid, 'SIGSTOP');
    try {
      expect(await payAndIndex(a, parseEther('3'), 30_000)).toEqual([31_337]);
    } finally {
      process.kill(second.pid, 'SIGCONT');
    }
    expect(await payAndIndex(b, parseEther('4'), 60_000)).toEqual([31_338]);
  });
});
