// The merchant API for the fast tier: the real app and services, called in process (`app.request`, no
// server, no socket), on a database of its own on the run's PostgreSQL, with no indexer: what needs chain
// data answers 503 here, and is tested end to end instead. Every response is checked against the app's
// own /openapi.json, as over HTTP.
import { pino } from 'pino';
import { inject } from 'vitest';
import { createApiApp } from '../../api/app.js';
import type { PmtClient } from '../../api/client.js';
import { readApiConfig } from '../../api/config.js';
import { createApiServices } from '../../api/services.js';
import { devAccounts, devPrivateKey } from '../../devkit/devAccounts.js';
import { migrateAppSchema } from '../../lib/db/migrate.js';
import { randomBase62 } from '../../lib/randomToken.js';
import { freshDatabase } from './database.js';
import { checkedFetch, type OpenApiContract, openApiContract } from './openApi.js';
import { expectStatus, typedClient } from './typedClient.js';

/** Requests go to the app itself; the host is only there to make absolute URLs (and same-origin forms). */
export const BASE_URL = 'http://api.test';

export interface InProcessApi {
  /** The origin the app believes it is served at (what a same-origin form post names). */
  url: string;
  adminKey: string;
  databaseUrl: string;
  contract: OpenApiContract;
  /** The typed client (api/client.ts) with `key`, or with no credential; each response checked against `contract`. */
  client(key: string | undefined): PmtClient;
  /** Every route the app serves, as Hono lists them (middleware included, as method `ALL`). */
  routes: { method: string; path: string }[];
  /** A request to the app, unchecked (for what the document does not describe, like itself). */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** A merchant onboarded through the admin API, with its first (unrestricted) secret key. */
  merchant(): Promise<{ id: string; key: string }>;
  stop(): Promise<void>;
}

export async function inProcessApi(env: Record<string, string> = {}): Promise<InProcessApi> {
  const database = await freshDatabase(inject('databaseUrl'), 'api_fast');
  await migrateAppSchema(database.url);
  const adminKey = `admin_${randomBase62(40)}`;
  const config = readApiConfig({
    DATABASE_URL: database.url,
    PMT_NETWORK: 'anvil',
    RPC_URL: inject('rpcUrl'),
    // No escrow and no indexer: the views schema does not exist.
    ESCROW_ADDRESS: '0x000000000000000000000000000000000000dEaD',
    INDEXER_VIEWS_SCHEMA: 'no_indexer',
    OPERATOR_PRIVATE_KEY: devPrivateKey(devAccounts.operator),
    ADMIN_API_KEY: adminKey,
    LOG_LEVEL: 'silent',
    ...env,
  });
  const services = createApiServices(config, pino({ level: 'silent' }));
  const app = createApiApp(services);
  const send: typeof fetch = async (input, init) => app.fetch(new Request(input, init));
  const contract = await openApiContract(BASE_URL, send);
  const checked = checkedFetch(contract, send);
  const client = (key: string | undefined) => typedClient(BASE_URL, key, checked);
  return {
    url: BASE_URL,
    adminKey,
    databaseUrl: database.url,
    contract,
    client,
    routes: app.routes.map(({ method, path }) => ({ method, path })),
    fetch: (path, init) => send(`${BASE_URL}${path}`, init),
    async merchant() {
      const { id, api_key: key } = await expectStatus(
        await client(adminKey).v1.admin.merchants.$post({
          json: { name: 'Fast Shop', email: `shop-${randomBase62(8)}@example.com` },
          header: {},
        }),
        200,
      );
      // Sent without an Idempotency-Key, it is no replay: the answer shows the first key.
      return { id, key: key! };
    },
    async stop() {
      await services.close();
      await database.drop();
    },
  };
}
