// npm run bench:api — the merchant API under autocannon on loopback, against a real PostgreSQL, anvil and
// indexer: maximum throughput of creating and of reading a payment intent, and latency at 500 creates per
// second offered, each next to a bare Hono route in the same server (`/healthz`, the baseline).
// The API runs in a process of its own, as in production; progress goes to stderr, figures to stdout.
import { availableParallelism } from 'node:os';
import autocannon, { type Options, type Result } from 'autocannon';
import { startAnvil } from '../devkit/anvil.js';
import { startChild } from '../devkit/childProcess.js';
import { devAccounts, devPrivateKey } from '../devkit/devAccounts.js';
import { freePort } from '../devkit/freePort.js';
import { startIndexer } from '../devkit/indexer.js';
import { deployLocalStack } from '../devkit/localDeployment.js';
import { startPostgres } from '../devkit/postgres.js';
import { readIndexerEnv } from '../indexer/launch/env.js';
import { withDb } from '../lib/db/client.js';
import { migrateAppSchema } from '../lib/db/migrate.js';
import { createMerchant } from '../lib/merchants/create.js';
import { setPayoutAddress } from '../lib/merchants/wallets.js';
import { projectRoot } from '../lib/projectRoot.js';
import { randomBase62 } from '../lib/randomToken.js';
import { compared, type Figure, printFigures } from './figures.js';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const CONNECTIONS = 64;
const OFFERED_RPS = 500;
/** One server process per core, as a production host would run it (`BENCH_API_WORKERS` to compare). */
const API_WORKERS = Number(process.env.BENCH_API_WORKERS ?? availableParallelism());

const progress = (message: string) => process.stderr.write(`bench:api  ${message}\n`);

async function load(name: string, options: Options): Promise<Result> {
  progress(
    `${name}: ${options.overallRate ? `${options.overallRate} req/s offered` : 'as fast as it answers'} for ${DURATION_S} s…`,
  );
  const result = await autocannon({ connections: CONNECTIONS, duration: DURATION_S, ...options });
  const failed = result.errors + result.timeouts + result.non2xx;
  if (failed > 0)
    throw new Error(
      `${name}: ${failed} of ${result.requests.total} requests failed (${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts)`,
    );
  progress(
    `${name}: ${Math.round(result.requests.average)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`,
  );
  return result;
}

const postgres = await startPostgres({ persistent: false });
const anvil = await startAnvil();
const stops: (() => Promise<unknown>)[] = [() => anvil.stop(), () => postgres.stop()];
try {
  const deployment = await deployLocalStack(anvil.rpcUrl, anvil.chainId);
  const indexer = readIndexerEnv({
    DATABASE_URL: postgres.url,
    RPC_URL: anvil.rpcUrl,
    ESCROW_ADDRESS: deployment.escrowAddress,
    ESCROW_START_BLOCK: String(deployment.startBlock),
    INDEXER_PORT: String(await freePort()),
    INDEXER_VIEWS_SCHEMA: 'bench_views',
  });
  const ponder = await startIndexer(indexer);
  stops.unshift(() => ponder.stop());
  await ponder.waitUntilReady();
  await ponder.waitForBlock(BigInt(deployment.startBlock), 60_000);

  await migrateAppSchema(postgres.url);
  const merchant = await withDb(postgres.url, async (db) => {
    const created = await createMerchant(db, { name: 'Bench Shop', email: 'bench@example.com' }, 'test');
    await setPayoutAddress(db, created.id, devAccounts.merchant.address);
    return created;
  });

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const api = startChild({
    name: 'api',
    command: process.execPath,
    args: ['--import', 'tsx', 'scripts/api.ts'],
    cwd: projectRoot,
    onLine: (line) => process.stderr.write(`api  ${line}\n`),
    env: {
      ...process.env,
      DATABASE_URL: postgres.url,
      RPC_URL: anvil.rpcUrl,
      ESCROW_ADDRESS: deployment.escrowAddress,
      INDEXER_VIEWS_SCHEMA: 'bench_views',
      API_PORT: String(port),
      API_WORKERS: String(API_WORKERS),
      OPERATOR_PRIVATE_KEY: devPrivateKey(devAccounts.operator),
      RATE_LIMIT_PER_SECOND: '1000000',
      LOG_LEVEL: 'warn',
    },
  });
  stops.unshift(() => api.stop());
  await api.waitUntilReady(`${url}/healthz`, 60_000);

  const headers = { authorization: `Bearer ${merchant.apiKey}`, 'content-type': 'application/json' };
  const createBody = JSON.stringify({ amount: 10_000, currency: 'USD', metadata: { order_id: 'bench' } });
  const create: Options = { url: `${url}/v1/payment_intents`, method: 'POST', headers, body: createBody };
  // The same, each with an Idempotency-Key of its own (a transaction and two more writes per create).
  const createIdempotent: Options = {
    ...create,
    requests: [
      {
        setupRequest: (request) => ({
          ...request,
          headers: { ...headers, 'idempotency-key': `bench-${randomBase62(20)}` },
        }),
      },
    ],
  };

  const warm = await fetch(create.url, { method: 'POST', headers, body: createBody });
  const intent = (await warm.json()) as { id: string };
  if (!warm.ok) throw new Error(`creating an intent failed: ${JSON.stringify(intent)}`);

  const healthz = await load('healthz', { url: `${url}/healthz` });
  const created = await load('create intent', create);
  const idempotent = await load('create intent with Idempotency-Key', createIdempotent);
  const paced = await load('create intent at 500/s', { ...create, overallRate: OFFERED_RPS });
  const got = await load('get intent', { url: `${url}/v1/payment_intents/${intent.id}`, headers });

  const baseline = healthz.requests.average;
  const figures: Figure[] = [
    { figure: 'api.healthz.rps', value: Math.round(baseline), unit: 'req/s' },
    { figure: 'api.healthz.p50_ms', value: healthz.latency.p50, unit: 'ms' },
    { figure: 'api.healthz.p99_ms', value: healthz.latency.p99, unit: 'ms' },
    compared('api.create_intent.rps', Math.round(created.requests.average), 'req/s', Math.round(baseline)),
    { figure: 'api.create_intent.p50_ms', value: created.latency.p50, unit: 'ms' },
    { figure: 'api.create_intent.p99_ms', value: created.latency.p99, unit: 'ms' },
    compared(
      'api.create_intent_idempotent.rps',
      Math.round(idempotent.requests.average),
      'req/s',
      Math.round(baseline),
    ),
    { figure: 'api.create_intent_idempotent.p50_ms', value: idempotent.latency.p50, unit: 'ms' },
    { figure: 'api.create_intent_idempotent.p99_ms', value: idempotent.latency.p99, unit: 'ms' },
    { figure: 'api.create_intent.p50_ms_at_500rps', value: paced.latency.p50, unit: 'ms' },
    { figure: 'api.create_intent.p99_ms_at_500rps', value: paced.latency.p99, unit: 'ms' },
    compared('api.get_intent.rps', Math.round(got.requests.average), 'req/s', Math.round(baseline)),
    { figure: 'api.get_intent.p50_ms', value: got.latency.p50, unit: 'ms' },
    { figure: 'api.get_intent.p99_ms', value: got.latency.p99, unit: 'ms' },
  ];
  printFigures(figures);
} finally {
  for (const stop of stops) await stop().catch((err: unknown) => progress(`cleanup failed: ${String(err)}`));
}
