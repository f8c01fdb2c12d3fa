// Paying intents from dev accounts, as a buyer's wallet would: the operator signs, the payer sends `pay`.
// For the demo, the tests and the benchmarks; production intents are signed by the API and paid by buyers.
import type { Address, Chain, Hex, TransactionReceipt } from 'viem';
import { pmtEscrowAbi } from '../abis/index.js';
import { confirmed, type WalletClient } from './chain.js';
import { devAccounts } from './devAccounts.js';
import { NATIVE_TOKEN, newPaymentId, signPaymentIntent, type Payment } from './intent.js';

export interface DevIntent {
  merchant?: Address;
  token: Address;
  amount: bigint;
  feeBps: number;
  holdPeriod: bigint;
  /** Seconds from now until the intent expires. */
  validFor?: bigint;
}

/** A client that can send `pay`: a dev wallet, or an address anvil impersonates. */
export type Payer = Pick<WalletClient, 'writeContract' | 'waitForTransactionReceipt' | 'getBlock'> & { account: { address: Address }; chain: Chain };

/** Signs `fields` as the dev operator, pays it from `payer` and returns the escrow's record with the receipt. */
export async function payDevIntent(
  payer: Payer,
  escrow: Address,
  fields: DevIntent,
): Promise<{ payment: Payment; receipt: TransactionReceipt }> {
  const now = (await payer.getBlock()).timestamp;
  const deadline = now + (fields.validFor ?? 3_600n);
  const intent = {
    id: newPaymentId(deadline),
    merchant: fields.merchant ?? devAccounts.merchant.address,
    token: fields.token,
    amount: fields.amount,
    feeBps: fields.feeBps,
    deadline,
    holdPeriod: fields.holdPeriod,
  };
  const signature: Hex = await signPaymentIntent(devAccounts.operator, { chainId: payer.chain.id, escrow }, intent);
  const value = intent.token === NATIVE_TOKEN ? intent.amount : 0n;
  const receipt = await confirmed(
    payer as WalletClient,
    payer.writeContract({ address: escrow, abi: pmtEscrowAbi, functionName: 'pay', args: [intent, signature], value, account: payer.account as never, chain: payer.chain }),
  );
  const block = await payer.getBlock({ blockNumber: receipt.blockNumber });
  return {
    payment: {
      id: intent.id,
      buyer: payer.account.address,
      merchant: intent.merchant,
      token: intent.token,
      amount: intent.amount,
      feeBps: intent.feeBps,
      releaseAfter: block.timestamp + intent.holdPeriod,
      disputed: false,
    },
    receipt,
  };
}
