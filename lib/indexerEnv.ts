// What the indexer process is told through its environment, checked before Ponder starts so that a
// missing or malformed setting names itself instead of surfacing as a Ponder stack trace.
import { getAddress, isAddress, type Address } from 'viem';
import { z } from 'zod';
import { networkNames, networkPreset, type NetworkName } from './networks.js';

export interface IndexerEnv {
  databaseUrl: string;
  network: NetworkName;
  chainId: number;
  rpcUrl: string;
  escrowAddress: Address;
  /** Block the escrow was deployed in: nothing earlier is fetched. */
  startBlock: number;
  confirmations: number;
  pollingIntervalMs: number;
  cacheRpc: boolean;
  /** Port of Ponder's HTTP server (GraphQL, SQL over HTTP, /ready, /metrics). */
  port: number;
  /** Schema holding stable views of the live deployment's tables: what api/ and jobs/ read. */
  viewsSchema: string;
}

/** An unset variable, or one set to nothing (`CONFIRMATIONS=`), which must not read as 0. */
const unsetIfEmpty = (value: unknown) => (value === '' ? undefined : value);
const digits = z.string().regex(/^\d+$/, 'a whole number').transform(Number);

const schemaName = z
  .string()
  .regex(/^[a-z_][a-z0-9_]{0,44}$/, 'a lower-case PostgreSQL identifier of at most 45 characters');

const envSchema = z.object({
  DATABASE_URL: z.preprocess(unsetIfEmpty, z.string().startsWith('postgres', 'a postgres:// or postgresql:// connection string')),
  PMT_NETWORK: z.preprocess(unsetIfEmpty, z.enum(networkNames as [NetworkName, ...NetworkName[]]).default('anvil')),
  RPC_URL: z.preprocess(unsetIfEmpty, z.url().optional()),
  ESCROW_ADDRESS: z.preprocess(
    unsetIfEmpty,
    z.string().refine((value) => isAddress(value), 'a 0x-prefixed 20-byte address with a valid checksum'),
  ),
  ESCROW_START_BLOCK: z.preprocess(unsetIfEmpty, digits),
  CONFIRMATIONS: z.preprocess(unsetIfEmpty, digits.optional()),
  INDEXER_PORT: z.preprocess(unsetIfEmpty, digits.pipe(z.number().min(1).max(65_535)).default(42069)),
  INDEXER_VIEWS_SCHEMA: z.preprocess(unsetIfEmpty, schemaName.default('pmt')),
});

export function readIndexerEnv(env: NodeJS.ProcessEnv = process.env): IndexerEnv {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = issue.path.join('.');
      return `  ${name}: ${unsetIfEmpty(env[name]) === undefined ? 'not set' : issue.message}`;
    });
    throw new Error(
      `The indexer's environment is incomplete or invalid:\n${problems.join('\n')}\n` +
        'Set these variables (see README, "Running the indexer"), or start the whole local stack with `npm run dev`.',
    );
  }
  const vars = parsed.data;
  const preset = networkPreset(vars.PMT_NETWORK);
  return {
    databaseUrl: vars.DATABASE_URL,
    network: vars.PMT_NETWORK,
    chainId: preset.chain.id,
    rpcUrl: vars.RPC_URL ?? preset.chain.rpcUrls.default.http[0]!,
    escrowAddress: getAddress(vars.ESCROW_ADDRESS),
    startBlock: vars.ESCROW_START_BLOCK,
    confirmations: vars.CONFIRMATIONS ?? preset.confirmations,
    pollingIntervalMs: preset.pollingIntervalMs,
    cacheRpc: preset.cacheRpc,
    port: vars.INDEXER_PORT,
    viewsSchema: vars.INDEXER_VIEWS_SCHEMA,
  };
}

/** The environment that `readIndexerEnv` reads back as `settings`: how a parent process configures an indexer. */
export function indexerEnvVars(settings: Omit<IndexerEnv, 'chainId' | 'pollingIntervalMs' | 'cacheRpc'>): Record<string, string> {
  return {
    DATABASE_URL: settings.databaseUrl,
    PMT_NETWORK: settings.network,
    RPC_URL: settings.rpcUrl,
    ESCROW_ADDRESS: settings.escrowAddress,
    ESCROW_START_BLOCK: String(settings.startBlock),
    CONFIRMATIONS: String(settings.confirmations),
    INDEXER_PORT: String(settings.port),
    INDEXER_VIEWS_SCHEMA: settings.viewsSchema,
  };
}
