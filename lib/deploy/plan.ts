// What a production deployment of the escrow consists of, as steps that each know whether the chain already
// has them: so a run that was cut short is finished by the next, and `--dry-run` can list what is left.
import { type Address, encodeFunctionData, type Hex, isAddressEqual, type PublicClient } from 'viem';
import { pmtEscrowAbi } from '../../abis/index.js';
import { type EscrowRoleName, escrowRoleId } from '../roles.js';

export interface DeployTarget {
  /** Who deploys, and administers until the handover is accepted. */
  deployer: Address;
  treasury: Address;
  /** The multisig the admin role is handed to; the deployer stays admin when undefined. */
  admin?: Address;
  adminDelaySeconds: number;
  roles: Record<Exclude<EscrowRoleName, 'DEFAULT_ADMIN_ROLE'>, Address[]>;
  tokens: { symbol: string; address: Address }[];
}

/** One call the deployer makes on the escrow, unless the escrow already shows its effect. */
export interface SetupStep {
  description: string;
  /** Whether the escrow already shows this step's effect. */
  done(escrow: Address): Promise<boolean>;
  /** The call; every step is the admin's to make, so after the handover it is the multisig's. */
  data: Hex;
}

export function setupSteps(client: Pick<PublicClient, 'readContract'>, target: DeployTarget): SetupStep[] {
  const read = <T>(escrow: Address, functionName: string, args: readonly unknown[] = []) =>
    client.readContract({ address: escrow, abi: pmtEscrowAbi, functionName, args } as never) as Promise<T>;
  const steps: SetupStep[] = [];
  for (const [roleName, members] of Object.entries(target.roles) as [EscrowRoleName, Address[]][]) {
    const role = escrowRoleId(roleName);
    for (const member of members) {
      steps.push({
        description: `grant ${roleName} to ${member}`,
        done: (escrow) => read<boolean>(escrow, 'hasRole', [role, member]),
        data: encodeFunctionData({ abi: pmtEscrowAbi, functionName: 'grantRole', args: [role, member] }),
      });
    }
  }
  for (const token of target.tokens) {
    steps.push({
      description: `allow-list ${token.symbol} ${token.address}`,
      done: (escrow) => read<boolean>(escrow, 'isTokenAllowed', [token.address]),
      data: encodeFunctionData({ abi: pmtEscrowAbi, functionName: 'setTokenAllowed', args: [token.address, true] }),
    });
  }
  steps.push({
    description: `set the treasury to ${target.treasury}`,
    done: async (escrow) => isAddressEqual(await read<Address>(escrow, 'treasury'), target.treasury),
    data: encodeFunctionData({ abi: pmtEscrowAbi, functionName: 'setTreasury', args: [target.treasury] }),
  });
  const admin = target.admin;
  if (admin && !isAddressEqual(admin, target.deployer)) {
    steps.push({
      description: `start handing the admin role to ${admin} (it accepts after ${target.adminDelaySeconds} s)`,
      done: async (escrow) => {
        const [current, [pending]] = await Promise.all([
          read<Address>(escrow, 'defaultAdmin'),
          read<readonly [Address, number]>(escrow, 'pendingDefaultAdmin'),
        ]);
        return isAddressEqual(current, admin) || isAddressEqual(pending, admin);
      },
      data: encodeFunctionData({ abi: pmtEscrowAbi, functionName: 'beginDefaultAdminTransfer', args: [admin] }),
    });
  }
  return steps;
}
