// A second local network beside an API stack's: its own anvil (chain 31338, the `anvil-2` preset), escrow
// and indexer, writing into the stack's database and combined views, as a gateway's second network does.
import { type Anvil, startAnvil } from '../../devkit/anvil.js';
import { deployLocalStack, type LocalDeployment } from '../../devkit/localDeployment.js';
import type { ApiStack } from './apiStack.js';
import { startTestIndexer, type TestIndexer } from './indexer.js';

export interface SecondNetwork {
  anvil: Anvil;
  deployment: LocalDeployment;
  indexer: TestIndexer;
  stop(): Promise<void>;
}

/** Starts `anvil-2` beside `stack`'s `anvil`, and resolves once its indexer is ready. */
export async function startSecondNetwork(stack: ApiStack): Promise<SecondNetwork> {
  const anvil = await startAnvil({ chainId: 31_338 });
  try {
    const deployment = await deployLocalStack(anvil.rpcUrl, anvil.chainId);
    const indexer = await startTestIndexer({
      databaseUrl: stack.api.services.config.databaseUrl,
      rpcUrl: anvil.rpcUrl,
      ...deployment,
      network: 'anvil-2',
      servedNetworks: ['anvil', 'anvil-2'],
      viewsSchema: stack.indexer.viewsSchema,
    });
    const stop = async () => {
      await indexer.stop();
      await anvil.stop();
    };
    await indexer.waitUntilReady().catch(async (err: unknown) => {
      await stop();
      throw err;
    });
    return { anvil, deployment, indexer, stop };
  } catch (err) {
    await anvil.stop();
    throw err;
  }
}

/** What an API or a worker is told to serve both `stack`'s network and `other`, each under its own names. */
export function twoNetworkSettings(stack: ApiStack, other: SecondNetwork): Record<string, string> {
  return {
    PMT_NETWORK: '',
    RPC_URL: '',
    ESCROW_ADDRESS: '',
    NETWORKS: 'anvil,anvil-2',
    RPC_URL_ANVIL: stack.rpcUrl,
    ESCROW_ADDRESS_ANVIL: stack.deployment.escrowAddress,
    RPC_URL_ANVIL_2: other.anvil.rpcUrl,
    ESCROW_ADDRESS_ANVIL_2: other.deployment.escrowAddress,
  };
}
