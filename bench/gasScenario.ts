// Sends real transactions to a fresh anvil and reads each figure from its receipt's gasUsed.
// Every measured call runs in the steady state of a live gateway: accounts already exist, the escrow
// already holds the token, merchants have been credited and paid out before, and a quote's deadline is
// minutes while the hold period is the gateway's default of a week (so releases come after an intent's
// late-payment window, when the escrow frees the payment's slot).
import { type Address, keccak256, type Log, parseEventLogs, toHex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { pmtEscrowAbi, pmtTestTokenAbi } from '../abis/index.js';
import { startAnvil } from '../devkit/anvil.js';
import { devAccounts } from '../devkit/devAccounts.js';
import { payWithTestTokenPermit } from '../devkit/testTokenPermit.js';
import { confirmed, localChain, walletClientFor } from '../lib/chain.js';
import { deployEscrow, deployTestToken } from '../lib/deployEscrow.js';
import { type EscrowIntent, NATIVE_TOKEN, newPaymentId, type Payment, signPaymentIntent } from '../lib/intent.js';
import { compared, type Figure } from './figures.js';

const DEADLINE_SECONDS = 900n;
const HOLD_SECONDS = 604_800n;
const FEE_BPS = 250;
const BATCH_SIZE = 50;
const PAYOUT_SIZE = 20;

export async function measureGas(): Promise<Figure[]> {
  const anvil = await startAnvil();
  try {
    const chain = localChain(anvil.chainId, anvil.rpcUrl);
    const admin = walletClientFor(chain, devAccounts.admin);
    const buyer = walletClientFor(chain, devAccounts.buyer);
    const keeper = walletClientFor(chain, devAccounts.keeper);
    const arbiter = walletClientFor(chain, devAccounts.arbiter);
    const { escrow } = await deployEscrow(admin, {
      treasury: devAccounts.treasury.address,
      adminDelaySeconds: 0,
      roles: {
        operators: [devAccounts.operator.address],
        keepers: [keeper.account.address],
        arbiters: [arbiter.account.address],
        pausers: [],
      },
    });
    const token = await deployTestToken(admin, { escrow, name: 'Test USD', symbol: 'tUSD', decimals: 6 });
    await confirmed(
      buyer,
      buyer.writeContract({
        address: token,
        abi: pmtTestTokenAbi,
        functionName: 'mint',
        args: [buyer.account.address, 10n ** 15n],
      }),
    );

    let chainTime = (await buyer.getBlock()).timestamp;
    const intent = (merchant: Address, asset: Address, amount: bigint): EscrowIntent => ({
      id: newPaymentId(chainTime + DEADLINE_SECONDS),
      merchant,
      token: asset,
      amount,
      feeBps: FEE_BPS,
      deadline: chainTime + DEADLINE_SECONDS,
      holdPeriod: HOLD_SECONDS,
    });
    const signed = (i: EscrowIntent) => signPaymentIntent(devAccounts.operator, { chainId: chain.id, escrow }, i);
    const escrowed = (logs: Log[]): Payment => {
      const [event] = parseEventLogs({ abi: pmtEscrowAbi, eventName: 'PaymentEscrowed', logs });
      return event!.args;
    };
    const pay = async (i: EscrowIntent) => {
      if (i.token !== NATIVE_TOKEN) {
        await confirmed(
          buyer,
          buyer.writeContract({
            address: i.token,
            abi: pmtTestTokenAbi,
            functionName: 'approve',
            args: [escrow, i.amount],
          }),
        );
      }
      const value = i.token === NATIVE_TOKEN ? i.amount : 0n;
      const receipt = await confirmed(
        buyer,
        buyer.writeContract({
          address: escrow,
          abi: pmtEscrowAbi,
          functionName: 'pay',
          args: [i, await signed(i)],
          value,
        }),
      );
      return { receipt, payment: escrowed(receipt.logs) };
    };
    // A buyer's plain transfer to the intent's deposit address, then the keeper's sweep into escrow.
    const sweep = async (i: EscrowIntent) => {
      const deposit = await buyer.readContract({
        address: escrow,
        abi: pmtEscrowAbi,
        functionName: 'depositAddress',
        args: [i],
      });
      await confirmed(
        buyer,
        i.token === NATIVE_TOKEN
          ? buyer.sendTransaction({ to: deposit, value: i.amount })
          : buyer.writeContract({
              address: i.token,
              abi: pmtTestTokenAbi,
              functionName: 'transfer',
              args: [deposit, i.amount],
            }),
      );
      const receipt = await confirmed(
        keeper,
        keeper.writeContract({
          address: escrow,
          abi: pmtEscrowAbi,
          functionName: 'sweep',
          args: [i, await signed(i), buyer.account.address],
        }),
      );
      escrowed(receipt.logs);
      return receipt;
    };
    const releaseBatch = (payments: Payment[]) =>
      confirmed(
        keeper,
        keeper.writeContract({ address: escrow, abi: pmtEscrowAbi, functionName: 'releaseBatch', args: [payments] }),
      );
    const payout = (accounts: Address[]) =>
      confirmed(
        keeper,
        keeper.writeContract({
          address: escrow,
          abi: pmtEscrowAbi,
          functionName: 'payout',
          args: [NATIVE_TOKEN, accounts],
        }),
      );
    const warpPastHold = async () => {
      await buyer.request({ method: 'evm_increaseTime' as never, params: [Number(HOLD_SECONDS) + 1] as never });
      await buyer.request({ method: 'evm_mine' as never });
      chainTime = (await buyer.getBlock()).timestamp;
    };

    // Merchants that already exist and have been credited and paid out once.
    const merchants = Array.from(
      { length: BATCH_SIZE },
      (_, i) => privateKeyToAccount(keccak256(toHex(`merchant-${i}`))).address,
    );
    for (const merchant of merchants) await confirmed(buyer, buyer.sendTransaction({ to: merchant, value: 1n }));
    const warmUp: Payment[] = [];
    for (const merchant of merchants) warmUp.push((await pay(intent(merchant, NATIVE_TOKEN, 10n ** 16n))).payment);
    warmUp.push((await pay(intent(merchants[0]!, token, 1_000_000n))).payment); // the escrow now holds the token
    await warpPastHold();
    await releaseBatch(warmUp);
    await payout(merchants);

    const transfer = await confirmed(buyer, buyer.sendTransaction({ to: merchants[0]!, value: 1n }));
    const baseline = Number(transfer.gasUsed);
    const figure = (name: string, gas: bigint, per = 1, against = baseline) =>
      compared(name, Math.round(Number(gas) / per), 'gas', against);

    const payNative = await pay(intent(merchants[0]!, NATIVE_TOKEN, 10n ** 17n));
    const payToken = await pay(intent(merchants[0]!, token, 25_000_000n));
    const permitIntent = intent(merchants[0]!, token, 25_000_000n);
    const payPermit = await payWithTestTokenPermit(buyer, {
      escrow,
      intent: permitIntent,
      signature: await signed(permitIntent),
    });
    const sweepNative = await sweep(intent(merchants[0]!, NATIVE_TOKEN, 10n ** 17n));
    const sweepToken = await sweep(intent(merchants[0]!, token, 25_000_000n));
    const release = await confirmed(
      buyer,
      buyer.writeContract({ address: escrow, abi: pmtEscrowAbi, functionName: 'release', args: [payNative.payment] }),
    );
    const refund = await confirmed(
      keeper,
      keeper.writeContract({
        address: escrow,
        abi: pmtEscrowAbi,
        functionName: 'refund',
        args: [payToken.payment, 5_000_000n],
      }),
    );
    // A dispute on a payment the merchant already refunded in part (its state slot is in use), then split.
    const openDispute = await confirmed(
      buyer,
      buyer.writeContract({
        address: escrow,
        abi: pmtEscrowAbi,
        functionName: 'openDispute',
        args: [payToken.payment],
      }),
    );
    const resolveDispute = await confirmed(
      arbiter,
      arbiter.writeContract({
        address: escrow,
        abi: pmtEscrowAbi,
        functionName: 'resolveDispute',
        args: [payToken.payment, 10_000_000n],
      }),
    );

    const batch: Payment[] = [];
    for (const merchant of merchants) batch.push((await pay(intent(merchant, NATIVE_TOKEN, 10n ** 17n))).payment);
    await warpPastHold();
    const released = await releaseBatch(batch);
    expectEvents(released.logs, 'PaymentReleased', BATCH_SIZE);
    const paid = await payout(merchants.slice(0, PAYOUT_SIZE));
    expectEvents(paid.logs, 'PaidOut', PAYOUT_SIZE);

    return [
      figure('gas.transfer_native', transfer.gasUsed),
      figure('gas.pay_native', payNative.receipt.gasUsed),
      figure('gas.pay_erc20', payToken.receipt.gasUsed),
      figure('gas.pay_erc20_permit', payPermit.gasUsed),
      // Against the direct `pay` a buyer's wallet would have made instead.
      figure('gas.sweep_native', sweepNative.gasUsed, 1, Number(payNative.receipt.gasUsed)),
      figure('gas.sweep_erc20', sweepToken.gasUsed, 1, Number(payToken.receipt.gasUsed)),
      figure('gas.release', release.gasUsed),
      figure('gas.release_batch_50_per_payment', released.gasUsed, BATCH_SIZE),
      figure('gas.refund_partial', refund.gasUsed),
      figure('gas.open_dispute', openDispute.gasUsed),
      figure('gas.resolve_dispute', resolveDispute.gasUsed),
      figure('gas.payout_20_per_merchant', paid.gasUsed, PAYOUT_SIZE),
    ];
  } finally {
    await anvil.stop();
  }
}

/** A figure is only meaningful if the call did all its work: count the events it emitted. */
function expectEvents(logs: Log[], eventName: 'PaymentReleased' | 'PaidOut', count: number): void {
  const emitted = parseEventLogs({ abi: pmtEscrowAbi, eventName, logs }).length;
  if (emitted !== count) throw new Error(`expected ${count} ${eventName} events, got ${emitted}`);
}
