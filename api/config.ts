// The merchant API's settings, from its environment through the one settings table (lib/settings/).
import { type Address, type Chain, getAddress, type Hex } from 'viem';
import type { KeyMode } from '../lib/apiKeys/keys.js';
import { networkViewsSchema } from '../lib/chainViews.js';
import type { Finality } from '../lib/finality.js';
import type { RateTable } from '../lib/prices/fixedRates.js';
import { Problems, SettingsError } from '../lib/settings/problems.js';
import { processLabels, readSettings, withOneNetwork } from '../lib/settings/read.js';
import type { SettingsOf } from '../lib/settings/variables.js';

export type PriceConfig =
  | { kind: 'fixed'; rates: RateTable }
  | { kind: 'http'; urlTemplate: string; jsonPath: string }
  | { kind: 'chainlink'; feeds: Record<string, Address>; maxAgeSeconds: number };

export interface ApiConfig {
  databaseUrl: string;
  /** The pool of each API process: its size, how long a request waits for a connection, and the statement timeout. */
  database: { poolSize: number; poolTimeoutMs: number; statementTimeoutMs: number };
  /** The preset's name, or `custom`. */
  network: string;
  chain: Chain;
  rpcUrl: string;
  /** How often to ask the node for a new block, in ms. */
  pollingIntervalMs: number;
  escrowAddress: Address;
  /** The name of each network served, by chain id (`network` in the objects shown). */
  networkNames: ReadonlyMap<number, string>;
  /** Where the views combining every network's indexed tables live (`pmt`). */
  viewsSchema: string;
  /** The network's own indexer views (`pmt_anvil`): its indexer's checkpoint, the head its finality counts from. */
  networkViewsSchema: string;
  /** The worker's job queue (graphile-worker's schema), where refunds are handed to the keeper. */
  workerSchema: string;
  /** When a block is final (lib/finality.ts): a payment is `succeeded` once its escrowing block is. */
  finality: Finality;
  keyMode: KeyMode;
  host: string;
  port: number;
  /** Server processes sharing the port (`npm run api` only). */
  workers: number;
  /** The address buyers and merchants reach this API at, for `checkout_url`; the listening address if unset. */
  publicUrl?: string;
  /** Reverse proxies (addresses, CIDR ranges) whose forwarded headers are believed. */
  trustedProxies: string[];
  /** This gateway's twin in the other mode (test or live), where the consoles' mode switch leads. */
  peerGatewayUrl?: string;
  /** The RPC a buyer's wallet is offered when it lacks the chain (`wallet_addEthereumChain`); public by nature. */
  walletRpcUrl: string;
  /** /readyz fails while the indexer is further than this behind the chain's head. */
  readyMaxIndexerLagBlocks: number;
  /** Turns WalletConnect on in the checkout (phone wallets, through WalletConnect's public relay). */
  walletConnectProjectId?: string;
  /** Signs payment intents; must hold OPERATOR_ROLE on the escrow. */
  operatorKey: Hex;
  /** The credential of `/v1/admin/*`; unset turns the admin API off. */
  adminApiKey?: string;
  prices: PriceConfig;
  priceCacheSeconds: number;
  /** How long a signed intent (and the quote in it) stays payable. */
  /** An intent's lifetime unless `expires_in` gives one, and the longest `expires_in` may give. */
  intentTtlSeconds: number;
  intentTtlMaxSeconds: number;
  /** The largest fiat amount an intent may ask for, in minor units. */
  maxFiatAmount: number;
  /** How long a verified key is trusted without asking the database (revocations reach other replicas within it). */
  apiKeyCacheMs: number;
  /** Requests per second allowed to one API key. */
  rateLimitPerSecond: number;
  bodyLimitBytes: number;
  logLevel: string;
}

/** Rates for test networks when none are configured, so a fresh dev stack can quote fiat at once. */
function devRates(nativeSymbol: string): RateTable {
  return { [nativeSymbol]: { USD: '3000', EUR: '2750' }, tUSD: { USD: '1', EUR: '0.92' } };
}

export function readApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const { vars, network, networks, escrow } = withOneNetwork('api', readSettings('api', env));
  // RPC_URL may carry a provider's key, so it is never offered to wallets; a local anvil has no other node,
  // and a custom test chain may have none either.
  const walletRpcUrl = vars.WALLET_RPC_URL ?? (network.local ? network.rpcUrl : network.publicRpcUrl) ?? network.rpcUrl;
  const problems = new Problems();
  if (network.name === 'custom' && network.mode === 'live' && !vars.WALLET_RPC_URL) {
    problems.missing('WALLET_RPC_URL', 'on a live custom chain, whose public RPC the gateway cannot know');
  }
  if (vars.INTENT_TTL_SECONDS > vars.INTENT_TTL_MAX_SECONDS) {
    problems.bad(
      'INTENT_TTL_SECONDS',
      String(vars.INTENT_TTL_SECONDS),
      `at most INTENT_TTL_MAX_SECONDS (${vars.INTENT_TTL_MAX_SECONDS}): the default lifetime is one a merchant could ask for`,
    );
  }
  if (problems.lines.length > 0) throw new SettingsError(processLabels.api, problems.lines);
  return {
    databaseUrl: vars.DATABASE_URL,
    database: {
      poolSize: vars.DATABASE_POOL_SIZE,
      poolTimeoutMs: vars.DATABASE_POOL_TIMEOUT_MS,
      statementTimeoutMs: vars.DATABASE_STATEMENT_TIMEOUT_MS,
    },
    network: network.name,
    chain: network.chain,
    rpcUrl: network.rpcUrl,
    pollingIntervalMs: network.pollingIntervalMs,
    escrowAddress: escrow.address,
    networkNames: new Map(networks.map((each) => [each.network.chain.id, each.network.name])),
    viewsSchema: vars.INDEXER_VIEWS_SCHEMA,
    networkViewsSchema: networkViewsSchema(vars.INDEXER_VIEWS_SCHEMA, network.name),
    workerSchema: vars.WORKER_SCHEMA,
    finality: network.finality,
    keyMode: network.mode,
    host: vars.API_HOST,
    port: vars.API_PORT,
    workers: vars.API_WORKERS,
    publicUrl: vars.PUBLIC_URL?.replace(/\/$/, ''),
    trustedProxies: vars.TRUSTED_PROXIES ?? [],
    peerGatewayUrl: vars.PEER_GATEWAY_URL?.replace(/\/$/, ''),
    walletRpcUrl,
    walletConnectProjectId: vars.WALLETCONNECT_PROJECT_ID,
    readyMaxIndexerLagBlocks: vars.READY_MAX_INDEXER_LAG_BLOCKS,
    operatorKey: vars.OPERATOR_PRIVATE_KEY as Hex,
    adminApiKey: vars.ADMIN_API_KEY,
    prices: priceConfig(vars, network.mode === 'test' ? devRates(network.chain.nativeCurrency.symbol) : undefined),
    priceCacheSeconds: vars.PRICE_CACHE_SECONDS,
    intentTtlSeconds: vars.INTENT_TTL_SECONDS,
    intentTtlMaxSeconds: vars.INTENT_TTL_MAX_SECONDS,
    maxFiatAmount: vars.MAX_FIAT_AMOUNT,
    apiKeyCacheMs: vars.API_KEY_CACHE_MS,
    rateLimitPerSecond: vars.RATE_LIMIT_PER_SECOND,
    bodyLimitBytes: vars.BODY_LIMIT_BYTES,
    logLevel: vars.LOG_LEVEL,
  };
}

function priceConfig(vars: SettingsOf<'api'>, testDefault: RateTable | undefined): PriceConfig {
  const problems = new Problems();
  const needed = `with PRICE_SOURCE=${vars.PRICE_SOURCE}`;
  switch (vars.PRICE_SOURCE) {
    case 'fixed': {
      const rates = vars.PRICE_RATES ?? testDefault;
      if (rates) return { kind: 'fixed', rates };
      problems.missing('PRICE_RATES', `${needed} on a live network`);
      break;
    }
    case 'http':
      if (vars.PRICE_FEED_URL && vars.PRICE_FEED_JSON_PATH) {
        return { kind: 'http', urlTemplate: vars.PRICE_FEED_URL, jsonPath: vars.PRICE_FEED_JSON_PATH };
      }
      if (!vars.PRICE_FEED_URL) problems.missing('PRICE_FEED_URL', needed);
      if (!vars.PRICE_FEED_JSON_PATH) problems.missing('PRICE_FEED_JSON_PATH', needed);
      break;
    case 'chainlink':
      if (vars.PRICE_ORACLE_FEEDS) {
        return {
          kind: 'chainlink',
          feeds: Object.fromEntries(
            Object.entries(vars.PRICE_ORACLE_FEEDS).map(([pair, address]) => [pair, getAddress(address)]),
          ),
          maxAgeSeconds: vars.PRICE_ORACLE_MAX_AGE_SECONDS,
        };
      }
      problems.missing('PRICE_ORACLE_FEEDS', needed);
  }
  throw new SettingsError(processLabels.api, problems.lines);
}
