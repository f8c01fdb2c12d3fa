// One network a process serves: a preset by name, or a custom chain described by its CHAIN_* settings (any
// EVM chain is configuration, not code). Either way the process gets one `Network` per network it serves.
import { type Chain, defineChain } from 'viem';
import { finalityOf } from '../finality.js';
import { type NetworkPreset, networkPreset, networks, type PresetName } from '../networks.js';
import type { Problems } from './problems.js';

export interface Network extends NetworkPreset {
  /** The preset's name, or the custom chain's (`custom` for the one-network form `PMT_NETWORK=custom`). */
  name: string;
  /** The name of its deployment file: the network's own, or `custom-<chain id>` for `PMT_NETWORK=custom`. */
  deploymentName: string;
  /** The node this process talks to (the chain's `rpcUrls` are set to it). */
  rpcUrl: string;
  /** The chain's public RPC, which may be offered to buyers' wallets; undefined for a custom chain. */
  publicRpcUrl?: string;
}

/** The settings one network is made of, as that network has them (its own `<NAME>_<NETWORK>`, or the plain one). */
export interface NetworkVars {
  RPC_URL?: string;
  CHAIN_ID?: number;
  CHAIN_NAME?: string;
  CHAIN_CURRENCY_SYMBOL?: string;
  CHAIN_CURRENCY_DECIMALS?: number;
  CHAIN_EXPLORER_URL?: string;
  CHAIN_TESTNET?: boolean;
  FINALITY_DEPTH?: number;
  POLLING_INTERVAL_MS?: number;
}

export const isPreset = (name: string): name is PresetName => Object.hasOwn(networks, name);

/**
 * The network `name` with its settings `vars`; undefined when a custom chain lacks a part, each missing
 * one reported under the name the operator sets it by (`nameOf`).
 */
export function resolveNetwork(
  name: string,
  vars: NetworkVars,
  nameOf: (variable: keyof NetworkVars) => string,
  problems: Problems,
): Network | undefined {
  if (isPreset(name)) {
    const preset = networkPreset(name);
    const publicRpcUrl = preset.chain.rpcUrls.default.http[0]!;
    const rpcUrl = vars.RPC_URL ?? publicRpcUrl;
    return {
      ...preset,
      chain: withRpc(preset.chain, rpcUrl),
      finality: finalityOf(preset.finality, vars.FINALITY_DEPTH),
      pollingIntervalMs: vars.POLLING_INTERVAL_MS ?? preset.pollingIntervalMs,
      name,
      deploymentName: name,
      rpcUrl,
      publicRpcUrl,
    };
  }
  const required = ['CHAIN_ID', 'CHAIN_NAME', 'CHAIN_CURRENCY_SYMBOL', 'RPC_URL'] as const;
  for (const variable of required) {
    if (vars[variable] === undefined) {
      problems.missing(
        nameOf(variable),
        name === 'custom' ? 'with PMT_NETWORK=custom' : `by the custom network ${name}`,
      );
    }
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
    pollingIntervalMs: vars.POLLING_INTERVAL_MS ?? 2_000,
    cacheRpc: true,
    tokens: [],
    name,
    deploymentName: name === 'custom' ? `custom-${vars.CHAIN_ID}` : name,
    rpcUrl: vars.RPC_URL,
  };
}

function withRpc(chain: Chain, rpcUrl: string): Chain {
  return { ...chain, rpcUrls: { default: { http: [rpcUrl] } } };
}
