// What the dev stack's indexers, API and worker all need to know of it: the database, each network's chain
// and escrow, and the views combining them, told through the environment as an operator sets it in
// production (NETWORKS, and each network's own `<NAME>_<NETWORK>`).
import { networkSuffix } from '../../lib/settings/variables.js';

export interface DevNetworkSettings {
  network: string;
  rpcUrl: string;
  escrowAddress: string;
  startBlock: number;
}

export interface DevChainSettings {
  databaseUrl: string;
  /** Every network served, the default first. */
  networks: DevNetworkSettings[];
  /** The combined views' schema; the indexers' default when left out. */
  viewsSchema?: string;
}

/** The environment that tells a process `settings`. */
export function devChainEnv(settings: DevChainSettings): Record<string, string> {
  const env: Record<string, string> = {
    DATABASE_URL: settings.databaseUrl,
    NETWORKS: settings.networks.map(({ network }) => network).join(','),
    PMT_NETWORK: '',
  };
  for (const { network, rpcUrl, escrowAddress, startBlock } of settings.networks) {
    const suffix = networkSuffix(network);
    env[`RPC_URL_${suffix}`] = rpcUrl;
    env[`ESCROW_ADDRESS_${suffix}`] = escrowAddress;
    env[`ESCROW_START_BLOCK_${suffix}`] = String(startBlock);
  }
  if (settings.viewsSchema) env.INDEXER_VIEWS_SCHEMA = settings.viewsSchema;
  return env;
}
