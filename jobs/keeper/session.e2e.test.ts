// The keeper session against a real PostgreSQL and an anvil that mines only when told to, so a
// transaction can sit unmined: a stuck transaction is replaced at the same nonce with higher fees, and
// after the last attempt its nonce is taken back with a 0-value transaction; whichever attempt is mined
// settles the record, and only one transaction ever uses the nonce.
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { createPublicClient, encodeFunctionData, http, parseEther } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pmtEscrowAbi } from '../../abis/index.js';
import { deployLocalStack, type LocalDeployment } from '../../devkit/localDeployment.js';
import { localChain } from '../../lib/chain.js';
import { appDb, connectDb } from '../../lib/db/client.js';
import { migrateAppSchema } from '../../lib/db/migrate.js';
import { keeperAttempt, keeperTransaction } from '../../lib/db/schema/index.js';
import type { Finality } from '../../lib/finality.js';
import { fileNode } from '../../test/harness/fileNode.js';
import type { KeeperConfig } from '../config.js';
import { type KeeperSession, withKeeperSession } from './session.js';

const REPLACE_AFTER_MS = 300;

const node = await fileNode('keeper_session');
let deployment: LocalDeployment;
let database: ReturnType<typeof connectDb>;

beforeAll(async () => {
  deployment = await deployLocalStack(node.rpcUrl, node.chainId);
  database = connectDb(node.databaseUrl, { max: 2 });
  await migrateAppSchema(node.databaseUrl);
}, 120_000);

afterAll(async () => {
  await database?.close();
});

const rpc = (method: string, params: unknown[] = []) =>
  fetch(node.rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  }).then((response) => response.json());

/** A funded keeper of its own, and a session runner whose settings (and chain's finality) the test picks. */
async function keeper(settings: Partial<KeeperConfig>, finality: Finality = { kind: 'depth', blocks: 0 }) {
  const privateKey = generatePrivateKey();
  const account = privateKeyToAccount(privateKey);
  await rpc('anvil_setBalance', [account.address, `0x${parseEther('10').toString(16)}`]);
  const client = createPublicClient({ chain: localChain(node.chainId, node.rpcUrl), transport: http(node.rpcUrl) });
  const config: KeeperConfig = { privateKey, replaceAfterMs: REPLACE_AFTER_MS, maxAttempts: 5, ...settings };
  const session = async <T>(use: (session: KeeperSession) => Promise<T>) => {
    const pooled = await database.pool.connect();
    try {
      return await withKeeperSession(
        pooled,
        { config, account, client, chainId: node.chainId, finality, log: { info: () => {}, warn: () => {} } },
        use,
      );
    } finally {
      pooled.release();
    }
  };
  return { account, client, session };
}

/** An empty `releaseBatch`: anyone may send it, and it changes nothing. */
const emptyRelease = () => ({
  purpose: 'release' as const,
  payload: { paymentIds: [], test: randomBytes(4).toString('hex') },
  to: deployment.escrowAddress,
  data: encodeFunctionData({ abi: pmtEscrowAbi, functionName: 'releaseBatch', args: [[]] }),
});

const recordOf = async (id: string) => {
  const db = appDb(database.pool);
  const [transaction] = await db.select().from(keeperTransaction).where(eq(keeperTransaction.id, id));
  const attempts = await db
    .select()
    .from(keeperAttempt)
    .where(eq(keeperAttempt.transactionId, id))
    .orderBy(keeperAttempt.attempt);
  return { transaction: transaction!, attempts };
};

const stuckFor = () => new Promise((resolve) => setTimeout(resolve, REPLACE_AFTER_MS + 100));

describe('a transaction nobody mines', () => {
  beforeAll(async () => {
    await rpc('evm_setAutomine', [false]);
  });
  afterAll(async () => {
    await rpc('evm_setAutomine', [true]);
  });

  it('is replaced at its nonce with higher fees, and the replacement mined settles it', async () => {
    const { account, client, session } = await keeper({});
    const sent = await session((s) => s.send(emptyRelease()));
    await stuckFor();
    await session((s) => s.reconcile());
    const { attempts } = await recordOf(sent.id);
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2]);
    const [first, second] = attempts as [(typeof attempts)[0], (typeof attempts)[0]];
    expect(second.maxFeePerGas!).toBeGreaterThanOrEqual((first.maxFeePerGas! * 125n) / 100n);
    expect(second.maxPriorityFeePerGas!).toBeGreaterThanOrEqual((first.maxPriorityFeePerGas! * 125n) / 100n);

    await rpc('evm_mine');
    await session((s) => s.reconcile());
    const { transaction } = await recordOf(sent.id);
    expect(transaction).toMatchObject({ state: 'mined', minedHash: second.hash, nonce: sent.nonce });
    expect(await client.getTransactionCount({ address: account.address })).toBe(sent.nonce + 1);
  });

  it('takes the nonce back after the last attempt, and the record ends failed', async () => {
    const { account, client, session } = await keeper({ maxAttempts: 2 });
    const sent = await session((s) => s.send(emptyRelease()));
    for (let i = 0; i < 2; i++) {
      await stuckFor();
      await session((s) => s.reconcile());
    }
    const { attempts } = await recordOf(sent.id);
    expect(attempts.map((a) => [a.attempt, a.cancel])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
    await rpc('evm_mine');
    await session((s) => s.reconcile());
    const { transaction } = await recordOf(sent.id);
    expect(transaction.state).toBe('failed');
    expect(transaction.error).toMatch(/not mined after 2 attempts; nonce \d+ was taken back/);
    expect(transaction.minedHash).toBe(attempts[2]!.hash);
    expect(await client.getTransactionCount({ address: account.address })).toBe(sent.nonce + 1);
  });
});

it('sends again what a reorg took back before its block was final, so no later nonce waits behind it', async () => {
  // Final three blocks under the head: each transaction below is mined in a block a reorg may still drop.
  const { account, client, session } = await keeper({}, { kind: 'depth', blocks: 3 });
  const before = await rpc('evm_snapshot');
  const first = await session((s) => s.send(emptyRelease()));
  const second = await session((s) => s.send(emptyRelease()));
  await session((s) => s.reconcile());
  expect((await recordOf(first.id)).transaction.state).toBe('pending');

  // The reorg: both blocks are gone, and both transactions with them.
  await rpc('evm_revert', [before.result]);
  expect(await client.getTransactionCount({ address: account.address })).toBe(first.nonce);
  await session((s) => s.reconcile());
  await rpc('anvil_mine', ['0x3']);
  await session((s) => s.reconcile());
  for (const sent of [first, second]) {
    const { transaction } = await recordOf(sent.id);
    expect(transaction).toMatchObject({ state: 'mined', nonce: sent.nonce });
    expect(await client.getTransactionReceipt({ hash: transaction.minedHash as `0x${string}` })).toMatchObject({
      status: 'success',
    });
  }
  expect(await client.getTransactionCount({ address: account.address })).toBe(second.nonce + 1);
});

it('refuses a call the escrow would revert, recording nothing', async () => {
  const { account, session } = await keeper({});
  const call = {
    purpose: 'payout' as const,
    payload: {},
    to: deployment.escrowAddress,
    // Only a keeper may pay out, and this account has no role.
    data: encodeFunctionData({ abi: pmtEscrowAbi, functionName: 'payout', args: [deployment.tokenAddress, []] }),
  };
  await expect(session((s) => s.send(call))).rejects.toThrow(/AccessControlUnauthorizedAccount/);
  const recorded = await appDb(database.pool)
    .select()
    .from(keeperTransaction)
    .where(eq(keeperTransaction.keeper, account.address.toLowerCase()));
  expect(recorded).toEqual([]);
});
