// Puts the wallet on the intent's chain: switch to it, and when the wallet does not know the chain, add it
// from the network the API describes (its name, currency, public RPC and explorer), then switch.
import { numberToHex } from 'viem';
import { ask, type Provider, WalletError } from './provider.js';
import type { PublicNetwork } from './types.js';

export async function ensureChain(provider: Provider, network: PublicNetwork): Promise<void> {
  const chainId = numberToHex(network.chain_id);
  if ((await ask<string>(provider, 'eth_chainId')).toLowerCase() === chainId) return;
  try {
    await ask(provider, 'wallet_switchEthereumChain', [{ chainId }]);
  } catch (error) {
    if (!(error instanceof WalletError && error.failure.kind === 'unknown_chain')) throw error;
    await ask(provider, 'wallet_addEthereumChain', [
      {
        chainId,
        chainName: network.name,
        nativeCurrency: network.native_currency,
        rpcUrls: [network.rpc_url],
        ...(network.explorer_url ? { blockExplorerUrls: [network.explorer_url] } : {}),
      },
    ]);
    // Most wallets switch on add; some only add.
    if ((await ask<string>(provider, 'eth_chainId')).toLowerCase() !== chainId)
      await ask(provider, 'wallet_switchEthereumChain', [{ chainId }]);
  }
}
