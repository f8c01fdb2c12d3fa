// The chains the gateway knows by name. A preset fixes what differs per chain and matters for money:
// when a block is final (lib/finality.ts), how often the indexer polls for new blocks, and which published
// stablecoins a deployment allow-lists. Any other EVM chain is `PMT_NETWORK=custom` (lib/settings/network.ts).
import { type Address, type Chain, defineChain } from 'viem';
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
  /** ERC-20s `npm run deploy` allow-lists: stablecoins at the addresses their chain's docs publish. */
  tokens: readonly PresetToken[];
  /** A development chain on this machine: its node is the only RPC there is, so wallets are offered it. */
  local?: boolean;
}

export interface PresetToken {
  symbol: string;
  address: Address;
}

// On the Asset Hubs an asset of the Assets pallet is an ERC-20 precompile at its id followed by 0x01200000
// (docs.polkadot.com, "ERC20 Precompile"); Tether's USDT is asset 1984 on both Hubs, Circle's USDC 1337 on
// Polkadot's. On Moonbeam and Moonriver, xcUSDT is the XC-20 of Asset Hub's USDT (docs.moonbeam.network,
// "External XC-20s"); Moonbeam's Wormhole USDC is left to ALLOWED_TOKENS, being a bridge's and not Circle's.
const assetHubToken = (symbol: string, assetId: number): PresetToken => ({
  symbol,
  address: `0x${assetId.toString(16).padStart(8, '0')}${'0'.repeat(24)}01200000`,
});
const xcUsdt: PresetToken = { symbol: 'xcUSDT', address: '0xFFFFFFfFea09FB06d082fd1275CD48b191cbCD1d' };

/** GRANDPA finality, 6 s blocks: what the Moonbeam family and the Hubs share. */
const substrate = { finality: { kind: 'finalizedTag' } as Finality, pollingIntervalMs: 2_000, cacheRpc: true };

/** A local anvil: every block final at once, polled fast, never cached (a restarted anvil reuses its chain id). */
const localAnvil = {
  mode: 'test',
  finality: { kind: 'depth', blocks: 0 } as Finality,
  pollingIntervalMs: 100,
  cacheRpc: false,
  tokens: [],
  local: true,
} as const;

export const networks = {
  // viem names chain 31337 "Foundry"; the checkout shows this name and adds the chain to wallets by it,
  // so it is the name the README tells developers to give the network, and the preset's own.
  anvil: { chain: defineChain({ ...foundry, name: 'Anvil' }), ...localAnvil },
  // The dev stack's second chain, so that every path runs on more than one chain from the first command.
  'anvil-2': { chain: defineChain({ ...foundry, id: 31_338, name: 'Anvil 2' }), ...localAnvil },
  moonbeam: { chain: moonbeam, mode: 'live', ...substrate, tokens: [xcUsdt] },
  moonriver: { chain: moonriver, mode: 'live', ...substrate, tokens: [xcUsdt] },
  'moonbase-alpha': { chain: moonbaseAlpha, mode: 'test', ...substrate, tokens: [] },
  'polkadot-hub-testnet': { chain: polkadotHubTestnet, mode: 'test', ...substrate, tokens: [] },
  'kusama-hub': { chain: kusamaHub, mode: 'live', ...substrate, tokens: [assetHubToken('USDT', 1984)] },
  'polkadot-hub': {
    chain: polkadotHub,
    mode: 'live',
    ...substrate,
    tokens: [assetHubToken('USDT', 1984), assetHubToken('USDC', 1337)],
  },
  'westend-asset-hub': { chain: westendAssetHub, mode: 'test', ...substrate, tokens: [] },
} as const satisfies Record<string, NetworkPreset>;

export type PresetName = keyof typeof networks;

export const networkNames = Object.keys(networks) as PresetName[];

export function networkPreset(name: PresetName): NetworkPreset {
  return networks[name];
}

/** The preset for a chain id, if the gateway knows that chain. */
export function networkByChainId(chainId: number): NetworkPreset | undefined {
  return Object.values(networks).find((preset) => preset.chain.id === chainId);
}
