// Paying an intent in the test token (PMTTestToken, "Test USD", version 1) with an EIP-2612 permit, as a
// buyer's wallet does at checkout: the permit signed by the buyer's own key, then `payWithPermit`. For
// benches; the checkout's own path is web/checkout/payment.ts.
import type { Address, Hex, LocalAccount, TransactionReceipt } from 'viem';
import { parseSignature } from 'viem';
import { pmtEscrowAbi, pmtTestTokenAbi } from '../abis/index.js';
import { confirmed, type WalletClient } from '../lib/chain.js';
import type { EscrowIntent } from '../lib/intent.js';

export interface PermitPayment {
  escrow: Address;
  intent: EscrowIntent;
  /** The operator's signature of `intent`. */
  signature: Hex;
}

/** Pays `intent` (in the test token) from `buyer`, whose key signs the permit; resolves once it is mined. */
export async function payWithTestTokenPermit(
  buyer: WalletClient,
  { escrow, intent, signature }: PermitPayment,
): Promise<TransactionReceipt> {
  const owner = buyer.account as LocalAccount;
  const nonce = await buyer.readContract({
    address: intent.token,
    abi: pmtTestTokenAbi,
    functionName: 'nonces',
    args: [owner.address],
  });
  const permit = await owner.signTypedData({
    domain: { name: 'Test USD', version: '1', chainId: buyer.chain.id, verifyingContract: intent.token },
    types: {
      Permit: [
        { name: 'owner', type: 'address' },
        { name: 'spender', type: 'address' },
        { name: 'value', type: 'uint256' },
        { name: 'nonce', type: 'uint256' },
        { name: 'deadline', type: 'uint256' },
      ],
    },
    primaryType: 'Permit',
    message: { owner: owner.address, spender: escrow, value: intent.amount, nonce, deadline: intent.deadline },
  });
  const { r, s, yParity } = parseSignature(permit);
  return confirmed(
    buyer,
    buyer.writeContract({
      address: escrow,
      abi: pmtEscrowAbi,
      functionName: 'payWithPermit',
      args: [intent, signature, intent.deadline, 27 + yParity, r, s],
    }),
  );
}
