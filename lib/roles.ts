// PMTEscrow's role ids, derived the way the contract derives them, and their names for people.
import { type Address, type Hex, keccak256, type PublicClient, toHex, zeroHash } from 'viem';
import { pmtEscrowAbi } from '../abis/index.js';

export const escrowRoleNames = [
  'DEFAULT_ADMIN_ROLE',
  'OPERATOR_ROLE',
  'KEEPER_ROLE',
  'ARBITER_ROLE',
  'PAUSER_ROLE',
] as const;

export type EscrowRoleName = (typeof escrowRoleNames)[number];

/** OpenZeppelin's admin role is zero; the others are `keccak256("<NAME>")` constants of PMTEscrow. */
export function escrowRoleId(name: EscrowRoleName): Hex {
  return name === 'DEFAULT_ADMIN_ROLE' ? zeroHash : keccak256(toHex(name));
}

const namesById = new Map<Hex, EscrowRoleName>(escrowRoleNames.map((name) => [escrowRoleId(name), name]));

/** The name of a role id, or the id itself for a role PMTEscrow does not define. */
export function escrowRoleName(id: Hex): string {
  return namesById.get(id) ?? id;
}

/** Whether `account` holds `role` on `escrow`; undefined when the node cannot say. */
export function holdsRole(
  client: Pick<PublicClient, 'readContract'>,
  escrow: Address,
  role: EscrowRoleName,
  account: Address,
): Promise<boolean | undefined> {
  return client
    .readContract({ address: escrow, abi: pmtEscrowAbi, functionName: 'hasRole', args: [escrowRoleId(role), account] })
    .catch(() => undefined);
}
