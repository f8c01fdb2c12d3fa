// Paying intents from dev accounts, as a buyer's wallet would: the operator signs, the payer sends `pay`.
// For the demo, the tests and the benchmarks; production intents are signed by the API and paid by buyers.
import type { Address, Chain, Hex, TransactionReceipt } from 'viem';
import { pmtEscrowAbi } from '../abis/index.js';
import { confirmed, type WalletClient } from '../lib/chain.js';
import { type EscrowIntent, NATIVE_TOKEN, newPaymentId, type Payment, signPaymentIntent } from '../lib/intent.js';
import { devAccounts } from './devAccounts.js';

export interface DevIntent {
  merchant?: Address;
  token: Address;
  amount: bigint;
  feeBps: number;
  holdPeriod: bigint;
  /** Seconds from now until the intent expires. */
  validFor?: bigint;
}

export interface SignedIntent {
  intent: EscrowIntent;
  signature: Hex;
}

/** A client that can send `pay`: a dev wallet, or an address anvil impersonates. */
export type Payer = Pick<WalletClient, 'writeContract' | 'waitForTransactionReceipt' | 'getBlock'> & {
  account: { address: Address };
  chain: Chain;
};

/** An intent for `fields`, valid from the chain's current time, signed by the dev operator. */
export async function signDevIntent(payer: Payer, escrow: Address, fields: DevIntent): Promise<SignedIntent> {
  const now = (await payer.getBlock()).timestamp;
  const deadline = now + (fields.validFor ?? 3_600n);
  const intent: EscrowIntent = {
    id: newPaymentId(deadline),
    merchant: fields.merchant ?? devAccounts.merchant.address,
    token: fields.token,
    amount: fields.amount,
    feeBps: fields.feeBps,
    deadline,
    holdPeriod: fields.holdPeriod,
  };
  return {
    intent,
    signature: await signPaymentIntent(devAccounts.operator, { chainId: payer.chain.id, escrow }, intent),
  };
}

/** Sends `pay` for a signed intent from `payer`; resolves with the transaction hash. */
export function sendPayment(payer: Payer, escrow: Address, { intent, signature }: SignedIntent): Promise<Hex> {
  const value = intent.token === NATIVE_TOKEN ? intent.amount : 0n;
  return payer.writeContract({
    address: escrow,
    abi: pmtEscrowAbi,
    functionName: 'pay',
    args: [intent, signature],
    value,
    account: payer.account as never,
    chain: payer.chain,
  });
}

/** Signs `fields` as the dev operator, pays it from `payer` and returns the escrow's record with the receipt. */
export async function payDevIntent(
  payer: Payer,
  escrow: Address,
  fields: DevIntent,
): Promise<{ payment: Payment; receipt: TransactionReceipt }> {
  const signed = await signDevIntent(payer, escrow, fields);
  const receipt = await confirmed(payer as WalletClient, sendPayment(payer, escrow, signed));
  const block = await payer.getBlock({ blockNumber: receipt.blockNumber });
  const { intent } = signed;
  return {
    payment: {
      id: intent.id,
      buyer: payer.account.address,
      merchant: intent.merchant,
      token: intent.token,
      amount: intent.amount,
      feeBps: intent.feeBps,
      releaseAfter: block.timestamp + intent.holdPeriod,
    },
    receipt,
  };
}
