// The dev stack itself, started by scripts/dev.ts in a process group of its own so that Ctrl-C reaches it
// once and it stops its parts in order: services first, then the chain, then PostgreSQL last, so that
// every service can still release its database locks on the way out.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPublicClient, http, toHex } from 'viem';
import { combineNetworkViews } from '../../indexer/launch/combinedViews.js';
import { readIndexerEnv } from '../../indexer/launch/env.js';
import { releaseIndexerLock } from '../../indexer/launch/lock.js';
import { ponderStartCommand } from '../../indexer/launch/ponderStart.js';
import { localChain, walletClientFor } from '../../lib/chain.js';
import { withDb } from '../../lib/db/client.js';
import { migrateAppSchema } from '../../lib/db/migrate.js';
import { describeFinality } from '../../lib/finality.js';
import { DEFAULT_WORKER_SCHEMA } from '../../lib/jobQueue.js';
import { buildWebAssets } from '../../web/build.js';
import { type Anvil, startAnvil } from '../anvil.js';
import { seedDemoPayments } from '../demoPayments.js';
import { type DemoShop, startDemoShop } from '../demoShop.js';
import { devAccounts, devPrivateKey } from '../devAccounts.js';
import { type Postgres, startPostgres } from '../postgres.js';
import { type DevStack, devDir, stackFilePath } from '../stackFile.js';
import { devApiProcess } from './api.js';
import { devConsoleUsers } from './consoleUsers.js';
import { DEMO_MERCHANT, devDemoMerchant } from './demoMerchant.js';
import { devDeployment } from './deployment.js';
import { logLine, ProcessGroup } from './processGroup.js';
import { devWorkerProcess } from './worker.js';

const DEFAULT_ANVIL_PORT = 8545;
/** Seconds between the dev chain's blocks (`ANVIL_BLOCK_TIME`). */
const DEFAULT_BLOCK_TIME_SECONDS = 2;
const DEFAULT_SHOP_PORT = 4001;

const folder = devDir();
const stackFile = stackFilePath();
const services = new ProcessGroup();
let postgres: Postgres | undefined;
let anvil: Anvil | undefined;
let shop: DemoShop | undefined;
let starting: Promise<DevStack> | undefined;
let stopping = false;

async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  logLine('dev', 'stopping…');
  rmSync(stackFile, { force: true });
  await shop?.close();
  await services.stop();
  // Ctrl-C during start-up: let the part being started come up (start() starts nothing after it), so it
  // is known here and stopped below rather than left running.
  await starting?.catch(() => {});
  await anvil?.stop();
  await postgres?.stop();
  logLine('dev', 'stopped');
  process.exit(code);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(0));
// The launcher is gone (killed, or its terminal closed): nobody could stop us any more, so stop now.
process.on('disconnect', () => void stop(0));

/** Throws once a stop has begun, so that start() starts nothing more. */
function unlessStopping() {
  if (stopping) throw new Error('stopped while starting');
}

async function start(): Promise<DevStack> {
  mkdirSync(folder, { recursive: true });

  postgres = await startPostgres({ persistent: true, dataDir: join(folder, 'postgres') });
  unlessStopping();
  logLine('postgres', postgres.embedded ? `embedded PostgreSQL, data in ${postgres.dataDir}` : 'using DATABASE_URL');
  await migrateAppSchema(postgres.url);
  const { merchant, created } = await withDb(postgres.url, (db) =>
    devDemoMerchant(db, join(folder, 'demo-merchant.json')),
  );
  logLine('postgres', `app schema migrated; ${created ? 'created' : 'reusing'} demo merchant ${merchant.id}`);
  const consoleUsers = await withDb(postgres.url, (db) =>
    devConsoleUsers(db, { merchantId: merchant.id, email: DEMO_MERCHANT.email }, join(folder, 'console-users.json')),
  );

  let rpcUrl = process.env.RPC_URL;
  if (!rpcUrl) {
    anvil = await startAnvil({
      port: Number(process.env.ANVIL_PORT ?? DEFAULT_ANVIL_PORT),
      // A block every few seconds, transactions or not, as on a real chain: the escrow reads "now" from the
      // latest block, so on a chain that mines only transactions, holds would never end, nor intents expire.
      blockTime: Number(process.env.ANVIL_BLOCK_TIME ?? DEFAULT_BLOCK_TIME_SECONDS),
      // The chain persists beside the database, so indexed payments and the deployment survive restarts.
      args: ['--state', join(folder, 'anvil-state.json'), '--state-interval', '5'],
    });
    rpcUrl = anvil.rpcUrl;
    unlessStopping();
    await mineBeyondPonderFinality(rpcUrl);
  }
  logLine('chain', anvil ? `anvil at ${rpcUrl}` : `using RPC_URL ${rpcUrl}`);

  const { deployment, reused } = await devDeployment(rpcUrl, join(folder, 'deployment.json'));
  logLine(
    'chain',
    `${reused ? 'reusing' : 'deployed'} PMTEscrow at ${deployment.escrowAddress} (block ${deployment.startBlock})`,
  );

  const indexer = readIndexerEnv({
    ...process.env,
    DATABASE_URL: postgres.url,
    RPC_URL: rpcUrl,
    ESCROW_ADDRESS: deployment.escrowAddress,
    ESCROW_START_BLOCK: String(deployment.startBlock),
  });
  const launch = await ponderStartCommand(indexer);
  unlessStopping();
  const afterStop = () => releaseIndexerLock(indexer.databaseUrl, launch.schema);
  const onUnexpectedExit = (name: string, code: number | null) => {
    logLine('dev', `${name} exited unexpectedly (code ${code}); stopping the stack`);
    void stop(1);
  };
  await services.start(
    { name: 'indexer', ...launch, ready: { url: `${launch.url}/ready` }, afterStop },
    onUnexpectedExit,
  );
  // Ready: Ponder has made this network's views, and the combined views the API and the worker read follow.
  await combineNetworkViews(indexer.databaseUrl, indexer.viewsSchema, indexer.servedNetworks);
  unlessStopping();
  const chainSettings = {
    databaseUrl: postgres.url,
    rpcUrl,
    escrowAddress: deployment.escrowAddress,
    viewsSchema: indexer.viewsSchema,
  };
  const bundles = await buildWebAssets();
  logLine(
    'web',
    bundles.map(({ file, gzipBytes }) => `${file} ${(gzipBytes / 1024).toFixed(1)} kB gzipped`).join(', '),
  );
  const api = devApiProcess({ ...chainSettings, folder });
  await services.start(api, onUnexpectedExit);
  unlessStopping();
  const worker = devWorkerProcess({ ...chainSettings, publicUrl: api.publicUrl });
  await services.start(worker, onUnexpectedExit);
  shop = await startDemoShop({
    apiUrl: api.url,
    browserApiUrl: api.publicUrl,
    merchantKey: merchant.apiKey,
    port: Number(process.env.DEMO_SHOP_PORT ?? DEFAULT_SHOP_PORT),
  });
  const seeded = await seedDemoPayments({
    apiUrl: api.url,
    merchantKey: merchant.apiKey,
    buyer: walletClientFor(localChain(deployment.chainId, rpcUrl), devAccounts.buyer),
  });
  if (seeded.length > 0) {
    logLine(
      'dev',
      `seeded ${seeded.length} demo orders for the consoles, ${seeded.filter((order) => order.paid).length} paid`,
    );
  }

  return {
    network: indexer.network,
    rpcUrl,
    chainId: deployment.chainId,
    escrowAddress: deployment.escrowAddress,
    tokenAddress: deployment.tokenAddress,
    startBlock: deployment.startBlock,
    finality: indexer.finality,
    databaseUrl: postgres.url,
    viewsSchema: indexer.viewsSchema,
    indexerUrl: launch.url,
    graphqlUrl: `${launch.url}/graphql`,
    apiUrl: api.url,
    publicUrl: api.publicUrl,
    workerUrl: worker.url,
    shopUrl: shop.url,
    adminApiKey: api.adminApiKey,
    consoleUsers,
    buyer: { address: devAccounts.buyer.address, privateKey: devPrivateKey(devAccounts.buyer) },
    merchant,
  };
}

/**
 * Anvil gives its genesis block a new hash each time it reloads its saved state, while block 1 keeps the
 * old parent hash. Ponder treats the block 30 below the head as finalized and checks the chain from
 * there, so on a young chain it would start at genesis, see a reorg below "finalized" and stop. Empty
 * blocks at the start of a fresh dev chain keep genesis out of that window for good.
 */
async function mineBeyondPonderFinality(rpcUrl: string) {
  const PONDER_FINALITY_BLOCKS = 30;
  const client = createPublicClient({ transport: http(rpcUrl) });
  const missing = PONDER_FINALITY_BLOCKS + 1 - Number(await client.getBlockNumber());
  if (missing > 0) await client.request({ method: 'anvil_mine' as never, params: [toHex(missing)] as never });
}

function banner(stack: DevStack): string {
  return [
    '',
    'PMT Gateway dev stack is up',
    `  chain        ${stack.rpcUrl} (chain id ${stack.chainId}, final at ${describeFinality(stack.finality)})`,
    `  escrow       ${stack.escrowAddress}`,
    `  test token   ${stack.tokenAddress} (tUSD, 6 decimals)`,
    `  GraphQL      ${stack.graphqlUrl}`,
    `  SQL/HTTP     ${stack.indexerUrl}/sql (for @ponder/client)`,
    `  database     ${stack.databaseUrl} (indexed views in schema "${stack.viewsSchema}")`,
    // What a browser opens is printed at the public URL, the origin of every checkout_url and console link.
    `  API          ${stack.publicUrl}/v1 (reference: ${stack.publicUrl}/docs)`,
    `  checkout     ${stack.shopUrl}/buy (a fresh demo order on the hosted checkout; embedded: ${stack.shopUrl}/widget)`,
    `  merchant     ${stack.merchant.id} (demo), secret key ${stack.merchant.apiKey}`,
    `  admin key    ${stack.adminApiKey} (for /v1/admin/*)`,
    `  dashboard    ${stack.publicUrl}/console, sign in as ${stack.consoleUsers.merchant.email} / ${stack.consoleUsers.merchant.password}`,
    `  admin        ${stack.publicUrl}/admin, sign in as ${stack.consoleUsers.admin.email} / ${stack.consoleUsers.admin.password}`,
    `  worker       jobs in schema "${DEFAULT_WORKER_SCHEMA}", periodic ones in jobs/crontab; health ${stack.workerUrl}/readyz`,
    `  metrics      ${stack.apiUrl}/metrics, ${stack.workerUrl}/metrics, ${stack.indexerUrl}/metrics (ops/prometheus/prometheus.yml scrapes them)`,
    `  demo buyer   ${stack.buyer.address}`,
    `               private key ${stack.buyer.privateKey} (anvil dev key: import into a browser wallet, README "Paying from your browser")`,
    `  stack facts  ${stackFile}`,
    '',
    'Try `npm run demo` in another terminal. Press Ctrl-C to stop.',
    '',
  ].join('\n');
}

try {
  starting = start();
  const stack = await starting;
  if (!stopping) {
    writeFileSync(stackFile, `${JSON.stringify(stack, null, 2)}\n`);
    process.stdout.write(banner(stack));
  }
} catch (err) {
  if (!stopping) {
    logLine('dev', `npm run dev failed: ${err instanceof Error ? err.message : String(err)}`);
    await stop(1);
  }
}
