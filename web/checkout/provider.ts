// The wallet as the page talks to it: an EIP-1193 provider, its errors sorted into the cases the buyer
// can act on, and a transaction followed to its receipt through the same provider (the page has no RPC
// of its own, so it works with whatever network the wallet reaches).
import type { EIP1193Provider } from 'mipd';
import { sleep } from './sleep.js';
import type { Hex } from './types.js';

export type Provider = EIP1193Provider;

/** EIP-1193 and EIP-1474 codes the page reacts to. */
export const USER_REJECTED = 4001;
const UNRECOGNIZED_CHAIN = 4902;
const REQUEST_PENDING = -32002;

interface RpcError {
  code?: number;
  message?: string;
  data?: unknown;
}

export type WalletFailure =
  | { kind: 'rejected' }
  | { kind: 'pending_request' }
  | { kind: 'unknown_chain' }
  /** The value is there, but not the network fee on top of it (nodes say "insufficient funds for gas"). */
  | { kind: 'insufficient_gas' }
  | { kind: 'reverted'; data: Hex | undefined; message: string }
  | { kind: 'unreachable'; message: string };

/** A wallet error as the buyer's next step sees it. */
export function classify(error: unknown): WalletFailure {
  const rpc = (error ?? {}) as RpcError;
  if (rpc.code === USER_REJECTED) return { kind: 'rejected' };
  if (rpc.code === REQUEST_PENDING) return { kind: 'pending_request' };
  if (rpc.code === UNRECOGNIZED_CHAIN || nestedCode(rpc) === UNRECOGNIZED_CHAIN) return { kind: 'unknown_chain' };
  const data = revertData(rpc);
  const message = rpc.message ?? String(error);
  if (/insufficient funds/i.test(message)) return { kind: 'insufficient_gas' };
  if (data !== undefined || /revert/i.test(message)) return { kind: 'reverted', data, message };
  return { kind: 'unreachable', message };
}

export class WalletError extends Error {
  constructor(readonly failure: WalletFailure) {
    super(failure.kind);
  }
}

/** provider.request, with failures turned into a `WalletError`. */
export async function ask<T>(provider: Provider, method: string, params?: unknown[]): Promise<T> {
  try {
    return (await provider.request({ method, params } as never)) as T;
  } catch (error) {
    throw new WalletError(classify(error));
  }
}

/** MetaMask wraps a 4902 from its own RPC layer one level down. */
function nestedCode(rpc: RpcError): number | undefined {
  const inner = (rpc.data as { originalError?: RpcError } | undefined)?.originalError;
  return inner?.code;
}

/** Revert data sits at `data`, or one level down at `data.data` in several wallets. */
function revertData(rpc: RpcError): Hex | undefined {
  const candidates = [rpc.data, (rpc.data as { data?: unknown } | undefined)?.data];
  return candidates.find((value): value is Hex => typeof value === 'string' && /^0x[0-9a-f]*$/i.test(value));
}

const RECEIPT_POLL_MS = 1_000;
/** Past this, a transaction still unmined was most likely dropped or replaced in the wallet. */
const RECEIPT_WAIT_MS = 10 * 60_000;

interface Receipt {
  status: Hex;
}

/**
 * Waits for `hash` to be mined: true if it succeeded, false if it reverted, undefined if it is still not
 * mined after ten minutes. A node that cannot be reached meanwhile is asked again, as a wallet would.
 */
export async function waitForReceipt(provider: Provider, hash: Hex, signal: AbortSignal): Promise<boolean | undefined> {
  const giveUpAt = Date.now() + RECEIPT_WAIT_MS;
  while (Date.now() < giveUpAt) {
    signal.throwIfAborted();
    const receipt = await ask<Receipt | null>(provider, 'eth_getTransactionReceipt', [hash]).catch(() => null);
    if (receipt) return receipt.status === '0x1';
    await sleep(RECEIPT_POLL_MS, signal);
  }
  return undefined;
}
