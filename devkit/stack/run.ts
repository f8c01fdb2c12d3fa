// The dev stack itself, started by scripts/dev.ts in a process group of its own so that Ctrl-C reaches it
// once and it stops its parts in order: services first, then the chains, then PostgreSQL last, so that
// every service can still release its database locks on the way out.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { combineNetworkViews } from '../../indexer/launch/combinedViews.js';
import { type IndexerEnv, readIndexerEnvs } from '../../indexer/launch/env.js';
import { releaseIndexerLock } from '../../indexer/launch/lock.js';
import { ponderStartCommand } from '../../indexer/launch/ponderStart.js';
import { localChain, walletClientFor } from '../../lib/chain.js';
import { withDb } from '../../lib/db/client.js';
import { migrateAppSchema } from '../../lib/db/migrate.js';
import { describeFinality } from '../../lib/finality.js';
import { DEFAULT_WORKER_SCHEMA } from '../../lib/jobQueue.js';
import { buildWebAssets } from '../../web/build.js';
import type { Anvil } from '../anvil.js';
import { seedDemoPayments } from '../demoPayments.js';
import { type DemoShop, startDemoShop } from '../demoShop.js';
import { devAccounts, devPrivateKey } from '../devAccounts.js';
import { type Postgres, startPostgres } from '../postgres.js';
import { type DevStack, devDir, stackFilePath } from '../stackFile.js';
import { devApiProcess } from './api.js';
import { devChainEnv } from './chainSettings.js';
import { startDevChains } from './chains.js';
import { devConsoleUsers } from './consoleUsers.js';
import { DEMO_MERCHANT, devDemoMerchant } from './demoMerchant.js';
import { devDeployment } from './deployment.js';
import { logLine, ProcessGroup } from './processGroup.js';
import { devWorkerProcess } from './worker.js';

const DEFAULT_SHOP_PORT = 4001;

const folder = devDir();
const stackFile = stackFilePath();
const services = new ProcessGroup();
let postgres: Postgres | undefined;
const anvils: Anvil[] = [];
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
  await Promise.all(anvils.map((anvil) => anvil.stop()));
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

  const chains = await startDevChains(networkFolder, (anvil) => anvils.push(anvil));
  unlessStopping();
  const deployed = [];
  for (const { network, rpcUrl } of chains) {
    const { deployment, reused } = await devDeployment(rpcUrl, join(networkFolder(network), 'deployment.json'));
    logLine(
      'chain',
      `${network}: ${anvils.length > 0 ? 'anvil' : 'RPC_URL'} at ${rpcUrl}, ${reused ? 'reusing' : 'deployed'} PMTEscrow at ${deployment.escrowAddress} (block ${deployment.startBlock})`,
    );
    deployed.push({ network, rpcUrl, ...deployment });
  }

  const indexers = readIndexerEnvs({
    ...process.env,
    ...devChainEnv({ databaseUrl: postgres.url, networks: deployed }),
  });
  const onUnexpectedExit = (name: string, code: number | null) => {
    logLine('dev', `${name} exited unexpectedly (code ${code}); stopping the stack`);
    void stop(1);
  };
  // One Ponder per network, started side by side.
  const launches = await Promise.all(
    indexers.map(async (indexer) => {
      const launch = await ponderStartCommand(indexer);
      unlessStopping();
      await services.start(
        {
          name: `indexer ${indexer.network}`,
          ...launch,
          ready: { url: `${launch.url}/ready` },
          afterStop: () => releaseIndexerLock(indexer.databaseUrl, launch.schema),
        },
        onUnexpectedExit,
      );
      return launch;
    }),
  );
  // Ready: Ponder has made each network's views, and the combined views the API and the worker read follow.
  const [{ viewsSchema, servedNetworks }] = indexers as [IndexerEnv, ...IndexerEnv[]];
  await combineNetworkViews(postgres.url, viewsSchema, servedNetworks);
  unlessStopping();
  const chainSettings = { databaseUrl: postgres.url, networks: deployed, viewsSchema };
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
    buyers: deployed.map(({ network, chainId, rpcUrl }) => ({
      network,
      wallet: walletClientFor(localChain(chainId, rpcUrl), devAccounts.buyer),
    })),
  });
  if (seeded.length > 0) {
    const paid = seeded.filter((order) => order.paid).length;
    const on = [...new Set(seeded.map((order) => order.network))].join(' and ');
    logLine('dev', `seeded ${seeded.length} demo orders for the consoles, ${paid} paid, on ${on}`);
  }

  return {
    networks: deployed.map(({ startBlockHash: _hash, escrowCodeHash: _code, ...deployment }, index) => ({
      ...deployment,
      finality: indexers[index]!.finality,
      indexerUrl: launches[index]!.url,
      graphqlUrl: `${launches[index]!.url}/graphql`,
    })),
    databaseUrl: postgres.url,
    viewsSchema,
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

/** Where a network's chain state and deployment are kept: `.dev/networks/<network>`. */
function networkFolder(network: string): string {
  const path = join(folder, 'networks', network);
  mkdirSync(path, { recursive: true });
  return path;
}

function banner(stack: DevStack): string {
  return [
    '',
    'PMT Gateway dev stack is up',
    ...stack.networks.flatMap((network, index) => [
      `  network      ${network.network}${index === 0 ? ' (the default)' : ''}: ${network.rpcUrl}, chain id ${network.chainId}, final at ${describeFinality(network.finality)}`,
      `    escrow     ${network.escrowAddress}`,
      `    test token ${network.tokenAddress} (tUSD, 6 decimals)`,
      `    GraphQL    ${network.graphqlUrl}`,
      `    SQL/HTTP   ${network.indexerUrl}/sql (for @ponder/client)`,
    ]),
    `  database     ${stack.databaseUrl} (every network's indexed views in schema "${stack.viewsSchema}")`,
    // What a browser opens is printed at the public URL, the origin of every checkout_url and console link.
    `  API          ${stack.publicUrl}/v1 (reference: ${stack.publicUrl}/docs)`,
    `  checkout     ${stack.shopUrl}/buy (a fresh demo order on the hosted checkout; embedded: ${stack.shopUrl}/widget)`,
    `  merchant     ${stack.merchant.id} (demo), secret key ${stack.merchant.apiKey}`,
    `  admin key    ${stack.adminApiKey} (for /v1/admin/*)`,
    `  dashboard    ${stack.publicUrl}/console, sign in as ${stack.consoleUsers.merchant.email} / ${stack.consoleUsers.merchant.password}`,
    `  admin        ${stack.publicUrl}/admin, sign in as ${stack.consoleUsers.admin.email} / ${stack.consoleUsers.admin.password}`,
    `  worker       jobs in schema "${DEFAULT_WORKER_SCHEMA}", periodic ones in jobs/crontab; health ${stack.workerUrl}/readyz`,
    `  metrics      ${[stack.apiUrl, stack.workerUrl, ...stack.networks.map((network) => network.indexerUrl)].map((url) => `${url}/metrics`).join(', ')} (ops/prometheus/prometheus.yml scrapes them)`,
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
