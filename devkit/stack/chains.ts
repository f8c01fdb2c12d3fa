// The dev stack's chains: two local anvils, `anvil` (chain 31337) and `anvil-2` (chain 31338), so that a
// developer meets a gateway serving several networks from the first `npm run dev`; or the one node at
// RPC_URL (named by PMT_NETWORK, `anvil` when unset).
import { join } from 'node:path';
import { createPublicClient, http, toHex } from 'viem';
import { networks } from '../../lib/networks.js';
import { type Anvil, startAnvil } from '../anvil.js';

/** Seconds between the dev chains' blocks (`ANVIL_BLOCK_TIME`). */
const DEFAULT_BLOCK_TIME_SECONDS = 2;

/** The local chains, each with the variable that moves its port. */
const LOCAL_CHAINS = [
  { network: 'anvil', portVariable: 'ANVIL_PORT', defaultPort: 8545 },
  { network: 'anvil-2', portVariable: 'ANVIL_2_PORT', defaultPort: 8546 },
] as const;

export interface DevChain {
  network: string;
  rpcUrl: string;
}

/**
 * Starts the local chains, handing each anvil to `started` as soon as it runs (so that a stop during
 * start-up stops it too); the node at RPC_URL instead when that is set. Where a network keeps its files:
 * `folderOf(network)`.
 */
export async function startDevChains(
  folderOf: (network: string) => string,
  started: (anvil: Anvil) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<DevChain[]> {
  if (env.RPC_URL) return [{ network: env.PMT_NETWORK || 'anvil', rpcUrl: env.RPC_URL }];
  // Each chain is started even when another fails, so that every one that did start is known and stopped.
  const outcomes = await Promise.allSettled(
    LOCAL_CHAINS.map(async ({ network, portVariable, defaultPort }) => {
      const anvil = await startAnvil({
        chainId: networks[network].chain.id,
        port: Number(env[portVariable] ?? defaultPort),
        // A block every few seconds, transactions or not, as on a real chain: the escrow reads "now" from the
        // latest block, so on a chain that mines only transactions, holds would never end, nor intents expire.
        blockTime: Number(env.ANVIL_BLOCK_TIME ?? DEFAULT_BLOCK_TIME_SECONDS),
        // The chain persists beside the database, so indexed payments and the deployment survive restarts.
        args: ['--state', join(folderOf(network), 'chain-state.json'), '--state-interval', '5'],
      });
      started(anvil);
      await mineBeyondPonderFinality(anvil.rpcUrl);
      return { network, rpcUrl: anvil.rpcUrl };
    }),
  );
  const failed = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
  return outcomes.map((outcome) => (outcome as PromiseFulfilledResult<DevChain>).value);
}

/**
 * Anvil gives its genesis block a new hash each time it reloads its saved state, while block 1 keeps the
 * old parent hash. Ponder treats the block 30 below the head as finalized and checks the chain from
 * there, so on a young chain it would start at genesis, see a reorg below "finalized" and stop. Empty
 * blocks at the start of a fresh dev chain keep genesis out of that window for good.
 */
async function mineBeyondPonderFinality(rpcUrl: string) {
  const PONDER_FINALITY_BLOCKS = 30;
  const client = createPublicClient({ transport: http(rpcUrl) });
  const missing = PONDER_FINALITY_BLOCKS + 1 - Number(await client.getBlockNumber());
  if (missing > 0) await client.request({ method: 'anvil_mine' as never, params: [toHex(missing)] as never });
}
