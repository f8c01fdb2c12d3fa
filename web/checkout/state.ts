// Everything the checkout shows, in one value: what the API says of the intent, what the wallet is doing,
// and what went wrong with the way forward. The element changes it; view.ts draws it.
import type { StreamState } from './intentStream.js';
import type { BuyerAction, PayProgress } from './payment.js';
import type { Hex, PublicIntent } from './types.js';
import type { WalletOption } from './wallets.js';

export type Problem =
  | { kind: 'rejected' }
  | { kind: 'connect_refused' }
  | { kind: 'wrong_network' }
  | { kind: 'pending_request' }
  | { kind: 'insufficient_funds'; have: bigint; need: bigint }
  | { kind: 'insufficient_gas' }
  | { kind: 'refused'; error: string | undefined }
  | { kind: 'failed_onchain'; hash: Hex }
  | { kind: 'not_mined'; hash: Hex }
  | { kind: 'unreachable' };

export type Activity =
  | { kind: 'idle' }
  | { kind: 'connecting'; wallet: string }
  | { kind: 'switching' }
  | { kind: 'checking' }
  | { kind: 'paying'; progress: PayProgress }
  | { kind: 'acting'; action: BuyerAction; hash?: Hex };

export interface CheckoutState {
  stream: StreamState;
  intent: PublicIntent | undefined;
  /** When `intent` arrived (ms), to run its chain clock on between events. */
  receivedAt: number;
  wallets: WalletOption[];
  wallet: { option: WalletOption; account: Hex } | undefined;
  activity: Activity;
  problem: Problem | undefined;
  /** The payment this page sent and saw mined, until the API's stream shows it: no second payment meanwhile. */
  submitted: Hex | undefined;
  /** What the buyer last copied (the deposit address), for the copy button to say so. */
  copied: string | undefined;
  /** The refund address form: saving it, or why the API refused it. */
  refundAddress: { kind: 'idle' } | { kind: 'saving' } | { kind: 'refused'; code: string };
}

export const initialState: CheckoutState = {
  stream: { kind: 'connecting' },
  intent: undefined,
  receivedAt: 0,
  wallets: [],
  wallet: undefined,
  activity: { kind: 'idle' },
  problem: undefined,
  submitted: undefined,
  copied: undefined,
  refundAddress: { kind: 'idle' },
};

/** The chain's clock (unix seconds), run on since the API last told it. */
export function chainNow(state: CheckoutState, nowMs: number): number {
  return (state.intent?.chain_time ?? 0) + (nowMs - state.receivedAt) / 1000;
}

/** Seconds until the intent's deadline on the chain's clock. */
export function secondsLeft(state: CheckoutState, nowMs: number): number {
  return state.intent ? state.intent.expires_at - chainNow(state, nowMs) : 0;
}

/** The buyer may still release or dispute: held, not settled, and `account` is its buyer. */
export function buyerActions(intent: PublicIntent, account: Hex | undefined, nowSeconds: number) {
  const payment = intent.payment;
  const held = Boolean(payment && !payment.settled);
  const isBuyer = Boolean(payment && account && payment.buyer.toLowerCase() === account.toLowerCase());
  return {
    held,
    isBuyer,
    canRelease: held && isBuyer,
    canDispute: held && isBuyer && !payment!.disputed && nowSeconds < payment!.release_after,
  };
}
