// Deploys the gateway's contracts to a local chain with anvil's dev accounts in every role, and funds
// the demo buyer: what `npm run dev` and the tests start from.
import type { Address } from 'viem';
import { localChain, walletClientFor } from '../lib/chain.js';
import { deployEscrow, deployTestToken, mintTestToken } from '../lib/deployEscrow.js';
import { devAccounts } from './devAccounts.js';

export interface LocalDeployment {
  escrowAddress: Address;
  tokenAddress: Address;
  /** Block the escrow was deployed in (where an indexer starts). */
  startBlock: bigint;
}

/** Test tokens minted to the demo buyer: 1,000,000 tUSD (6 decimals). */
const DEMO_BUYER_TOKENS = 1_000_000n * 10n ** 6n;

export async function deployLocalStack(rpcUrl: string, chainId: number): Promise<LocalDeployment> {
  const admin = walletClientFor(localChain(chainId, rpcUrl), devAccounts.admin);
  const { escrow, blockNumber } = await deployEscrow(admin, {
    treasury: devAccounts.treasury.address,
    adminDelaySeconds: 0,
    roles: {
      operators: [devAccounts.operator.address],
      keepers: [devAccounts.keeper.address],
      arbiters: [devAccounts.arbiter.address],
      pausers: [devAccounts.admin.address],
    },
  });
  const token = await deployTestToken(admin, { escrow, name: 'Test USD', symbol: 'tUSD', decimals: 6 });
  await mintTestToken(admin, token, devAccounts.buyer.address, DEMO_BUYER_TOKENS);
  return { escrowAddress: escrow, tokenAddress: token, startBlock: blockNumber };
}
