// What the indexer process is told through its environment, checked before Ponder starts so that a
// missing or malformed setting names itself instead of surfacing as a Ponder stack trace.
import { type Address, getAddress } from 'viem';
import { z } from 'zod';
import {
  addressVar,
  databaseUrlVar,
  envObject,
  finalityDepthVar,
  networkVar,
  parseEnv,
  schemaNameVar,
  wholeNumber,
} from '../../lib/envVars.js';
import { type Finality, finalityEnvVars, finalityOf } from '../../lib/finality.js';
import { type NetworkName, networkPreset } from '../../lib/networks.js';

export interface IndexerEnv {
  databaseUrl: string;
  network: NetworkName;
  chainId: number;
  rpcUrl: string;
  escrowAddress: Address;
  /** Block the escrow was deployed in: nothing earlier is fetched. */
  startBlock: number;
  /** When a block is final (lib/finality.ts); the indexer reports it, the API and the jobs apply it. */
  finality: Finality;
  pollingIntervalMs: number;
  cacheRpc: boolean;
  /** Port of Ponder's HTTP server (GraphQL, SQL over HTTP, /ready, /metrics). */
  port: number;
  /** Schema holding stable views of the live deployment's tables: what api/ and jobs/ read. */
  viewsSchema: string;
}

const envSchema = envObject({
  DATABASE_URL: databaseUrlVar,
  PMT_NETWORK: networkVar,
  RPC_URL: z.url().optional(),
  ESCROW_ADDRESS: addressVar,
  ESCROW_START_BLOCK: wholeNumber,
  FINALITY_DEPTH: finalityDepthVar,
  INDEXER_PORT: wholeNumber.pipe(z.number().min(1).max(65_535)).default(42069),
  INDEXER_VIEWS_SCHEMA: schemaNameVar.default('pmt'),
});

export function readIndexerEnv(env: NodeJS.ProcessEnv = process.env): IndexerEnv {
  const vars = parseEnv(
    envSchema,
    env,
    'The indexer',
    'Set these variables (see README, "Running the indexer"), or start the whole local stack with `npm run dev`.',
  );
  const preset = networkPreset(vars.PMT_NETWORK);
  return {
    databaseUrl: vars.DATABASE_URL,
    network: vars.PMT_NETWORK,
    chainId: preset.chain.id,
    rpcUrl: vars.RPC_URL ?? preset.chain.rpcUrls.default.http[0]!,
    escrowAddress: getAddress(vars.ESCROW_ADDRESS),
    startBlock: vars.ESCROW_START_BLOCK,
    finality: finalityOf(preset.finality, vars.FINALITY_DEPTH),
    pollingIntervalMs: preset.pollingIntervalMs,
    cacheRpc: preset.cacheRpc,
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
    INDEXER_PORT: String(settings.port),
    INDEXER_VIEWS_SCHEMA: settings.viewsSchema,
  };
}
