// A browser wallet for Playwright tests: an EIP-1193 provider injected into the page and announced over
// EIP-6963 (or set as window.ethereum), whose requests are answered in Node by a real key on a real
// anvil. It behaves as wallets do where the checkout must cope: it may start on another chain, lack the
// gateway's chain until asked to add it, or have the user reject a request.
import type { Page } from 'playwright-core';
import {
  type Address,
  createWalletClient,
  type Hex,
  http,
  type LocalAccount,
  numberToHex,
  type TypedDataDefinition,
} from 'viem';
import { localChain } from '../../lib/chain.js';

export interface TestWalletOptions {
  /** The anvil the wallet's transactions go to, and its chain id. */
  rpcUrl: string;
  chainId: number;
  account: LocalAccount;
  /** The chain the wallet is on when the page opens (anvil's unless set). */
  startChainId?: number;
  /** Whether the wallet knows anvil's chain before the page asks to add it (it does unless set). */
  knowsChain?: boolean;
  /** How the page finds it: EIP-6963 (default), or only the legacy window.ethereum. */
  discovery?: 'eip6963' | 'legacy';
  name?: string;
}

export interface TestWallet {
  address: Address;
  /** Every method the page called, in order. */
  calls: string[];
  /** The params of each wallet_addEthereumChain the page sent. */
  addedChains: unknown[];
  /** The next call of `method` fails as a user's rejection (EIP-1193 4001). */
  rejectNext(method: string): void;
  /** While set, the wallet's node cannot be reached: every read fails as a wallet's RPC error does. */
  setNodeDown(down: boolean): void;
  install(page: Page): Promise<void>;
}

interface RpcFailure {
  code: number;
  message: string;
  data?: unknown;
}

class WalletRefusal extends Error {
  constructor(readonly failure: RpcFailure) {
    super(failure.message);
  }
}

export function testWallet(options: TestWalletOptions): TestWallet {
  const { rpcUrl, chainId, account } = options;
  const client = createWalletClient({ account, chain: localChain(chainId, rpcUrl), transport: http(rpcUrl) });
  const known = new Set([options.startChainId ?? chainId, ...(options.knowsChain === false ? [] : [chainId])]);
  let current = options.startChainId ?? chainId;
  let connected = false;
  const rejections = new Set<string>();
  let nodeDown = false;
  const calls: string[] = [];
  const addedChains: unknown[] = [];

  const refuseIfAsked = (method: string) => {
    if (rejections.delete(method)) throw new WalletRefusal({ code: 4001, message: 'User rejected the request.' });
  };

  async function node(method: string, params: unknown[]): Promise<unknown> {
    if (nodeDown) throw new WalletRefusal({ code: -32603, message: 'Failed to fetch' });
    const response = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    });
    const reply = (await response.json()) as { result?: unknown; error?: RpcFailure };
    if (reply.error) throw new WalletRefusal(reply.error);
    return reply.result;
  }

  async function answer(method: string, params: unknown[]): Promise<unknown> {
    calls.push(method);
    switch (method) {
      case 'eth_requestAccounts':
        refuseIfAsked(method);
        connected = true;
        return [account.address];
      case 'eth_accounts':
        return connected ? [account.address] : [];
      case 'eth_chainId':
        return numberToHex(current);
      case 'wallet_switchEthereumChain': {
        refuseIfAsked(method);
        const wanted = Number((params[0] as { chainId: Hex }).chainId);
        if (!known.has(wanted)) throw new WalletRefusal({ code: 4902, message: `Unrecognized chain ID ${wanted}.` });
        current = wanted;
        return null;
      }
      case 'wallet_addEthereumChain': {
        refuseIfAsked(method);
        addedChains.push(params[0]);
        const added = Number((params[0] as { chainId: Hex }).chainId);
        known.add(added);
        current = added;
        return null;
      }
      case 'eth_sendTransaction': {
        refuseIfAsked(method);
        if (current !== chainId)
          throw new WalletRefusal({ code: -32603, message: `the wallet is on chain ${current}, not ${chainId}` });
        const tx = params[0] as { to: Address; data?: Hex; value?: Hex };
        return client.sendTransaction({ to: tx.to, data: tx.data, value: tx.value ? BigInt(tx.value) : 0n });
      }
      case 'personal_sign': {
        refuseIfAsked(method);
        return account.signMessage!({ message: { raw: params[0] as Hex } });
      }
      case 'eth_signTypedData_v4': {
        refuseIfAsked(method);
        return account.signTypedData!(typedDataOf(params[1] as string));
      }
      default:
        // Reads go to the node the wallet is on; here always anvil.
        return node(method, params);
    }
  }

  return {
    address: account.address,
    calls,
    addedChains,
    rejectNext: (method) => rejections.add(method),
    setNodeDown: (down) => {
      nodeDown = down;
    },
    async install(page) {
      await page.exposeBinding('__pmtTestWallet', async (_source, method: string, params: unknown[]) => {
        try {
          return { ok: true, result: await answer(method, params ?? []) };
        } catch (error) {
          const failure =
            error instanceof WalletRefusal ? error.failure : { code: -32603, message: (error as Error).message };
          return { ok: false, error: failure };
        }
      });
      await page.addInitScript(injectProvider, {
        discovery: options.discovery ?? 'eip6963',
        info: {
          uuid: crypto.randomUUID(),
          name: options.name ?? 'Test Wallet',
          rdns: 'dev.pmt.testwallet',
          icon: `data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><circle cx="12" cy="12" r="10" fill="#1746a2"/></svg>')}`,
        },
      });
    },
  };
}

/** eth_signTypedData_v4's JSON, with the integers viem wants as bigints and the domain type it derives. */
function typedDataOf(json: string): TypedDataDefinition {
  const data = JSON.parse(json) as {
    types: Record<string, { name: string; type: string }[]>;
    primaryType: string;
    domain: Record<string, unknown>;
    message: Record<string, unknown>;
  };
  const { EIP712Domain: _domain, ...types } = data.types;
  const message = Object.fromEntries(
    Object.entries(data.message).map(([key, value]) => {
      const field = types[data.primaryType]?.find((entry) => entry.name === key);
      return [key, field && /^u?int/.test(field.type) ? BigInt(value as string) : value];
    }),
  );
  return { ...data, types, message } as unknown as TypedDataDefinition;
}

/** Runs in the page before its scripts: the provider the checkout talks to. */
function injectProvider({
  discovery,
  info,
}: {
  discovery: 'eip6963' | 'legacy';
  info: { uuid: string; name: string; rdns: string; icon: string };
}) {
  const bridge = (window as unknown as Record<string, (...args: unknown[]) => Promise<any>>).__pmtTestWallet!;
  const listeners = new Map<string, Set<(value: unknown) => void>>();
  const provider = {
    async request({ method, params }: { method: string; params?: unknown[] }) {
      const reply = await bridge(method, params ?? []);
      if (reply.ok) return reply.result;
      throw Object.assign(new Error(reply.error.message), reply.error);
    },
    on(event: string, listener: (value: unknown) => void) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(listener);
    },
    removeListener(event: string, listener: (value: unknown) => void) {
      listeners.get(event)?.delete(listener);
    },
  };
  if (discovery === 'legacy') {
    (window as unknown as { ethereum: unknown }).ethereum = provider;
    return;
  }
  const announce = () =>
    window.dispatchEvent(new CustomEvent('eip6963:announceProvider', { detail: Object.freeze({ info, provider }) }));
  window.addEventListener('eip6963:requestProvider', announce);
  announce();
}
