// Builds what one API instance shares between its requests, from its config: the pool, the chain client
// and clock, the price source, the operator signer, the intent watcher, the logger and every cache. Two
// instances in one process (as in tests) share nothing.
import { type Logger, pino } from 'pino';
import { createPublicClient, http } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { chainClock } from '../lib/chainClock.js';
import { chainViews } from '../lib/chainViews.js';
import { connectDb } from '../lib/db/client.js';
import { finalBlockSource } from '../lib/finality.js';
import { chainlinkOracle } from '../lib/prices/chainlinkOracle.js';
import { fixedRates } from '../lib/prices/fixedRates.js';
import { httpFeed } from '../lib/prices/httpFeed.js';
import { cachedPriceSource, type PriceSource } from '../lib/prices/priceSource.js';
import { holdsRole } from '../lib/roles.js';
import { ApiKeyCache } from './apiKeys/cache.js';
import type { Asset } from './assets.js';
import type { ApiConfig } from './config.js';
import type { ApiServices } from './context.js';
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

function priceSource(config: ApiConfig, chain: ApiServices['chain']): PriceSource {
  const { prices } = config;
  const source =
    prices.kind === 'fixed'
      ? fixedRates(prices.rates)
      : prices.kind === 'http'
        ? httpFeed({ urlTemplate: prices.urlTemplate, jsonPath: prices.jsonPath })
        : chainlinkOracle({ client: chain, feeds: prices.feeds, maxAgeSeconds: prices.maxAgeSeconds });
  return cachedPriceSource(source, config.priceCacheSeconds * 1000);
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
  // Short and few retries: an idempotent request holds a database connection while it reads the chain.
  const chain = createPublicClient({
    chain: config.chain,
    transport: http(config.rpcUrl, { timeout: RPC_TIMEOUT_MS, retryCount: 1 }),
  });
  const views = chainViews(config.viewsSchema);
  const { pollingIntervalMs } = config;
  const clock = chainClock(chain, pollingIntervalMs);
  const finality = finalBlockSource({
    finality: config.finality,
    client: chain,
    db,
    networkViewsSchema: config.networkViewsSchema,
    maxAgeMs: pollingIntervalMs,
  });
  const signer = privateKeyToAccount(config.operatorKey);
  const shared = {
    config,
    pool: db,
    views,
    statements: preparedStatements(db, views),
    keys: new ApiKeyCache(config.apiKeyCacheMs),
    keyUseWritten: new Map<string, number>(),
    tokens: new Map<string, Promise<Asset>>(),
    rateLimit: perKeyLimiter(config.rateLimitPerSecond),
    chain,
    clock,
    finality,
    prices: priceSource(config, chain),
    signer,
    log,
    trustedProxy: proxyMatcher(config.trustedProxies),
    metrics: apiMetrics({
      operatorBalance: () => chain.getBalance({ address: signer.address }),
      operatorHasRole: () => holdsRole(chain, config.escrowAddress, 'OPERATOR_ROLE', signer.address),
    }),
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
