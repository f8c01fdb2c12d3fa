// The merchant API's settings, from its environment through the one settings table (lib/settings/).
import { type Address, type Chain, getAddress, type Hex } from 'viem';
import type { KeyMode } from '../lib/apiKeys/keys.js';
import { networkViewsSchema } from '../lib/chainViews.js';
import type { Finality } from '../lib/finality.js';
import type { RateTable } from '../lib/prices/fixedRates.js';
import type { NetworksById } from '../lib/resources/chainFact.js';
import { Problems, SettingsError } from '../lib/settings/problems.js';
import { processLabels, readSettings } from '../lib/settings/read.js';
import type { SettingsOf } from '../lib/settings/variables.js';
import { networkSuffix } from '../lib/settings/variables.js';

export type PriceConfig =
  | { kind: 'fixed'; rates: RateTable }
  | { kind: 'http'; urlTemplate: string; jsonPath: string }
  | { kind: 'chainlink'; feeds: Record<string, Address>; maxAgeSeconds: number };

/** One network the API serves: its chain, node, escrow and finality, and the key that signs its intents. */
export interface ApiNetwork {
  /** The preset's name, the custom chain's, or `custom`. */
  name: string;
  chain: Chain;
  rpcUrl: string;
  /** The RPC a buyer's wallet is offered when it lacks the chain (`wallet_addEthereumChain`); public by nature. */
  walletRpcUrl: string;
  /** How often to ask the node for a new block, in ms. */
  pollingIntervalMs: number;
  escrowAddress: Address;
  /** When a block is final (lib/finality.ts): a payment is `succeeded` once its escrowing block is. */
  finality: Finality;
  /** The network's own indexer views (`pmt_anvil`): its indexer's checkpoint, the head its finality counts from. */
  networkViewsSchema: string;
  /** Signs this network's payment intents; must hold OPERATOR_ROLE on its escrow. */
  operatorKey: Hex;
}

export interface ApiConfig {
  databaseUrl: string;
  /** The pool of each API process: its size, how long a request waits for a connection, and the statement timeout. */
  database: { poolSize: number; poolTimeoutMs: number; statementTimeoutMs: number };
  /** Every network served, as NETWORKS lists them: the first is the default of `POST /v1/payment_intents`. */
  networks: ApiNetwork[];
  /** `networks` by chain id: the `network` of the objects shown. */
  chains: NetworksById;
  /** Where the views combining every network's indexed tables live (`pmt`). */
  viewsSchema: string;
  /** The worker's job queue (graphile-worker's schema), where refunds are handed to the keeper. */
  workerSchema: string;
  /** The mode of every network served: one gateway serves test networks or live ones. */
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
  /** /readyz fails while the indexer is further than this behind the chain's head. */
  readyMaxIndexerLagBlocks: number;
  /** Turns WalletConnect on in the checkout (phone wallets, through WalletConnect's public relay). */
  walletConnectProjectId?: string;
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
  /** Where unhandled errors are reported (lib/errorReporting.ts); nowhere when unset. */
  sentryDsn?: string;
}

/** Rates for test networks when none are configured, so a fresh dev stack can quote fiat at once. */
function devRates(nativeSymbols: string[]): RateTable {
  const native = { USD: '3000', EUR: '2750' };
  return { ...Object.fromEntries(nativeSymbols.map((symbol) => [symbol, native])), tUSD: { USD: '1', EUR: '0.92' } };
}

export function readApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const { vars, networks } = readSettings('api', env);
  const problems = new Problems();
  const modes = new Set(networks.map(({ network }) => network.mode));
  if (modes.size > 1) {
    problems.add(
      `NETWORKS: lists test and live networks (${networks.map(({ network }) => `${network.name}: ${network.mode}`).join(', ')}); one gateway serves one mode: list the test networks in one gateway and the live ones in another (PEER_GATEWAY_URL links the two)`,
    );
  }
  const served = networks.map(({ network, escrow, vars: own }) => {
    // RPC_URL may carry a provider's key, so it is never offered to wallets; a local anvil has no other
    // node, and a custom test chain may have none either.
    const walletRpcUrl =
      own.WALLET_RPC_URL ?? (network.local ? network.rpcUrl : network.publicRpcUrl) ?? network.rpcUrl;
    if (network.publicRpcUrl === undefined && network.mode === 'live' && !own.WALLET_RPC_URL) {
      problems.missing(
        networks.length > 1 ? `WALLET_RPC_URL_${networkSuffix(network.name)}` : 'WALLET_RPC_URL',
        'on a live custom chain, whose public RPC the gateway cannot know',
      );
    }
    return {
      name: network.name,
      chain: network.chain,
      rpcUrl: network.rpcUrl,
      walletRpcUrl,
      pollingIntervalMs: network.pollingIntervalMs,
      escrowAddress: escrow.address,
      finality: network.finality,
      networkViewsSchema: networkViewsSchema(vars.INDEXER_VIEWS_SCHEMA, network.name),
      operatorKey: own.OPERATOR_PRIVATE_KEY as Hex,
    } satisfies ApiNetwork;
  });
  if (vars.INTENT_TTL_SECONDS > vars.INTENT_TTL_MAX_SECONDS) {
    problems.bad(
      'INTENT_TTL_SECONDS',
      String(vars.INTENT_TTL_SECONDS),
      `at most INTENT_TTL_MAX_SECONDS (${vars.INTENT_TTL_MAX_SECONDS}): the default lifetime is one a merchant could ask for`,
    );
  }
  if (problems.lines.length > 0) throw new SettingsError(processLabels.api, problems.lines);
  const keyMode = networks[0]!.network.mode;
  return {
    databaseUrl: vars.DATABASE_URL,
    database: {
      poolSize: vars.DATABASE_POOL_SIZE,
      poolTimeoutMs: vars.DATABASE_POOL_TIMEOUT_MS,
      statementTimeoutMs: vars.DATABASE_STATEMENT_TIMEOUT_MS,
    },
    networks: served,
    chains: new Map(served.map((network) => [network.chain.id, network])),
    viewsSchema: vars.INDEXER_VIEWS_SCHEMA,
    workerSchema: vars.WORKER_SCHEMA,
    keyMode,
    host: vars.API_HOST,
    port: vars.API_PORT,
    workers: vars.API_WORKERS,
    publicUrl: vars.PUBLIC_URL?.replace(/\/$/, ''),
    trustedProxies: vars.TRUSTED_PROXIES ?? [],
    peerGatewayUrl: vars.PEER_GATEWAY_URL?.replace(/\/$/, ''),
    walletConnectProjectId: vars.WALLETCONNECT_PROJECT_ID,
    readyMaxIndexerLagBlocks: vars.READY_MAX_INDEXER_LAG_BLOCKS,
    adminApiKey: vars.ADMIN_API_KEY,
    prices: priceConfig(
      vars,
      keyMode === 'test' ? devRates(served.map(({ chain }) => chain.nativeCurrency.symbol)) : undefined,
    ),
    priceCacheSeconds: vars.PRICE_CACHE_SECONDS,
    intentTtlSeconds: vars.INTENT_TTL_SECONDS,
    intentTtlMaxSeconds: vars.INTENT_TTL_MAX_SECONDS,
    maxFiatAmount: vars.MAX_FIAT_AMOUNT,
    apiKeyCacheMs: vars.API_KEY_CACHE_MS,
    rateLimitPerSecond: vars.RATE_LIMIT_PER_SECOND,
    bodyLimitBytes: vars.BODY_LIMIT_BYTES,
    logLevel: vars.LOG_LEVEL,
    sentryDsn: vars.SENTRY_DSN,
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
