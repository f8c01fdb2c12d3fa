// The Polkadot and Kusama Asset Hubs as EVM chains, reached through their Ethereum RPC (eth-rpc), which
// shows the native currency with 18 decimals. viem 2.57 ships none of them (its `paseoPassetHub`,
// 420420422, was the temporary Passet Hub, since retired). Chain ids, RPCs and explorers from the
// Polkadot developer docs (docs.polkadot.com, "Connect to Polkadot Hub" and "Connect to Kusama").
import { defineChain } from 'viem';

const eighteen = (name: string, symbol: string) => ({ name, symbol, decimals: 18 });

export const polkadotHubTestnet = defineChain({
  id: 420_420_417,
  name: 'Polkadot Hub TestNet',
  nativeCurrency: eighteen('Paseo', 'PAS'),
  rpcUrls: { default: { http: ['https://eth-rpc-testnet.polkadot.io'] } },
  blockExplorers: { default: { name: 'Blockscout', url: 'https://blockscout-testnet.polkadot.io' } },
  testnet: true,
});

export const kusamaHub = defineChain({
  id: 420_420_418,
  name: 'Kusama Hub',
  nativeCurrency: eighteen('Kusama', 'KSM'),
  rpcUrls: { default: { http: ['https://kusama-asset-hub-eth-rpc.polkadot.io'] } },
  blockExplorers: {
    default: { name: 'Blockscout', url: 'https://blockscout-kusama-asset-hub.parity-chains-scw.parity.io' },
  },
});

export const polkadotHub = defineChain({
  id: 420_420_419,
  name: 'Polkadot Hub',
  nativeCurrency: eighteen('Polkadot', 'DOT'),
  rpcUrls: { default: { http: ['https://eth-rpc.polkadot.io'] } },
  blockExplorers: { default: { name: 'Blockscout', url: 'https://blockscout.polkadot.io' } },
});
