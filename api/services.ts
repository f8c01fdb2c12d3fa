// Builds what one API instance shares between its requests, from its config: the pool, each network's
// chain client, clock, final block and operator signer, the price source, the intent watcher, the logger
// and every cache. Two instances in one process (as in tests) share nothing.
import { type Logger, pino } from 'pino';
import { createPublicClient, http } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { chainClock } from '../lib/chainClock.js';
import { chainViews } from '../lib/chainViews.js';
import { connectDb, type Db } from '../lib/db/client.js';
import { finalBlockSource } from '../lib/finality.js';
import { chainlinkOracle } from '../lib/prices/chainlinkOracle.js';
import { fixedRates } from '../lib/prices/fixedRates.js';
import { httpFeed } from '../lib/prices/httpFeed.js';
import { cachedPriceSource, type PriceSource } from '../lib/prices/priceSource.js';
import { ApiKeyCache } from './apiKeys/cache.js';
import type { Asset } from './assets.js';
import type { ApiConfig, ApiNetwork } from './config.js';
import type { ApiServices, NetworkServices } from './context.js';
import { proxyMatcher } from './frontDoor.js';
import { apiMetrics } from './metrics.js';
import { perKeyLimiter } from './middleware/rateLimit.js';
import { intentReadContext } from './paymentIntents/readContext.js';
import { intentWatcher } from './paymentIntents/watcher.js';
import { preparedStatements } from './statements.js';

/** How long one chain read may take before the request fails with a clear 503. */
const RPC_TIMEOUT_MS = 3_000;

/** How often open event streams look for changes: well inside the 1 s a checkout may wait. */
const WATCH_INTERVAL_MS = 250;

function priceSource(config: ApiConfig, chain: NetworkServices['chain']): PriceSource {
  const { prices } = config;
  const source =
    prices.kind === 'fixed'
      ? fixedRates(prices.rates)
      : prices.kind === 'http'
        ? httpFeed({ urlTemplate: prices.urlTemplate, jsonPath: prices.jsonPath })
        : chainlinkOracle({ client: chain, feeds: prices.feeds, maxAgeSeconds: prices.maxAgeSeconds });
  return cachedPriceSource(source, config.priceCacheSeconds * 1000);
}

function networkServices(network: ApiNetwork, db: Db): NetworkServices {
  // Short and few retries: an idempotent request holds a database connection while it reads the chain.
  const chain = createPublicClient({
    chain: network.chain,
    transport: http(network.rpcUrl, { timeout: RPC_TIMEOUT_MS, retryCount: 1 }),
  });
  return {
    network,
    chain,
    clock: chainClock(chain, network.pollingIntervalMs),
    finality: finalBlockSource({
      finality: network.finality,
      client: chain,
      db,
      networkViewsSchema: network.networkViewsSchema,
      maxAgeMs: network.pollingIntervalMs,
    }),
    signer: privateKeyToAccount(network.operatorKey),
  };
}

export function createApiServices(
  config: ApiConfig,
  log: Logger = pino({ level: config.logLevel }),
): ApiServices & { close(): Promise<void> } {
  const { db, close } = connectDb(config.databaseUrl, {
    max: config.database.poolSize,
    connectionTimeoutMs: config.database.poolTimeoutMs,
    statementTimeoutMs: config.database.statementTimeoutMs,
  });
  const networks = new Map(config.networks.map((network) => [network.chain.id, networkServices(network, db)]));
  const defaultNetwork = networks.get(config.networks[0]!.chain.id)!;
  const views = chainViews(config.viewsSchema);
  const shared = {
    config,
    pool: db,
    views,
    statements: preparedStatements(db, views),
    keys: new ApiKeyCache(config.apiKeyCacheMs),
    keyUseWritten: new Map<string, number>(),
    tokens: new Map<string, Promise<Asset>>(),
    rateLimit: perKeyLimiter(config.rateLimitPerSecond),
    networks,
    defaultNetwork,
    // An on-chain price feed is read on the default network.
    prices: priceSource(config, defaultNetwork.chain),
    log,
    trustedProxy: proxyMatcher(config.trustedProxies),
    metrics: apiMetrics([...networks.values()]),
  };
  const services: ApiServices = {
    ...shared,
    watcher: intentWatcher({
      db,
      views,
      readContext: () => intentReadContext(shared, db),
      intervalMs: WATCH_INTERVAL_MS,
      log,
    }),
  };
  return {
    ...services,
    async close() {
      services.watcher.stop();
      await close();
    },
  };
}
