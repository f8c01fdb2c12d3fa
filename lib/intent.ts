// The EIP-712 payment intent the operator signs and the escrow verifies, and the payment record the
// escrow commits to (see contracts/PMTEscrow.sol).
import type { Account, Address, Hex } from 'viem';
import { zeroAddress } from 'viem';

export const NATIVE_TOKEN: Address = zeroAddress;

export interface PaymentIntent {
  id: Hex;
  merchant: Address;
  token: Address;
  amount: bigint;
  feeBps: number;
  deadline: bigint;
  holdPeriod: bigint;
}

/** The escrow's current record of a payment, passed back to it on release, refund and dispute calls. */
export interface Payment {
  id: Hex;
  buyer: Address;
  merchant: Address;
  token: Address;
  amount: bigint;
  feeBps: number;
  deadline: bigint;
  releaseAfter: bigint;
  disputed: boolean;
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
  intent: PaymentIntent,
): Promise<Hex> {
  return signer.signTypedData({
    domain: escrowTypedDataDomain(domain),
    types: paymentIntentTypes,
    primaryType: 'PaymentIntent',
    message: intent,
  });
}

/** The record the escrow committed to, rebuilt from its `PaymentEscrowed` event (not yet disputed). */
export function paymentFromEscrowedEvent(args: Omit<Payment, 'disputed'>): Payment {
  return { ...args, disputed: false };
}
