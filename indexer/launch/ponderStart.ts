// How to start the indexer (`ponder start`) for a deployment: the command, its environment and the schema
// it writes. Used by `npm run indexer`, the dev orchestrator, the tests and the indexer benchmark.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPublicClient, http, type PublicClient } from 'viem';
import { networkViewsSchema } from '../../lib/chainViews.js';
import { inheritedEnv } from '../../lib/envVars.js';
import { projectRoot } from '../../lib/projectRoot.js';
import { printableUrl } from '../../lib/settings/redact.js';
import { type IndexerEnv, indexerEnvVars } from './env.js';
import { indexerBuildHash, indexerSchemaName } from './schemaName.js';

export interface PonderStartCommand {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  /** The schema this build writes for this deployment (see indexer/launch/schemaName.ts). */
  schema: string;
  /** Where Ponder serves GraphQL, SQL over HTTP, /ready and /metrics. */
  url: string;
}

/** Ponder's command-line entry point, run with this Node.js. */
export const ponderCli = join(dirname(fileURLToPath(import.meta.resolve('ponder'))), 'bin', 'ponder.js');

export interface LaunchOptions {
  /** Write this schema instead of the build's own: tests run several indexers on one deployment. */
  schema?: string;
}

export async function ponderStartCommand(
  settings: IndexerEnv,
  { schema: chosenSchema }: LaunchOptions = {},
): Promise<PonderStartCommand> {
  const client = createPublicClient({ transport: http(settings.rpcUrl) });
  const chainId = await client.getChainId().catch((err: Error & { shortMessage?: string }) => {
    throw new Error(
      `cannot reach ${settings.network} at ${printableUrl(settings.rpcUrl)} (${err.shortMessage ?? err.name}): start it, or point its RPC URL at a running node`,
    );
  });
  if (chainId !== settings.chainId) {
    throw new Error(
      `the RPC URL ${printableUrl(settings.rpcUrl)} of ${settings.network} serves chain ${chainId}, but ${settings.network} is chain ${settings.chainId}. ` +
        'Point its RPC URL at that network, or name the network it serves.',
    );
  }
  const schema = chosenSchema ?? (await buildSchema(settings, chainId, client));
  return {
    command: process.execPath,
    // pg 8.16+ warns on every start about a query pattern inside Ponder; it is Ponder's to fix, not ours.
    args: [
      '--no-deprecation',
      ponderCli,
      'start',
      '--schema',
      schema,
      '--views-schema',
      networkViewsSchema(settings.viewsSchema, settings.network),
      '--hostname',
      settings.host,
      '--port',
      String(settings.port),
    ],
    // No telemetry: a self-hosted payment gateway does not report to third parties (and has no internet here).
    // Without a schema chosen elsewhere, which would confuse Ponder, and without the secret files already
    // read into DATABASE_URL and RPC_URL (the config would find both set).
    env: {
      ...inheritedEnv('DATABASE_SCHEMA', 'DATABASE_VIEWS_SCHEMA', 'DATABASE_URL_FILE', 'RPC_URL_FILE'),
      ...indexerEnvVars(settings),
      PONDER_TELEMETRY_DISABLED: 'true',
    },
    cwd: projectRoot,
    schema,
    url: `http://${settings.host.includes(':') ? `[${settings.host}]` : settings.host}:${settings.port}`,
  };
}

/** The schema this build writes for the deployment `settings` name (see indexer/launch/schemaName.ts). */
async function buildSchema(settings: IndexerEnv, chainId: number, client: PublicClient): Promise<string> {
  const startBlock = await client.getBlock({ blockNumber: BigInt(settings.startBlock) });
  return indexerSchemaName(await indexerBuildHash(), {
    chainId,
    escrowAddress: settings.escrowAddress,
    startBlock: settings.startBlock,
    startBlockHash: startBlock.hash,
  });
}
