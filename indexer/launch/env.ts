// What an indexer is told through its environment, checked before Ponder starts so that a missing or
// malformed setting names itself instead of surfacing as a Ponder stack trace. Each network served has an
// indexer of its own (one `ponder start` each, see docs/architecture.md): `readIndexerEnvs` gives the
// settings of every one, `readIndexerEnv` those of the one network a `ponder start` is given.
import type { Address } from 'viem';
import { type Finality, finalityEnvVars } from '../../lib/finality.js';
import { readSettings } from '../../lib/settings/read.js';

export interface IndexerEnv {
  databaseUrl: string;
  /** The network's name (a preset's, or a custom chain's). */
  network: string;
  /** Every network the gateway serves, whose indexers' tables the combined views join. */
  servedNetworks: string[];
  chainId: number;
  rpcUrl: string;
  escrowAddress: Address;
  /** Block the escrow was deployed in: nothing earlier is fetched. */
  startBlock: number;
  /** When a block is final (lib/finality.ts); the indexer reports it, the API and the jobs apply it. */
  finality: Finality;
  pollingIntervalMs: number;
  cacheRpc: boolean;
  /** Address and port of Ponder's HTTP server (GraphQL, SQL over HTTP, /ready, /metrics). */
  host: string;
  port: number;
  /** Schema of the views combining every network's live tables: what api/ and jobs/ read. */
  viewsSchema: string;
  /** `npm run indexer` restarts an indexer that indexed no block for this long while the chain moved on. */
  stallSeconds: number;
}

/** The settings of each network's indexer, in NETWORKS order; the n-th listens on INDEXER_PORT + n. */
export function readIndexerEnvs(env: NodeJS.ProcessEnv = process.env): IndexerEnv[] {
  const { vars, networks } = readSettings('indexer', env);
  const servedNetworks = networks.map(({ network }) => network.name);
  return networks.map(({ network, escrow }, index) => ({
    databaseUrl: vars.DATABASE_URL,
    network: network.name,
    servedNetworks,
    chainId: network.chain.id,
    rpcUrl: network.rpcUrl,
    escrowAddress: escrow.address,
    startBlock: escrow.startBlock!,
    finality: network.finality,
    pollingIntervalMs: network.pollingIntervalMs,
    cacheRpc: network.cacheRpc,
    host: vars.INDEXER_HOST,
    port: vars.INDEXER_PORT + index,
    viewsSchema: vars.INDEXER_VIEWS_SCHEMA,
    stallSeconds: vars.INDEXER_STALL_SECONDS,
  }));
}

/** The settings of the one network a `ponder start` indexes (ponder.config.ts). */
export function readIndexerEnv(env: NodeJS.ProcessEnv = process.env): IndexerEnv {
  const all = readIndexerEnvs(env);
  if (all.length !== 1) {
    throw new Error(
      `one Ponder app indexes one network, and NETWORKS lists ${all.length}: run \`npm run indexer\`, which starts one per network`,
    );
  }
  return all[0]!;
}

/**
 * The environment that `readIndexerEnv` reads back as `settings`: how a parent process configures the
 * indexer of one network. It names that network alone (NETWORKS), and gives its values by their plain names.
 */
export function indexerEnvVars(settings: Omit<IndexerEnv, 'chainId' | 'cacheRpc'>): Record<string, string> {
  return {
    DATABASE_URL: settings.databaseUrl,
    NETWORKS: settings.network,
    PMT_NETWORK: '',
    RPC_URL: settings.rpcUrl,
    ESCROW_ADDRESS: settings.escrowAddress,
    ESCROW_START_BLOCK: String(settings.startBlock),
    ...finalityEnvVars(settings.finality),
    POLLING_INTERVAL_MS: String(settings.pollingIntervalMs),
    INDEXER_HOST: settings.host,
    INDEXER_PORT: String(settings.port),
    INDEXER_VIEWS_SCHEMA: settings.viewsSchema,
  };
}
