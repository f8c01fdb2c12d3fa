// What the checkout reads from the API's event stream: the PaymentIntentPublic object of /openapi.json.
// Only the fields the page uses are named; the browser tests run it against the real API, so a drift
// between the two fails there.

export type IntentStatus =
  | 'requires_payment'
  | 'processing'
  | 'succeeded'
  | 'partially_refunded'
  | 'refunded'
  | 'disputed'
  | 'canceled'
  | 'expired';

export type Hex = `0x${string}`;

export interface ChainFact {
  tx_hash: Hex;
  block_number: string;
  at: number;
  explorer_url: string | null;
}

export interface PublicNetwork {
  chain_id: number;
  name: string;
  native_currency: { name: string; symbol: string; decimals: number };
  rpc_url: string;
  explorer_url: string | null;
}

export interface PublicIntent {
  id: string;
  livemode: boolean;
  status: IntentStatus;
  amount: number | null;
  currency: string | null;
  /** ISO 4217 minor-unit digits of `currency` (2 for USD, 0 for JPY, 3 for KWD). */
  currency_exponent: number | null;
  asset: { type: 'native' | 'erc20'; address: Hex; symbol: string; decimals: number };
  amount_crypto: string;
  amount_crypto_formatted: string;
  amount_refunded: string;
  chain_id: number;
  escrow_address: Hex;
  expires_at: number;
  description: string | null;
  merchant_name: string;
  return_url: string | null;
  network: PublicNetwork;
  /** Set where the operator enabled WalletConnect (it needs WalletConnect's public relay). */
  walletconnect_project_id: string | null;
  /** The chain's clock as the API last read it (unix seconds): countdowns run on chain time. */
  chain_time: number;
  signed_intent: {
    id: Hex;
    merchant: Hex;
    token: Hex;
    amount: string;
    feeBps: number;
    deadline: string;
    holdPeriod: string;
    signature: Hex;
  };
  transaction: { to: Hex; data: Hex; value: string };
  /** Paying by plain transfer to the intent's own address. */
  deposit: {
    address: Hex;
    /** The EIP-681 payment request the QR code shows. */
    uri: string;
    amount_received: string;
    underpaid: boolean;
    overpaid: boolean;
    paid_late: boolean;
    wrong_asset: boolean;
    /** Something was sent to this address on another network: it goes back there. */
    wrong_network: boolean;
    /** What arrived came from contracts only: it waits for a refund address. */
    refund_address_needed: boolean;
    /** The buyer's own address for refunds, given here. */
    refund_address: Hex | null;
  };
  payment: {
    buyer: Hex;
    confirmations: number | null;
    final: boolean;
    amount_escrowed: string;
    release_after: number;
    escrowed: ChainFact;
    disputed: ChainFact | null;
    dispute_deadline: number | null;
    released: ChainFact | null;
    settled: ChainFact | null;
    dispute_resolution: { buyer_amount: string; merchant_amount: string; fee_amount: string } | null;
  } | null;
}
