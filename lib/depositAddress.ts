// Where a buyer pays an intent by plain transfer: its deposit address, computed here with no RPC call and
// no transaction, exactly as `PMTEscrow.depositAddress` does on chain (contracts/PMTDepositForwarder.sol).
import { type Address, concat, getContractAddress, type Hex, hashTypedData } from 'viem';
import {
  type EscrowDomain,
  type EscrowIntent,
  escrowTypedDataDomain,
  NATIVE_TOKEN,
  paymentIntentTypes,
} from './intent.js';

/** How long after its deadline a deposit may still be swept, as a late payment (`PMTEscrow.LATE_PAYMENT_WINDOW`). */
export const LATE_PAYMENT_WINDOW_SECONDS = 86_400;

/**
 * The forwarder code every deposit address runs: the escrow's constructor creates it as the escrow's first
 * contract, so at the escrow's first contract nonce (1, EIP-161).
 */
export function depositForwarderOf(escrow: Address): Address {
  return getContractAddress({ from: escrow, nonce: 1n });
}

/** The EIP-1167 minimal proxy's creation code, as OpenZeppelin's `Clones.cloneDeterministic` deploys it. */
function cloneCreationCode(implementation: Address): Hex {
  return concat(['0x3d602d80600a3d3981f3363d3d373d3d3d363d73', implementation, '0x5af43d82803e903d91602b57fd5bf3']);
}

/** The EIP-712 digest the operator signs for `intent`, which also salts its deposit address. */
export function intentDigest(domain: EscrowDomain, intent: EscrowIntent): Hex {
  return hashTypedData({
    domain: escrowTypedDataDomain(domain),
    types: paymentIntentTypes,
    primaryType: 'PaymentIntent',
    message: intent,
  });
}

/** The CREATE2 address of the escrow's forwarder clone salted with `intent`'s digest. */
export function depositAddressOf(domain: EscrowDomain, intent: EscrowIntent): Address {
  return getContractAddress({
    opcode: 'CREATE2',
    from: domain.escrow,
    salt: intentDigest(domain, intent),
    bytecode: cloneCreationCode(depositForwarderOf(domain.escrow)),
  });
}

/**
 * The EIP-681 payment request a phone wallet scans: the exact amount to the deposit address, on this chain
 * (`ethereum:<deposit>@<chainId>?value=<wei>`), or for an ERC-20 its `transfer` call
 * (`ethereum:<token>@<chainId>/transfer?address=<deposit>&uint256=<amount>`). Amounts are integers in base
 * units, as EIP-681 allows.
 */
export function paymentRequestUri(chainId: number, deposit: Address, token: Address, amount: bigint): string {
  return token === NATIVE_TOKEN
    ? `ethereum:${deposit}@${chainId}?value=${amount}`
    : `ethereum:${token}@${chainId}/transfer?address=${deposit}&uint256=${amount}`;
}
