// What the indexer process is told through its environment, checked before Ponder starts so that a
// missing or malformed setting names itself instead of surfacing as a Ponder stack trace.
import type { Address } from 'viem';
import { type Finality, finalityEnvVars } from '../../lib/finality.js';
import { readSettings } from '../../lib/settings/read.js';

export interface IndexerEnv {
  databaseUrl: string;
  /** The preset's name, or `custom`. */
  network: string;
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
  /** Schema holding stable views of the live deployment's tables: what api/ and jobs/ read. */
  viewsSchema: string;
}

export function readIndexerEnv(env: NodeJS.ProcessEnv = process.env): IndexerEnv {
  const { vars, network, escrow } = readSettings('indexer', env);
  return {
    databaseUrl: vars.DATABASE_URL,
    network: network.name,
    chainId: network.chain.id,
    rpcUrl: network.rpcUrl,
    escrowAddress: escrow.address,
    startBlock: escrow.startBlock!,
    finality: network.finality,
    pollingIntervalMs: network.pollingIntervalMs,
    cacheRpc: network.cacheRpc,
    host: vars.INDEXER_HOST,
    port: vars.INDEXER_PORT,
    viewsSchema: vars.INDEXER_VIEWS_SCHEMA,
  };
}

/** The environment that `readIndexerEnv` reads back as `settings`: how a parent process configures an indexer. */
export function indexerEnvVars(
  settings: Omit<IndexerEnv, 'chainId' | 'pollingIntervalMs' | 'cacheRpc'>,
): Record<string, string> {
  return {
    DATABASE_URL: settings.databaseUrl,
    PMT_NETWORK: settings.network,
    RPC_URL: settings.rpcUrl,
    ESCROW_ADDRESS: settings.escrowAddress,
    ESCROW_START_BLOCK: String(settings.startBlock),
    ...finalityEnvVars(settings.finality),
    INDEXER_HOST: settings.host,
    INDEXER_PORT: String(settings.port),
    INDEXER_VIEWS_SCHEMA: settings.viewsSchema,
  };
}
