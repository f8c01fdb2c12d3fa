// The EIP-712 payment intent the operator signs and the escrow verifies, and the payment record the
// escrow commits to (see contracts/PMTEscrow.sol).

import { randomBytes } from 'node:crypto';
import type { Account, Address, Hex } from 'viem';
import { bytesToHex, concat, getAddress, numberToHex, zeroAddress } from 'viem';

export const NATIVE_TOKEN: Address = zeroAddress;

/** The intent as the escrow verifies it: the EIP-712 `PaymentIntent` the operator signs. */
export interface EscrowIntent {
  id: Hex;
  merchant: Address;
  token: Address;
  amount: bigint;
  feeBps: number;
  deadline: bigint;
  holdPeriod: bigint;
}

/**
 * The escrow's record of a payment: the facts fixed when it was paid, exactly the arguments of its
 * `PaymentEscrowed` event. Passed back unchanged on every release, refund and dispute call; what refunds and
 * a dispute change lives in the contract's `paymentState`.
 */
export interface Payment {
  id: Hex;
  buyer: Address;
  merchant: Address;
  token: Address;
  /** What the buyer paid. */
  amount: bigint;
  feeBps: number;
  releaseAfter: bigint;
}

const MAX_UINT64 = (1n << 64n) - 1n;

/**
 * A fresh payment id: 24 random bytes followed by the intent's deadline (uint64 seconds). The escrow
 * requires the deadline in the id's low 64 bits, so an id can never be re-signed with a later deadline.
 */
export function newPaymentId(deadline: bigint): Hex {
  if (deadline < 0n || deadline > MAX_UINT64) throw new RangeError(`deadline ${deadline} does not fit in uint64`);
  return concat([bytesToHex(randomBytes(24)), numberToHex(deadline, { size: 8 })]);
}

/** The deadline a payment id carries (see `newPaymentId`). */
export function deadlineOf(id: Hex): bigint {
  return BigInt(id) & MAX_UINT64;
}

export const paymentIntentTypes = {
  PaymentIntent: [
    { name: 'id', type: 'bytes32' },
    { name: 'merchant', type: 'address' },
    { name: 'token', type: 'address' },
    { name: 'amount', type: 'uint256' },
    { name: 'feeBps', type: 'uint16' },
    { name: 'deadline', type: 'uint64' },
    { name: 'holdPeriod', type: 'uint64' },
  ],
} as const;

export interface EscrowDomain {
  chainId: number;
  escrow: Address;
}

export function escrowTypedDataDomain({ chainId, escrow }: EscrowDomain) {
  return { name: 'PMTEscrow', version: '1', chainId, verifyingContract: escrow } as const;
}

/** Signs `intent` as an operator EOA; the 65-byte result is `pay`'s `signature` argument. */
export async function signPaymentIntent(
  signer: Required<Pick<Account, 'signTypedData'>>,
  domain: EscrowDomain,
  intent: EscrowIntent,
): Promise<Hex> {
  return signer.signTypedData({
    domain: escrowTypedDataDomain(domain),
    types: paymentIntentTypes,
    primaryType: 'PaymentIntent',
    message: intent,
  });
}

/** The record of a payment as the indexer stored it (`payment` in lib/chainViews.ts; hex and addresses lowercase). */
export function paymentRecord(row: {
  id: string;
  buyer: string;
  merchant: string;
  token: string;
  amount: bigint;
  feeBps: number;
  releaseAfter: bigint;
}): Payment {
  return {
    id: row.id as Hex,
    buyer: getAddress(row.buyer),
    merchant: getAddress(row.merchant),
    token: getAddress(row.token),
    amount: row.amount,
    feeBps: row.feeBps,
    releaseAfter: row.releaseAfter,
  };
}
