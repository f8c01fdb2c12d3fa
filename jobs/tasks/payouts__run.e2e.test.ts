// Payouts over the real stack: schedules and minimums decide who is paid, every address of a merchant with
// a balance is paid in one batch per token, payout objects go pending → paid, and a worker killed with
// SIGKILL at any point of sending (after signing, after recording, after broadcasting) and restarted sends
// nothing twice and ends with the right records.

import type { InferRequestType } from 'hono/client';
import type { Address } from 'viem';
import { parseEther } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PmtClient } from '../../api/client.js';
import { type ApiStack, startApiStack, type TestMerchant } from '../../test/harness/apiStack.js';
import { query } from '../../test/harness/indexer.js';
import { expectStatus } from '../../test/harness/typedClient.js';
import { type TestWorkers, testWorkers } from '../../test/harness/worker.js';

let stack: ApiStack;
let workers: TestWorkers;

beforeAll(async () => {
  stack = await startApiStack();
  workers = await testWorkers(stack);
}, 120_000);

afterAll(async () => {
  await workers?.stop();
  await stack?.stop();
});

type PayoutSettings = InferRequestType<PmtClient['v1']['merchant']['payout_settings']['$post']>['json'];

/** A merchant with `schedule` and, optionally, a minimum payout of native currency. */
async function merchantOn(schedule: PayoutSettings['schedule'], minimum?: bigint) {
  const merchant = await stack.merchant();
  const settings = await merchant.client.v1.merchant.payout_settings.$post({
    json: { schedule, ...(minimum === undefined ? {} : { minimum_payouts: { native: minimum.toString() } }) },
    header: {},
  });
  await expectStatus(settings, 200);
  return merchant;
}

/** Points `merchant`'s payouts at `address`. */
const setWallet = async (merchant: TestMerchant, address: Address) =>
  expectStatus(await merchant.client.v1.merchant.wallet.$post({ json: { address }, header: {} }), 200);

/** Makes `amount` wei (less the fee) available to `merchant`: paid, then released early by the buyer. */
const earn = (merchant: TestMerchant, amount: bigint) => stack.earn(merchant, amount);

const payoutsOf = async (merchant: TestMerchant) =>
  (await expectStatus(await merchant.client.v1.payouts.$get({ query: { limit: '100' } }), 200)).data.filter((p) =>
    p.id.startsWith('po_'),
  );

const settled = (merchant: TestMerchant, count: number) =>
  expect
    .poll(async () => (await payoutsOf(merchant)).map((p) => p.status), {
      timeout: 30_000,
      interval: 100,
      message: 'payouts paid',
    })
    .toEqual(Array(count).fill('paid'));

const payoutTransactions = async () =>
  query<{ id: string; state: string; payload: { payoutIds: string[] } }>(
    stack.api.services.config.databaseUrl,
    `SELECT id, state, payload FROM app.keeper_transaction WHERE keeper = $1 AND purpose = 'payout' ORDER BY nonce`,
    [workers.keeper.toLowerCase()],
  );

describe('schedules and minimums', () => {
  it('pays instant merchants every run, daily ones once a day, and nobody below their minimum', async () => {
    const instant = await merchantOn('instant');
    const daily = await merchantOn('daily');
    const small = await merchantOn('instant', parseEther('1'));
    const instantFirst = await earn(instant, parseEther('0.002'));
    // The instant merchant moves to a new address: the old one's balance is still its own, and is paid too.
    const newWallet = privateKeyToAccount(generatePrivateKey()).address;
    await setWallet(instant, newWallet);
    const instantSecond = await earn(instant, parseEther('0.003'));
    const dailyFirst = await earn(daily, parseEther('0.004'));
    await earn(small, parseEther('0.005'));

    await workers.start('worker');
    await workers.run('payouts__run');
    await settled(instant, 2);
    await settled(daily, 1);
    expect(await payoutsOf(small), 'below its minimum').toEqual([]);
    const instantPayouts = await payoutsOf(instant);
    expect(instantPayouts.map((p) => [p.destination, p.amount]).sort()).toEqual(
      [
        [instant.wallet, instantFirst.toString()],
        [newWallet, instantSecond.toString()],
      ].sort(),
    );
    expect(instantPayouts[0]).toMatchObject({ type: 'payout', asset: 'native', failure_reason: null });
    expect(instantPayouts[0]!.transaction!.tx_hash).toBe(instantPayouts[1]!.transaction!.tx_hash); // one batch
    expect((await expectStatus(await daily.client.v1.payouts.$get({ query: {} }), 200)).data).toEqual([
      expect.objectContaining({ amount: dailyFirst.toString(), status: 'paid' }),
    ]);
    const balance = (await expectStatus(await instant.client.v1.balance.$get(), 200)).assets;
    expect(balance).toEqual([
      expect.objectContaining({ available: '0', paid_out: (instantFirst + instantSecond).toString() }),
    ]);

    await earn(instant, parseEther('0.001'));
    await earn(daily, parseEther('0.001'));
    await workers.run('payouts__run');
    await settled(instant, 3);
    expect(await payoutsOf(daily), 'a daily merchant is paid once a day').toHaveLength(1);

    // A day later, to the hour: the last payout was written a moment after its run began, yet this run,
    // a day after that one, pays (its due time is counted in whole hours, so it does not slip an hour a day).
    await query(
      stack.api.services.config.databaseUrl,
      `UPDATE app.payout SET created_at = now() - interval '1 day' + interval '1 second' WHERE merchant_id = $1`,
      [daily.id],
    );
    await workers.run('payouts__run');
    await settled(daily, 2);
  });
});

describe('a payee whose every push fails', () => {
  it('is left out of later batches until it withdraws or its merchant changes its wallet', async () => {
    // Code at the payout address that burns all the gas a push gives it: `JUMPDEST PUSH1 0 JUMP`.
    const burner = privateKeyToAccount(generatePrivateKey()).address;
    await stack.publicClient.request({ method: 'anvil_setCode' as never, params: [burner, '0x5b600056'] as never });
    const burning = await merchantOn('instant');
    await setWallet(burning, burner);
    const honest = await merchantOn('instant');
    await earn(burning, parseEther('0.002'));
    await earn(honest, parseEther('0.002'));
    await workers.start('worker');
    await workers.run('payouts__run');
    await settled(honest, 1);
    await expect
      .poll(async () => (await payoutsOf(burning)).map((p) => p.status), { timeout: 30_000, interval: 100 })
      .toEqual(['failed']);

    // Its balance is still there, but the next batches go without it: honest payees pay nothing for it.
    const before = (await payoutTransactions()).length;
    await earn(burning, parseEther('0.002'));
    await earn(honest, parseEther('0.002'));
    await workers.run('payouts__run');
    await settled(honest, 2);
    expect(await payoutsOf(burning), 'no new payout to the failing address').toHaveLength(1);
    const [batch] = (await payoutTransactions()).slice(before);
    expect(batch!.payload.payoutIds).toEqual([(await payoutsOf(honest))[0]!.id]);

    // Its merchant points payouts at a wallet that takes them: new earnings are paid there.
    const fixed = privateKeyToAccount(generatePrivateKey()).address;
    await setWallet(burning, fixed);
    const earned = await earn(burning, parseEther('0.003'));
    await workers.run('payouts__run');
    await expect
      .poll(async () => (await payoutsOf(burning)).filter((p) => p.status === 'paid'), { timeout: 30_000 })
      .toEqual([expect.objectContaining({ destination: fixed, amount: earned.toString() })]);
  });
});

describe('a worker killed while sending', () => {
  for (const fault of ['after-sign', 'after-record', 'after-broadcast'] as const) {
    it(`sends nothing twice when killed ${fault.replace('-', ' ')} and restarted`, async () => {
      await workers.stop();
      const merchant = await merchantOn('instant');
      const earned = await earn(merchant, parseEther('0.002'));
      const before = (await payoutTransactions()).length;

      const doomed = await workers.start(`worker-${fault}`, { KEEPER_FAULT: fault });
      await workers.addJob('payouts__run');
      await doomed.exited;
      expect(doomed.process.signalCode, doomed.output()).toBe('SIGKILL');

      await workers.start(`worker-after-${fault}`);
      await workers.run('payouts__run');
      await settled(merchant, 1);
      await workers.run('keeper__reconcile');
      const [only] = await payoutsOf(merchant);
      expect(only).toMatchObject({ status: 'paid', amount: earned.toString() });
      const sent = (await payoutTransactions()).slice(before);
      expect(sent.map((tx) => tx.state)).toEqual(['mined']);
      expect(sent[0]!.payload.payoutIds).toEqual([only!.id]);
      const paidOut = await query<{ n: string }>(
        stack.api.services.config.databaseUrl,
        `SELECT count(*) AS n FROM "${stack.indexer.viewsSchema}".payout WHERE account = $1`,
        [merchant.wallet.toLowerCase()],
      );
      expect(paidOut[0]!.n, 'one payout on chain').toBe('1');
    });
  }
});
