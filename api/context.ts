// What every request handler can reach: the process's services and, after auth, who is calling.
import type { Hono, MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import type { LocalAccount, PublicClient } from 'viem';
import type { ChainClock } from '../lib/chainClock.js';
import type { ChainViews } from '../lib/chainViews.js';
import type { ActiveSession } from '../lib/console/sessions.js';
import type { Db, DbTransaction } from '../lib/db/client.js';
import type { KeyPermissions } from '../lib/db/schema/index.js';
import type { FinalBlockSource } from '../lib/finality.js';
import type { PriceSource } from '../lib/prices/priceSource.js';
import type { ApiKeyCache } from './apiKeys/cache.js';
import type { Asset } from './assets.js';
import type { ApiConfig, ApiNetwork } from './config.js';
import type { ProxyMatcher } from './frontDoor.js';
import type { ApiMetrics } from './metrics.js';
import type { IntentWatcher } from './paymentIntents/watcher.js';
import type { PreparedStatements } from './statements.js';

/** What the API keeps for one network it serves. */
export interface NetworkServices {
  network: ApiNetwork;
  chain: PublicClient;
  clock: ChainClock;
  /** The highest final block (lib/finality.ts), read at most once per polling interval. */
  finality: FinalBlockSource;
  /** The operator key that signs the network's payment intents. */
  signer: LocalAccount;
}

/** What one API instance holds for its whole life: settings, connections, and every cache it keeps. */
export interface ApiServices {
  config: ApiConfig;
  /**
   * The connection pool, for middleware only: idempotency opens the request's transaction on it and key
   * bookkeeping writes outside the request. Handlers use `c.var.db`, the request's one database handle.
   */
  pool: Db;
  views: ChainViews;
  statements: PreparedStatements;
  keys: ApiKeyCache;
  /** When each key's `last_used_at` was last written, so busy keys write it once a minute at most. */
  keyUseWritten: Map<string, number>;
  /** Symbol and decimals of each allowed token, by `<chain id>:<address>`, read from its contract once. */
  tokens: Map<string, Promise<Asset>>;
  /** Requests per second per key (`RATE_LIMIT_PER_SECOND`), counted in this instance. */
  rateLimit: MiddlewareHandler<ApiEnv>;
  prices: PriceSource;
  /** Each network served, by chain id, in the order NETWORKS lists them. */
  networks: ReadonlyMap<number, NetworkServices>;
  /** The first network NETWORKS lists: where an intent created without `network` is. */
  defaultNetwork: NetworkServices;
  watcher: IntentWatcher;
  log: Logger;
  metrics: ApiMetrics;
  /** Whether an address is one of `TRUSTED_PROXIES`, whose forwarded headers are believed (api/frontDoor.ts). */
  trustedProxy: ProxyMatcher;
}

export interface AuthedKey {
  id: string;
  merchantId: string;
  mode: 'test' | 'live';
  permissions: KeyPermissions | null;
}

/**
 * What a console's in-process call to an API route carries instead of a credential: the merchant a
 * merchant user acts for, or the admin user acting as the operator. A request from the network never has it.
 */
export interface ConsoleCallBindings {
  consoleActor?: AuthedKey;
  consoleAdmin?: { userId: string };
  /** The signed-in user's address and browser, for the audit log of what the call changes. */
  consoleClient?: { ip: string | undefined; userAgent: string | undefined };
}

export interface ApiEnv {
  Variables: {
    services: ApiServices;
    /** The whole app, which the consoles (apps of their own) call in process (api/console/apiClient.ts). */
    api: Hono<ApiEnv>;
    requestId: string;
    log: Logger;
    /** Set by `requireApiKey`. */
    apiKey: AuthedKey;
    /** Set by `adminAuth`: who acts as the operator, for the audit log. */
    admin: { actorKind: 'console_user' | 'api_key'; actorId: string };
    /** The database for this request: a transaction when the request is idempotent. */
    db: Db | DbTransaction;
    /** Set by a console's `requireSession`: who is signed in, with the session's CSRF token. */
    console: ActiveSession & { cookie: string };
    /** Runs `effect` once this request's writes are committed (at once outside a transaction). */
    afterCommit: (effect: () => void) => void;
  };
}
