// Ponder's view of the chain: one escrow contract on one network, all of it taken from the environment
// (see indexer/launch/env.ts), so the same build indexes anvil in dev and Moonbeam in production.
import { createConfig } from 'ponder';
import { pmtEscrowAbi } from './abis/pmtEscrow.js';
import { readIndexerEnv } from './indexer/launch/env.js';

const env = readIndexerEnv();

export default createConfig({
  database: { kind: 'postgres', connectionString: env.databaseUrl },
  chains: {
    [env.network]: {
      id: env.chainId,
      rpc: env.rpcUrl,
      pollingInterval: env.pollingIntervalMs,
      disableCache: !env.cacheRpc,
    },
  },
  contracts: {
    PMTEscrow: {
      abi: pmtEscrowAbi,
      chain: env.network,
      address: env.escrowAddress,
      startBlock: env.startBlock,
    },
  },
});
