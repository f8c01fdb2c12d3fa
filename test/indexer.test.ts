// The indexer against a real anvil and PostgreSQL: every contract path lands in the right rows while
// it happens, the indexed money reconciles with the contract's own views, and an indexer started only
// afterwards (a backfill) writes exactly the same tables.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { createClient, eq } from '@ponder/client';
import {
  type Address,
  createPublicClient,
  decodeEventLog,
  getAddress,
  type Hex,
  http,
  parseEther,
  parseUnits,
} from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pmtEscrowAbi, pmtTestTokenAbi } from '../abis/index.js';
import { devAccounts } from '../devkit/devAccounts.js';
import { deployLocalStack } from '../devkit/localDeployment.js';
import { indexerEnvVars } from '../indexer/launch/env.js';
import { releaseIndexerLock } from '../indexer/launch/lock.js';
import { ponderCli } from '../indexer/launch/ponderStart.js';
import { NATIVE_TOKEN } from '../lib/intent.js';
import { projectRoot } from '../lib/projectRoot.js';
import { escrowRoleId } from '../lib/roles.js';
import * as schema from '../ponder.schema.js';
import {
  newTreasury,
  pendingAdmin,
  refusingBuyer,
  refusingMerchant,
  runEveryEscrowPath,
  type Scenario,
  withdrawalDestination,
} from './harness/escrowScenario.js';
import { fileNode } from './harness/fileNode.js';
import { dumpIndexedTables, query, startTestIndexer, type TestIndexer } from './harness/indexer.js';

const { databaseUrl, rpcUrl, chainId } = await fileNode('indexer');
const client = createPublicClient({ transport: http(rpcUrl) });

let live: TestIndexer;
let scenario: Scenario;

interface PaymentRow {
  id: string;
  status: string;
  amount: string;
  escrowed_amount: string;
  refunded_amount: string;
  dispute_buyer_amount: string;
  merchant_amount: string;
  fee_amount: string;
  buyer: string;
  merchant: string;
  token: string;
  fee_bps: number;
  release_after: string;
  settled_tx: string | null;
  disputed_block: string | null;
  dispute_deadline: string | null;
}

const table = (name: string) => `"${live.schema}"."${name}"`;

beforeAll(async () => {
  const deployment = await deployLocalStack(rpcUrl, chainId);
  live = await startTestIndexer({ databaseUrl, rpcUrl, ...deployment });
  await live.waitUntilReady();
  scenario = await runEveryEscrowPath(rpcUrl, chainId, deployment);
  await live.waitForBlock(scenario.lastBlock);
}, 180_000);

afterAll(async () => {
  await live?.stop();
});

describe('indexing every escrow path live', () => {
  const payment = async (id: string) => {
    const [row] = await query<PaymentRow>(databaseUrl, `SELECT * FROM ${table('payment')} WHERE id = $1`, [id]);
    if (!row) throw new Error(`payment ${id} was not indexed`);
    return row;
  };

  it('records each payment with its final status and amounts', async () => {
    const p = scenario.payments;
    expect(await payment(p.releasedByBuyer)).toMatchObject({
      status: 'released',
      amount: parseEther('1').toString(),
      escrowed_amount: '0',
      merchant_amount: parseEther('0.99').toString(),
      fee_amount: parseEther('0.01').toString(),
      buyer: devAccounts.buyer.address.toLowerCase(),
    });
    expect(await payment(p.releasedInBatch)).toMatchObject({
      status: 'released',
      merchant_amount: parseUnits('97.5', 6).toString(),
      fee_amount: parseUnits('2.5', 6).toString(),
    });
    expect(await payment(p.refundedInTwoSteps)).toMatchObject({
      status: 'refunded',
      escrowed_amount: '0',
      refunded_amount: parseEther('2').toString(),
      merchant_amount: '0',
    });
    expect(await payment(p.resolved)).toMatchObject({
      status: 'resolved',
      escrowed_amount: '0',
      dispute_buyer_amount: parseUnits('20', 6).toString(),
      merchant_amount: parseUnits('29.7', 6).toString(),
      fee_amount: parseUnits('0.3', 6).toString(),
    });
    expect(await payment(p.refundedToRefusingBuyer)).toMatchObject({
      status: 'refunded',
      buyer: refusingBuyer.toLowerCase(),
    });
    expect(await payment(p.releasedToRefusingMerchant)).toMatchObject({
      status: 'released',
      merchant: refusingMerchant.toLowerCase(),
    });
    expect(await payment(p.partiallyRefunded)).toMatchObject({
      status: 'escrowed',
      escrowed_amount: parseUnits('6', 6).toString(),
      refunded_amount: parseUnits('4', 6).toString(),
      settled_tx: null,
    });
    const open = await payment(p.disputedOpen);
    expect(open).toMatchObject({ status: 'disputed', escrowed_amount: parseEther('0.3').toString(), settled_tx: null });
    expect(open.disputed_block).not.toBeNull();
    expect(await payment(p.disputeExpired)).toMatchObject({
      status: 'resolved',
      escrowed_amount: '0',
      refunded_amount: parseUnits('1', 6).toString(),
      dispute_buyer_amount: parseUnits('7', 6).toString(),
      merchant_amount: '0',
      fee_amount: '0',
    });
  });

  it('holds for every payment exactly the record and state the contract holds', async () => {
    const rows = await query<PaymentRow>(databaseUrl, `SELECT * FROM ${table('payment')}`);
    expect(rows).toHaveLength(Object.keys(scenario.payments).length);
    const escrow = { address: scenario.deployment.escrowAddress, abi: pmtEscrowAbi } as const;
    for (const row of rows) {
      const record = {
        id: row.id as Hex,
        buyer: getAddress(row.buyer),
        merchant: getAddress(row.merchant),
        token: getAddress(row.token),
        amount: BigInt(row.amount),
        feeBps: row.fee_bps,
        releaseAfter: BigInt(row.release_after),
      };
      const [escrowed, state] = await Promise.all([
        client.readContract({ ...escrow, functionName: 'isEscrowed', args: [record] }),
        client.readContract({ ...escrow, functionName: 'paymentState', args: [row.id as Hex] }),
      ]);
      const open = row.status === 'escrowed' || row.status === 'disputed';
      expect({ escrowed, ...state }, `payment ${row.id} (${row.status})`).toEqual({
        escrowed: open,
        refunded: open ? BigInt(row.refunded_amount) : 0n,
        disputeDeadline: open && row.dispute_deadline !== null ? BigInt(row.dispute_deadline) : 0n,
      });
    }
  });

  it('keeps every balance equal to what the contract says is owed', async () => {
    const balances = await query<{ account: Address; token: Address; available: string }>(
      databaseUrl,
      `SELECT account, token, available FROM ${table('balance')}`,
    );
    const accounts = balances.map((b) => b.account.toLowerCase());
    expect(accounts).toEqual(
      expect.arrayContaining([
        devAccounts.merchant.address.toLowerCase(),
        refusingBuyer.toLowerCase(),
        refusingMerchant.toLowerCase(),
      ]),
    );
    for (const { account, token, available } of balances) {
      const owed = await client.readContract({
        address: scenario.deployment.escrowAddress,
        abi: pmtEscrowAbi,
        functionName: 'balanceOf',
        args: [account, token],
      });
      expect(available, `balance of ${account} in ${token}`).toBe(owed.toString());
    }
  });

  it('keeps platform fees equal to the contract, after accruals and withdrawals', async () => {
    const fees = await query<{ token: Address; available: string; accrued: string; withdrawn: string }>(
      databaseUrl,
      `SELECT * FROM ${table('platform_fee')}`,
    );
    expect(fees).toHaveLength(2);
    for (const fee of fees) {
      const held = await client.readContract({
        address: scenario.deployment.escrowAddress,
        abi: pmtEscrowAbi,
        functionName: 'platformFees',
        args: [fee.token],
      });
      expect(fee.available).toBe(held.toString());
      expect(BigInt(fee.accrued) - BigInt(fee.withdrawn)).toBe(held);
      expect(BigInt(fee.withdrawn)).toBeGreaterThan(0n);
    }
  });

  it('reconciles: escrowed payments + balances + fees = what the contract holds, per token', async () => {
    const escrow = scenario.deployment.escrowAddress;
    for (const token of [NATIVE_TOKEN, scenario.deployment.tokenAddress]) {
      const [{ total }] = (await query<{ total: string }>(
        databaseUrl,
        `SELECT (SELECT coalesce(sum(escrowed_amount), 0) FROM ${table('payment')} WHERE token = $1)
              + (SELECT coalesce(sum(available), 0) FROM ${table('balance')} WHERE token = $1)
              + (SELECT coalesce(sum(available), 0) FROM ${table('platform_fee')} WHERE token = $1) AS total`,
        [token.toLowerCase()],
      )) as [{ total: string }];
      const held =
        token === NATIVE_TOKEN
          ? await client.getBalance({ address: escrow })
          : await client.readContract({
              address: token,
              abi: pmtTestTokenAbi,
              functionName: 'balanceOf',
              args: [escrow],
            });
      expect(BigInt(total), `token ${token}`).toBe(held);
    }
  });

  it('logs every escrow event once, in chain order', async () => {
    const logs = await client.getLogs({
      address: scenario.deployment.escrowAddress,
      fromBlock: scenario.deployment.startBlock,
      toBlock: scenario.lastBlock,
    });
    const chainNames = logs.map((log) => decodeEventLog({ abi: pmtEscrowAbi, ...log }).eventName);
    const indexed = await query<{ name: string; transaction_hash: string }>(
      databaseUrl,
      `SELECT name, transaction_hash FROM ${table('escrow_event')} ORDER BY id`,
    );
    expect(indexed.map((e) => e.name)).toEqual(chainNames);
    expect(indexed.map((e) => e.transaction_hash)).toEqual(logs.map((log) => log.transactionHash));
    // Every event the scenario can make the contract emit is there.
    expect(new Set(chainNames)).toEqual(
      new Set([
        'RoleGranted',
        'TreasuryUpdated',
        'TokenAllowanceUpdated',
        'PaymentEscrowed',
        'PaymentReleased',
        'PaymentRefunded',
        'DisputeOpened',
        'DisputeResolved',
        'DisputeExpired',
        'BuyerCredited',
        'PaidOut',
        'PayoutFailed',
        'Withdrawn',
        'FeesWithdrawn',
        'Paused',
        'Unpaused',
        'RoleRevoked',
        'DefaultAdminTransferScheduled',
        'DefaultAdminTransferCanceled',
        'DefaultAdminDelayChangeScheduled',
        'DefaultAdminDelayChangeCanceled',
      ]),
    );
  });

  it('logs what each payment event moved, and whose payment it was', async () => {
    const events = await query<{ name: string; amount: string | null; merchant: string | null }>(
      databaseUrl,
      `SELECT name, amount, merchant FROM ${table('escrow_event')} WHERE payment_id = $1 ORDER BY id`,
      [scenario.payments.resolved],
    );
    const merchant = devAccounts.merchant.address.toLowerCase();
    expect(events).toEqual([
      { name: 'PaymentEscrowed', amount: parseUnits('50', 6).toString(), merchant },
      { name: 'DisputeOpened', amount: null, merchant },
      { name: 'DisputeResolved', amount: parseUnits('50', 6).toString(), merchant },
    ]);
    const released = await query<{ name: string; amount: string }>(
      databaseUrl,
      `SELECT name, amount FROM ${table('escrow_event')} WHERE payment_id = $1 ORDER BY id`,
      [scenario.payments.releasedInBatch],
    );
    expect(released.map((e) => [e.name, e.amount])).toEqual([
      ['PaymentEscrowed', parseUnits('100', 6).toString()],
      ['PaymentReleased', parseUnits('100', 6).toString()],
    ]);
  });

  it('records payouts, failed payouts and withdrawals, with where each went', async () => {
    const payouts = await query<{ account: string; destination: string; kind: string }>(
      databaseUrl,
      `SELECT account, destination, kind FROM ${table('payout')} ORDER BY id`,
    );
    const merchant = devAccounts.merchant.address.toLowerCase();
    const refusing = refusingMerchant.toLowerCase();
    expect(payouts).toEqual([
      { account: merchant, destination: merchant, kind: 'paid' },
      { account: refusing, destination: refusing, kind: 'failed' },
      { account: merchant, destination: merchant, kind: 'withdrawn' },
      { account: refusing, destination: withdrawalDestination.toLowerCase(), kind: 'withdrawn' },
    ]);
  });

  it('tracks pause state, treasury, pending admin transfer, tokens and role members as the contract has them', async () => {
    const escrow = { address: scenario.deployment.escrowAddress, abi: pmtEscrowAbi } as const;
    const [paused, [offeredTo, acceptAfter]] = await Promise.all([
      client.readContract({ ...escrow, functionName: 'paused' }),
      client.readContract({ ...escrow, functionName: 'pendingDefaultAdmin' }),
    ]);
    expect([paused, offeredTo]).toEqual([true, pendingAdmin]);
    const [state] = await query<Record<string, unknown>>(databaseUrl, `SELECT * FROM ${table('escrow_state')}`);
    expect(state).toMatchObject({
      paused: true,
      pause_changed_by: devAccounts.admin.address.toLowerCase(),
      treasury: newTreasury.toLowerCase(),
      pending_admin: pendingAdmin.toLowerCase(),
      pending_admin_accept_after: acceptAfter.toString(),
    });
    const tokens = await query<{ token: string; allowed: boolean }>(
      databaseUrl,
      `SELECT token, allowed FROM ${table('token_allowance')}`,
    );
    expect(tokens).toEqual([{ token: scenario.deployment.tokenAddress.toLowerCase(), allowed: true }]);
    const allowanceChanges = await query<{ allowed: boolean }>(
      databaseUrl,
      `SELECT (args->>'allowed')::boolean AS allowed FROM ${table('escrow_event')} WHERE name = 'TokenAllowanceUpdated' ORDER BY id`,
    );
    expect(allowanceChanges.map((change) => change.allowed)).toEqual([true, false, true]);
    const arbiters = await query<{ account: string; active: boolean }>(
      databaseUrl,
      `SELECT account, active FROM ${table('role_member')} WHERE role = $1 ORDER BY account`,
      [escrowRoleId('ARBITER_ROLE')],
    );
    expect(arbiters).toEqual(
      [
        { account: devAccounts.arbiter.address.toLowerCase(), active: false },
        { account: devAccounts.treasury.address.toLowerCase(), active: true },
      ].sort((x, y) => x.account.localeCompare(y.account)),
    );
  });

  it('answers SQL over HTTP through @ponder/client', async () => {
    const client = createClient(`${live.url}/sql`, { schema });
    const rows = await client.db
      .select({ status: schema.payment.status, amount: schema.payment.escrowedAmount })
      .from(schema.payment)
      .where(eq(schema.payment.id, scenario.payments.partiallyRefunded));
    expect(rows).toEqual([{ status: 'escrowed', amount: parseUnits('6', 6) }]);
  });

  it('serves the stable views schema and GraphQL', async () => {
    const viewRows = await query<{ n: string }>(databaseUrl, `SELECT count(*) AS n FROM "${live.viewsSchema}".payment`);
    expect(Number(viewRows[0]!.n)).toBe(Object.keys(scenario.payments).length);
    const res = await fetch(`${live.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ payment(id: "${scenario.payments.resolved}") { status disputeBuyerAmount } }` }),
    });
    expect(await res.json()).toEqual({
      data: { payment: { status: 'resolved', disputeBuyerAmount: parseUnits('20', 6).toString() } },
    });
    const chain = await (await fetch(`${live.url}/chain`)).json();
    expect(chain).toMatchObject({
      chainId,
      finality: { kind: 'depth', blocks: 0 },
      escrowAddress: scenario.deployment.escrowAddress,
    });
  });
});

describe('schema lock', () => {
  it('is not lifted from under a running indexer', async () => {
    expect(await releaseIndexerLock(databaseUrl, live.schema)).toBe(false);
    const [meta] = await query<{ locked: string }>(
      databaseUrl,
      `SELECT value->>'is_locked' AS locked FROM ${table('_ponder_meta')} WHERE key = 'app'`,
    );
    expect(meta?.locked).toBe('1');
  });
});

describe('backfill', () => {
  it('an indexer started after the fact writes the same tables as the live one', async () => {
    // Bury the scenario under Ponder's 30-block finality window, so the newcomer reads it as history.
    await client.request({ method: 'anvil_mine' as never, params: ['0x28'] as never });
    const head = await client.getBlockNumber();
    await live.waitForBlock(head);
    const backfill = await startTestIndexer({
      databaseUrl,
      rpcUrl,
      ...scenario.deployment,
      schema: `${live.schema}_backfill`,
    });
    try {
      await backfill.waitUntilReady();
      await backfill.waitForBlock(head);
      // Ponder logs the range it backfilled: it must cover the whole scenario.
      const range = /Started backfill indexing .*block_range=\[(\d+),(\d+)\]/.exec(backfill.output());
      expect(range, backfill.output()).not.toBeNull();
      expect(BigInt(range![2]!)).toBeGreaterThanOrEqual(scenario.lastBlock);
      const [liveTables, backfilledTables] = await Promise.all([
        dumpIndexedTables(databaseUrl, live.schema),
        dumpIndexedTables(databaseUrl, backfill.schema),
      ]);
      expect(Object.keys(liveTables)).toHaveLength(8);
      expect(backfilledTables).toEqual(liveTables);
    } finally {
      await backfill.stop();
    }
  }, 120_000);
});

describe("Ponder's own commands, as the runbook runs them on a server", () => {
  /** What the systemd units' env file (ops/systemd/pmt.env.example) sets for every process and `pmt_run`. */
  const unitEnv = Object.fromEntries(
    readFileSync(join(projectRoot, 'ops/systemd/pmt.env.example'), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('PONDER_'))
      .map((line) => line.split('=', 2) as [string, string]),
  );
  // The `pmt` user has no home: HOME=/nonexistent in its units, root's private one under sudo. As root,
  // only a HOME that cannot hold a folder (/dev/null) refuses Ponder's files as those would.
  const ponderDb = (command: string, env: Record<string, string>) =>
    spawnSync(process.execPath, ['--no-deprecation', ponderCli, 'db', command], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH!, HOME: '/dev/null', ...indexerEnvVars(live.settings), ...env },
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('`ponder db list` runs for a user without a writable home, with the env file’s settings', () => {
    expect(unitEnv).toEqual({ PONDER_TELEMETRY_DISABLED: 'true' });
    const run = ponderDb('list', unitEnv);
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(stripVTControlCharacters(run.stdout)).toContain(live.schema);
  });
});
