// Deploys the escrow and the test token and assigns the escrow's roles.
import { type Address, getAddress, type TransactionReceipt } from 'viem';
import {
  devPlainTokenAbi,
  devPlainTokenBytecode,
  pmtEscrowAbi,
  pmtEscrowBytecode,
  pmtTestTokenAbi,
  pmtTestTokenBytecode,
} from '../abis/index.js';
import { confirmed, type WalletClient } from './chain.js';
import { escrowRoleId } from './roles.js';

export interface EscrowRoles {
  operators: Address[];
  keepers: Address[];
  arbiters: Address[];
  pausers: Address[];
}

export interface EscrowDeployment {
  escrow: Address;
  /** Block of the deployment: where an indexer starts. */
  blockNumber: bigint;
}

/** Deploys PMTEscrow with the wallet's account as admin, then grants `roles`. */
export async function deployEscrow(
  admin: WalletClient,
  { treasury, adminDelaySeconds, roles }: { treasury: Address; adminDelaySeconds: number; roles: EscrowRoles },
): Promise<EscrowDeployment> {
  const receipt = await confirmed(
    admin,
    admin.deployContract({
      abi: pmtEscrowAbi,
      bytecode: pmtEscrowBytecode,
      args: [admin.account.address, adminDelaySeconds, treasury],
    }),
  );
  const escrow = deployedAddress(receipt);
  const grants = [
    ['OPERATOR_ROLE', roles.operators],
    ['KEEPER_ROLE', roles.keepers],
    ['ARBITER_ROLE', roles.arbiters],
    ['PAUSER_ROLE', roles.pausers],
  ] as const;
  for (const [roleName, members] of grants) {
    const role = escrowRoleId(roleName);
    for (const member of members) {
      await confirmed(
        admin,
        admin.writeContract({ address: escrow, abi: pmtEscrowAbi, functionName: 'grantRole', args: [role, member] }),
      );
    }
  }
  return { escrow, blockNumber: receipt.blockNumber };
}

/** Deploys a mintable test token (with EIP-2612 permits unless `permit: false`) and allow-lists it on `escrow`. */
export async function deployTestToken(
  admin: WalletClient,
  {
    escrow,
    name,
    symbol,
    decimals,
    permit = true,
  }: { escrow: Address; name: string; symbol: string; decimals: number; permit?: boolean },
): Promise<Address> {
  const args = [name, symbol, decimals] as const;
  const receipt = await confirmed(
    admin,
    permit
      ? admin.deployContract({ abi: pmtTestTokenAbi, bytecode: pmtTestTokenBytecode, args })
      : admin.deployContract({ abi: devPlainTokenAbi, bytecode: devPlainTokenBytecode, args }),
  );
  const token = deployedAddress(receipt);
  await confirmed(
    admin,
    admin.writeContract({ address: escrow, abi: pmtEscrowAbi, functionName: 'setTokenAllowed', args: [token, true] }),
  );
  return token;
}

/** Mints `amount` of a test token of either kind (both have an open `mint`) to `to`. */
export async function mintTestToken(admin: WalletClient, token: Address, to: Address, amount: bigint): Promise<void> {
  await confirmed(
    admin,
    admin.writeContract({ address: token, abi: pmtTestTokenAbi, functionName: 'mint', args: [to, amount] }),
  );
}

/** The checksummed address a deployment receipt created. */
function deployedAddress(receipt: TransactionReceipt): Address {
  if (!receipt.contractAddress) throw new Error(`transaction ${receipt.transactionHash} deployed no contract`);
  return getAddress(receipt.contractAddress);
}
