// viem clients for a JSON-RPC endpoint, and the one way the project sends a transaction and waits for it.
import {
  type Account,
  type Chain,
  createWalletClient,
  defineChain,
  type Hash,
  http,
  publicActions,
  type TransactionReceipt,
} from 'viem';
import { networkByChainId } from './networks.js';

export function localChain(chainId: number, rpcUrl: string): Chain {
  return defineChain({
    id: chainId,
    name: `Local ${chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
}

export function walletClientFor(chain: Chain, account: Account) {
  return createWalletClient({
    chain,
    account,
    transport: http(chain.rpcUrls.default.http[0]),
    // viem polls receipts every 4 s by default; a known network polls at its own pace (anvil: 100 ms).
    pollingInterval: networkByChainId(chain.id)?.pollingIntervalMs,
  }).extend(publicActions);
}

export type WalletClient = ReturnType<typeof walletClientFor>;

/** Waits for `hash` and throws if it reverted, so no caller mistakes a mined failure for success. */
export async function confirmed(client: WalletClient, hash: Hash | Promise<Hash>): Promise<TransactionReceipt> {
  const receipt = await client.waitForTransactionReceipt({ hash: await hash });
  if (receipt.status !== 'success') throw new Error(`transaction ${hash} reverted`);
  return receipt;
}
