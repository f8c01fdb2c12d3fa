// Every wallet the browser has: those announcing themselves over EIP-6963 (MetaMask, Talisman, SubWallet,
// Rabby, Coinbase…), and `window.ethereum` for older ones that do not. One list, updated as wallets
// announce themselves after the page has loaded.
import { createStore, type EIP6963ProviderDetail } from 'mipd';
import type { Provider } from './provider.js';

export interface WalletOption {
  /** EIP-6963's reverse-DNS id, or `injected` for `window.ethereum`. */
  id: string;
  name: string;
  /** A data: URI from the wallet itself, or none. */
  icon: string | undefined;
  provider: Provider;
}

const store = createStore();

function option({ info, provider }: EIP6963ProviderDetail): WalletOption {
  return { id: info.rdns, name: info.name, icon: /^data:image\//.test(info.icon) ? info.icon : undefined, provider };
}

/** The wallets found so far; `listener` hears the list again whenever it changes. */
export function watchWallets(listener: (wallets: WalletOption[]) => void): () => void {
  return store.subscribe(
    (details) => {
      const announced = details.map(option);
      const legacy = (globalThis as { ethereum?: Provider }).ethereum;
      // A wallet that announces itself usually also sets window.ethereum: list it once.
      const wallets =
        legacy && !announced.some((wallet) => wallet.provider === legacy)
          ? [...announced, { id: 'injected', name: 'Browser wallet', icon: undefined, provider: legacy }]
          : announced;
      listener(wallets);
    },
    { emitImmediately: true },
  );
}
