// WalletConnect for wallets on another device (phones): a QR code the wallet scans, then requests
// relayed through WalletConnect's public relay. Loaded only when a buyer picks it (it brings Reown's QR
// modal, several hundred kB), and offered only where the operator set a project id.
import { EthereumProvider } from '@walletconnect/ethereum-provider';
import type { Provider } from './provider.js';
import type { PublicIntent } from './types.js';

export async function walletConnectProvider(projectId: string, intent: PublicIntent): Promise<Provider> {
  const { network } = intent;
  const provider = await EthereumProvider.init({
    projectId,
    optionalChains: [network.chain_id],
    rpcMap: { [network.chain_id]: network.rpc_url },
    showQrModal: true,
    metadata: { name: intent.merchant_name, description: 'Checkout', url: location.origin, icons: [] },
  });
  return provider as unknown as Provider;
}
