// The chains the gateway knows by name. A preset fixes what differs per chain and matters for money:
// when a block is final (lib/finality.ts), and how often the indexer polls for new blocks.
import type { Chain } from 'viem';
import { foundry, moonbaseAlpha, moonbeam, moonriver, westendAssetHub } from 'viem/chains';
import type { Finality } from './finality.js';
import { kusamaHub, polkadotHub, polkadotHubTestnet } from './polkadotHubs.js';

export interface NetworkPreset {
  /** viem's definition: id, native currency, public RPC and block explorer. */
  chain: Chain;
  /**
   * When a block is final. The Polkadot-ecosystem chains finalize with GRANDPA a few blocks behind the
   * head and their nodes serve the `finalized` tag. Ponder's own reorg window stays at its 30-block
   * default for them, deeper than GRANDPA's lag, so Ponder can still revert any block not yet final.
   */
  finality: Finality;
  /** How often the indexer asks for a new block, in ms (Ponder's minimum is 100). */
  pollingIntervalMs: number;
  /** `test` networks hold no real money; their API keys read `sk_test_…`, and `sk_live_…` elsewhere. */
  mode: 'test' | 'live';
  /**
   * Whether Ponder may cache RPC results across runs. Off for dev chains: a restarted anvil reuses chain id
   * 31337 with different blocks, and a cache keyed by chain id would replay the old chain's logs.
   */
  cacheRpc: boolean;
}

const grandpa: Finality = { kind: 'finalizedTag' };

export const networks = {
  anvil: {
    chain: foundry,
    mode: 'test',
    finality: { kind: 'depth', blocks: 0 },
    pollingIntervalMs: 100,
    cacheRpc: false,
  },
  moonbeam: { chain: moonbeam, mode: 'live', finality: grandpa, pollingIntervalMs: 2_000, cacheRpc: true },
  moonriver: { chain: moonriver, mode: 'live', finality: grandpa, pollingIntervalMs: 2_000, cacheRpc: true },
  'moonbase-alpha': { chain: moonbaseAlpha, mode: 'test', finality: grandpa, pollingIntervalMs: 2_000, cacheRpc: true },
  'polkadot-hub-testnet': {
    chain: polkadotHubTestnet,
    mode: 'test',
    finality: grandpa,
    pollingIntervalMs: 2_000,
    cacheRpc: true,
  },
  'kusama-hub': { chain: kusamaHub, mode: 'live', finality: grandpa, pollingIntervalMs: 2_000, cacheRpc: true },
  'polkadot-hub': { chain: polkadotHub, mode: 'live', finality: grandpa, pollingIntervalMs: 2_000, cacheRpc: true },
  'westend-asset-hub': {
    chain: westendAssetHub,
    mode: 'test',
    finality: grandpa,
    pollingIntervalMs: 2_000,
    cacheRpc: true,
  },
} as const satisfies Record<string, NetworkPreset>;

export type NetworkName = keyof typeof networks;

export const networkNames = Object.keys(networks) as NetworkName[];

export function networkPreset(name: NetworkName): NetworkPreset {
  return networks[name];
}

/** A preset's chain as a process reaches it: at `rpcUrl` when the operator set one, else at the public RPC. */
export function reachedChain(preset: NetworkPreset, rpcUrl: string | undefined): { chain: Chain; rpcUrl: string } {
  const url = rpcUrl ?? preset.chain.rpcUrls.default.http[0]!;
  return { chain: { ...preset.chain, rpcUrls: { default: { http: [url] } } }, rpcUrl: url };
}

/** The preset for a chain id, if the gateway knows that chain. */
export function networkByChainId(chainId: number): NetworkPreset | undefined {
  return Object.values(networks).find((preset) => preset.chain.id === chainId);
}
