// Every wallet the browser has: those announcing themselves over EIP-6963 (MetaMask, Talisman, SubWallet,
// Rabby, Coinbase…), and `window.ethereum` for older ones that do not. One list, updated as wallets
// announce themselves after the page has loaded.
import { createStore, type EIP6963ProviderDetail } from 'mipd';
import { type Provider, USER_REJECTED } from './provider.js';
import type { PublicIntent } from './types.js';

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

/** Long enough to scan a QR code; past it, a silent relay is reported rather than waited on. */
const WALLETCONNECT_TIMEOUT_MS = 120_000;

/**
 * WalletConnect as one more wallet. Its code is fetched on the first request (the buyer's click), and
 * a QR modal the buyer closes counts as a refusal, as a wallet's own "cancel" does.
 */
export function walletConnectOption(api: string, projectId: string, intent: PublicIntent): WalletOption {
  let loading: Promise<Provider> | undefined;
  const load = () => {
    // A bundle of its own (web/build.ts), so a URL esbuild leaves alone; only its type is imported here.
    const url = `${api}/assets/walletconnect.js`;
    loading ??= (import(url) as Promise<typeof import('./walletConnect.js')>)
      .then((module) => module.walletConnectProvider(projectId, intent))
      .catch((error: unknown) => {
        loading = undefined;
        throw error;
      });
    return loading;
  };
  const provider = {
    async request({ method, params }: { method: string; params?: unknown }) {
      const connected = await load();
      if (method !== 'eth_requestAccounts') return connected.request({ method, params } as never);
      const enable = (connected as unknown as { enable(): Promise<string[]> }).enable();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('WalletConnect did not answer')), WALLETCONNECT_TIMEOUT_MS);
      });
      try {
        return await Promise.race([enable, timeout]);
      } catch (error) {
        if (/reset/i.test((error as Error).message)) throw { code: USER_REJECTED, message: (error as Error).message };
        throw error;
      } finally {
        clearTimeout(timer);
      }
    },
    on(event: string, listener: (...args: unknown[]) => void) {
      void load().then(
        (connected) => connected.on(event as never, listener as never),
        () => {},
      );
    },
    removeListener(event: string, listener: (...args: unknown[]) => void) {
      void loading?.then(
        (connected) => connected.removeListener(event as never, listener as never),
        () => {},
      );
    },
  };
  return { id: 'walletconnect', name: 'WalletConnect', icon: undefined, provider: provider as unknown as Provider };
}
