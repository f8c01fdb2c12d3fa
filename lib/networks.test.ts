// The presets as the Polkadot and Kusama docs give them: one chain per id, a public https RPC and an
// explorer for every public chain, and the Hubs' native currency at the 18 decimals their eth-rpc shows.
import { expect, it } from 'vitest';
import { networkByChainId, networks } from './networks.js';

it('names each chain once, with the ids the chains publish', () => {
  const ids = Object.values(networks).map((preset) => preset.chain.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(Object.fromEntries(Object.entries(networks).map(([name, preset]) => [name, preset.chain.id]))).toMatchObject({
    anvil: 31337,
    'anvil-2': 31338,
    'moonbase-alpha': 1287,
    moonriver: 1285,
    moonbeam: 1284,
    'polkadot-hub-testnet': 420420417,
    'kusama-hub': 420420418,
    'polkadot-hub': 420420419,
  });
  expect(networkByChainId(420420422), 'the retired Passet Hub').toBeUndefined();
});

it('gives every public chain an https RPC and an explorer, and the Hubs 18 decimals', () => {
  for (const [name, preset] of Object.entries(networks)) {
    if ('local' in preset) continue;
    const { chain } = preset;
    expect(chain.rpcUrls.default.http[0], name).toMatch(/^https:\/\//);
    expect(chain.blockExplorers?.default.url, name).toMatch(/^https:\/\//);
  }
  for (const name of ['polkadot-hub-testnet', 'kusama-hub', 'polkadot-hub'] as const)
    expect(networks[name].chain.nativeCurrency.decimals, name).toBe(18);
  expect(networks['polkadot-hub'].chain.nativeCurrency.symbol).toBe('DOT');
  expect(networks['kusama-hub'].mode).toBe('live');
});
