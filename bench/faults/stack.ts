// The gateway the fault bench runs, as production runs it: its own PostgreSQL (which the bench stops and
// starts), two chains each behind a fault proxy (the gateway's processes reach their nodes only through
// it; the bench's buyers and auditor go straight to the nodes), `npm run indexer` (one Ponder per
// network), one `npm run api` and two `npm run worker`, each started again after it exits as systemd
// would; a merchant's webhook endpoint that sometimes fails or hangs, and a price feed the bench can break.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPublicClient, http, type PublicClient } from 'viem';
import { type Anvil, startAnvil } from '../../devkit/anvil.js';
import { devAccounts, devPrivateKey } from '../../devkit/devAccounts.js';
import { freePort } from '../../devkit/freePort.js';
import { deployLocalStack, type LocalDeployment } from '../../devkit/localDeployment.js';
import { type Postgres, startPostgres } from '../../devkit/postgres.js';
import { devChainEnv } from '../../devkit/stack/chainSettings.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../devkit/webhookReceiver.js';
import { WORKER_RUNNING } from '../../jobs/worker.js';
import { localChain } from '../../lib/chain.js';
import { projectRoot } from '../../lib/projectRoot.js';
import { randomBase62 } from '../../lib/randomToken.js';
import { type FaultProxy, startFaultProxy } from '../../test/harness/faultProxy.js';
import { Supervised } from './supervised.js';

export interface StackChain {
  network: string;
  chainId: number;
  anvil: Anvil;
  /** What the gateway's processes reach the node through. */
  proxy: FaultProxy;
  deployment: LocalDeployment;
  /** Straight to the node, for buyers and the auditor. */
  client: PublicClient;
  /** This network's Ponder (`npm run indexer` serves each on a port of its own). */
  indexerUrl: string;
}

export interface PriceFeed {
  url: string;
  /** Whether it answers 500 instead of a rate. */
  failing: boolean;
  close(): Promise<void>;
}

export interface FaultStack {
  postgres: Postgres;
  chains: StackChain[];
  indexer: Supervised;
  api: Supervised;
  apiUrl: string;
  workers: Supervised[];
  /** Each worker's /readyz. */
  workerReadyUrls: string[];
  receiver: WebhookReceiver;
  prices: PriceFeed;
  adminKey: string;
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** Blocks under the head a block is final at, on the bench's chains (FINALITY_DEPTH): deeper than its reorgs. */
export const FINALITY_DEPTH = 6;

/** What each network's native asset and the test token cost, in USD. */
export const RATES: Record<string, string> = { ETH: '3000', tUSD: '1' };

const VIEWS = 'pmt';
const NETWORKS = [
  { network: 'anvil', chainId: 31_337 },
  { network: 'anvil-2', chainId: 31_338 },
] as const;

/** Starts every part, stopping what did start when one fails. */
export async function startFaultStack(log: (line: string) => void): Promise<FaultStack> {
  const stops: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const step of stops.splice(0).reverse()) await step().catch(() => {});
  };
  try {
    const postgres = await startPostgres({ persistent: false }, {});
    stops.push(() => postgres.stop());
    const chains: StackChain[] = [];
    const indexerPort = await freePort();
    for (const [place, { network, chainId }] of NETWORKS.entries()) {
      // A block a second, transactions or not, as a real chain: holds end and intents expire on their own.
      const anvil = await startAnvil({ chainId, blockTime: 1 });
      stops.push(() => anvil.stop());
      const proxy = await startFaultProxy(new URL(anvil.rpcUrl).host);
      stops.push(() => proxy.close());
      const deployment = await deployLocalStack(anvil.rpcUrl, chainId);
      const client = createPublicClient({ chain: localChain(chainId, anvil.rpcUrl), transport: http(anvil.rpcUrl) });
      chains.push({
        network,
        chainId,
        anvil,
        proxy,
        deployment,
        client,
        indexerUrl: `http://127.0.0.1:${indexerPort + place}`,
      });
    }
    const prices = await startPriceFeed();
    stops.push(() => prices.close());
    const receiver = await startWebhookReceiver();
    // A merchant's endpoint on a bad day: one delivery in ten answered 500, one in twenty too late.
    receiver.answer = (n) => (n % 10 === 3 ? 500 : 200);
    receiver.delayMs = (n) => (n % 20 === 7 ? 3_000 : 0);
    stops.push(() => receiver.close());

    const adminKey = `admin_${randomBase62(40)}`;
    const env: Record<string, string> = {
      ...devChainEnv({
        databaseUrl: postgres.url,
        networks: chains.map(({ network, proxy, deployment }) => ({
          network,
          rpcUrl: proxy.url,
          escrowAddress: deployment.escrowAddress,
          startBlock: Number(deployment.startBlock),
        })),
        viewsSchema: VIEWS,
      }),
      INDEXER_PORT: String(indexerPort),
      FINALITY_DEPTH: String(FINALITY_DEPTH),
      // A chain here makes a block a second: 20 s without one indexed is a stall (production's default is 120).
      INDEXER_STALL_SECONDS: '20',
      OPERATOR_PRIVATE_KEY: devPrivateKey(devAccounts.operator),
      KEEPER_PRIVATE_KEY: devPrivateKey(devAccounts.keeper),
      ARBITER_PRIVATE_KEY: devPrivateKey(devAccounts.arbiter),
      ADMIN_API_KEY: adminKey,
      PRICE_SOURCE: 'http',
      PRICE_FEED_URL: `${prices.url}/{asset}/{currency}`,
      PRICE_FEED_JSON_PATH: 'rate',
      PRICE_CACHE_SECONDS: '5',
      RATE_LIMIT_PER_SECOND: '100000',
      LOG_LEVEL: 'warn',
      WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
      // Retries within the bench's minutes, not the production schedule's days.
      WEBHOOK_RETRY_SCHEDULE: '1,2,4,8,15,30,30,30,30,30',
      WEBHOOK_TIMEOUT_MS: '2000',
      OUTBOX_INTERVAL_MS: '200',
      DEPOSIT_SCAN_INTERVAL_MS: '500',
      WORKER_POLL_INTERVAL_MS: '500',
      KEEPER_REPLACE_AFTER_SECONDS: '20',
    };
    const relay = (name: string) => (line: string) => log(`${name.padEnd(9)}│ ${line}`);
    const node = (script: string) => ({ command: process.execPath, args: ['--import', 'tsx', `scripts/${script}.ts`] });
    const indexer = await Supervised.start({
      name: 'indexer',
      ...node('indexer'),
      cwd: projectRoot,
      env: { ...process.env, ...env },
      onLine: relay('indexer'),
      ready: { url: `${chains.at(-1)!.indexerUrl}/ready` },
      restartDelayMs: 1_000,
    });
    stops.push(() => indexer.stop());
    for (const chain of chains) await indexer.child.waitUntilReady(`${chain.indexerUrl}/ready`, 180_000);

    const apiPort = await freePort();
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const api = await Supervised.start({
      name: 'api',
      ...node('api'),
      cwd: projectRoot,
      env: { ...process.env, ...env, API_PORT: String(apiPort), PUBLIC_URL: apiUrl },
      onLine: relay('api'),
      ready: { url: `${apiUrl}/healthz` },
      restartDelayMs: 1_000,
    });
    stops.push(() => api.stop());
    const workers: Supervised[] = [];
    const workerReadyUrls: string[] = [];
    for (const name of ['worker-1', 'worker-2']) {
      const workerPort = await freePort();
      workerReadyUrls.push(`http://127.0.0.1:${workerPort}/readyz`);
      const worker = await Supervised.start({
        name,
        ...node('worker'),
        cwd: projectRoot,
        env: { ...process.env, ...env, WORKER_PORT: String(workerPort), PUBLIC_URL: apiUrl },
        onLine: relay(name),
        ready: { line: WORKER_RUNNING },
        restartDelayMs: 1_000,
      });
      stops.push(() => worker.stop());
      workers.push(worker);
    }
    return { postgres, chains, indexer, api, apiUrl, workers, workerReadyUrls, receiver, prices, adminKey, env, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** A price feed answering `{"rate": "…"}` at `/<asset>/<currency>` from RATES, or 500 while failing. */
async function startPriceFeed(): Promise<PriceFeed> {
  const server: Server = createServer((request, response) => {
    const [, asset = ''] = (request.url ?? '').split('/');
    const rate = RATES[decodeURIComponent(asset)];
    if (feed.failing || rate === undefined) {
      response.writeHead(feed.failing ? 500 : 404).end('{}');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ rate }));
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const feed: PriceFeed = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    failing: false,
    close: () => new Promise((closed) => server.close(() => closed())),
  };
  return feed;
}
