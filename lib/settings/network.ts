// The chain a process runs on: a preset by name, or `PMT_NETWORK=custom` described by the CHAIN_* settings
// (any EVM chain is configuration, not code). Either way the process gets one `Network`.
import { type Chain, defineChain } from 'viem';
import { finalityOf } from '../finality.js';
import { type NetworkPreset, networkPreset, type PresetName } from '../networks.js';
import type { Problems } from './problems.js';

export interface Network extends NetworkPreset {
  /** The preset's name, or `custom`. */
  name: string;
  /** The name of its deployment file: the preset's, or `custom-<chain id>`. */
  deploymentName: string;
  /** The node this process talks to (the chain's `rpcUrls` are set to it). */
  rpcUrl: string;
  /** The chain's public RPC, which may be offered to buyers' wallets; undefined for a custom chain. */
  publicRpcUrl?: string;
}

/** The settings a network is made of (every process reads them under the same names). */
export interface NetworkVars {
  PMT_NETWORK: string;
  RPC_URL?: string;
  CHAIN_ID?: number;
  CHAIN_NAME?: string;
  CHAIN_CURRENCY_SYMBOL?: string;
  CHAIN_CURRENCY_DECIMALS?: number;
  CHAIN_EXPLORER_URL?: string;
  CHAIN_TESTNET?: boolean;
  FINALITY_DEPTH?: number;
}

export function resolveNetwork(vars: NetworkVars, problems: Problems): Network | undefined {
  if (vars.PMT_NETWORK !== 'custom') {
    const preset = networkPreset(vars.PMT_NETWORK as PresetName);
    const publicRpcUrl = preset.chain.rpcUrls.default.http[0]!;
    const rpcUrl = vars.RPC_URL ?? publicRpcUrl;
    return {
      ...preset,
      chain: withRpc(preset.chain, rpcUrl),
      finality: finalityOf(preset.finality, vars.FINALITY_DEPTH),
      name: vars.PMT_NETWORK,
      deploymentName: vars.PMT_NETWORK,
      rpcUrl,
      publicRpcUrl,
    };
  }
  const required = ['CHAIN_ID', 'CHAIN_NAME', 'CHAIN_CURRENCY_SYMBOL', 'RPC_URL'] as const;
  for (const name of required) {
    if (vars[name] === undefined) problems.missing(name, 'with PMT_NETWORK=custom');
  }
  if (!vars.CHAIN_ID || !vars.CHAIN_NAME || !vars.CHAIN_CURRENCY_SYMBOL || !vars.RPC_URL) return undefined;
  const chain = defineChain({
    id: vars.CHAIN_ID,
    name: vars.CHAIN_NAME,
    nativeCurrency: {
      name: vars.CHAIN_CURRENCY_SYMBOL,
      symbol: vars.CHAIN_CURRENCY_SYMBOL,
      decimals: vars.CHAIN_CURRENCY_DECIMALS ?? 18,
    },
    rpcUrls: { default: { http: [vars.RPC_URL] } },
    blockExplorers: vars.CHAIN_EXPLORER_URL
      ? { default: { name: 'Explorer', url: vars.CHAIN_EXPLORER_URL.replace(/\/$/, '') } }
      : undefined,
    testnet: vars.CHAIN_TESTNET,
  });
  return {
    chain,
    mode: vars.CHAIN_TESTNET ? 'test' : 'live',
    finality: finalityOf({ kind: 'finalizedTag' }, vars.FINALITY_DEPTH),
    pollingIntervalMs: 2_000,
    cacheRpc: true,
    tokens: [],
    name: 'custom',
    deploymentName: `custom-${vars.CHAIN_ID}`,
    rpcUrl: vars.RPC_URL,
  };
}

function withRpc(chain: Chain, rpcUrl: string): Chain {
  return { ...chain, rpcUrls: { default: { http: [rpcUrl] } } };
}
