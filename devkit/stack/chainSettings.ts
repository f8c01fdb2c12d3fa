// What the dev stack's API and worker both need to know of it: the database, the chain and the views.
export interface DevChainSettings {
  databaseUrl: string;
  rpcUrl: string;
  escrowAddress: string;
  viewsSchema: string;
}

/** The environment that tells a process `settings`, as an operator would set it in production. */
export function devChainEnv(settings: DevChainSettings): Record<string, string> {
  return {
    DATABASE_URL: settings.databaseUrl,
    PMT_NETWORK: 'anvil',
    RPC_URL: settings.rpcUrl,
    ESCROW_ADDRESS: settings.escrowAddress,
    INDEXER_VIEWS_SCHEMA: settings.viewsSchema,
  };
}
