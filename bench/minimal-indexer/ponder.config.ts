// The benchmark's yardstick: the smallest Ponder app over the same escrow (one event, one table), so the
// real indexer's backfill rate is compared with what Ponder itself costs on this machine.
import { createConfig } from 'ponder';
import { pmtEscrowAbi } from '../../abis/pmtEscrow.js';
import { readIndexerEnv } from '../../indexer/launch/env.js';

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
    PMTEscrow: { abi: pmtEscrowAbi, chain: env.network, address: env.escrowAddress, startBlock: env.startBlock },
  },
});
