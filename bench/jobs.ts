// npm run bench:jobs — the worker against a real PostgreSQL, anvil, indexer and API, each in a process of
// its own as in production (the API in this one):
//   jobs.webhook.p50_ms / p99_ms   from the block that escrows a payment being served by the node (anvil's
//                                  preset makes it final once indexed) to the receiver holding the
//                                  verified `payment_intent.succeeded` webhook
//   jobs.webhook.deliveries_per_s  events delivered per second by one worker to a receiver answering at
//                                  once, against the same receiver hit by a plain loop of POSTs
//   jobs.release.payments_per_s    payments released per second by auto-release, from 1,000 being due to
//                                  the indexer showing them all released
// Progress goes to stderr, figures to stdout.
import { and, count, eq } from 'drizzle-orm';
import { parseEther } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { readApiConfig } from '../api/config.js';
import { startApiServer } from '../api/server.js';
import { startAnvil } from '../devkit/anvil.js';
import { startChild } from '../devkit/childProcess.js';
import { devAccounts, devPrivateKey } from '../devkit/devAccounts.js';
import { sendPayment, signDevIntent } from '../devkit/devPayments.js';
import { freePort } from '../devkit/freePort.js';
import { startIndexer } from '../devkit/indexer.js';
import { deployLocalStack } from '../devkit/localDeployment.js';
import { startPostgres } from '../devkit/postgres.js';
import { startWebhookReceiver } from '../devkit/webhookReceiver.js';
import { readIndexerEnv } from '../indexer/launch/env.js';
import { WORKER_RUNNING } from '../jobs/worker.js';
import { confirmed, localChain, walletClientFor } from '../lib/chain.js';
import { chainViews } from '../lib/chainViews.js';
import { connectDb } from '../lib/db/client.js';
import { emitEvent } from '../lib/events.js';
import { NATIVE_TOKEN } from '../lib/intent.js';
import { DEFAULT_WORKER_SCHEMA, enqueueJobByUrl } from '../lib/jobQueue.js';
import { createMerchant } from '../lib/merchants/create.js';
import { setPayoutAddress } from '../lib/merchants/wallets.js';
import { projectRoot } from '../lib/projectRoot.js';
import { compared, type Figure, printFigures } from './figures.js';

const LATENCY_SAMPLES = Number(process.env.BENCH_WEBHOOK_SAMPLES ?? 40);
const DELIVERIES = Number(process.env.BENCH_DELIVERIES ?? 500);
const RELEASES = Number(process.env.BENCH_RELEASES ?? 1_000);
const HOLD_SECONDS = 60;
/** Long enough that none of the released payments falls due on its own while they are being paid. */
const RELEASE_HOLD_SECONDS = 86_400;
const VIEWS = 'bench_views';

const progress = (message: string) => process.stderr.write(`bench:jobs  ${message}\n`);

async function until(what: string, done: () => boolean | Promise<boolean>, timeoutMs = 300_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;

const postgres = await startPostgres({ persistent: false });
const anvil = await startAnvil();
const stops: (() => Promise<unknown>)[] = [() => anvil.stop(), () => postgres.stop()];
try {
  const deployment = await deployLocalStack(anvil.rpcUrl, anvil.chainId);
  const ponder = await startIndexer(
    readIndexerEnv({
      DATABASE_URL: postgres.url,
      RPC_URL: anvil.rpcUrl,
      ESCROW_ADDRESS: deployment.escrowAddress,
      ESCROW_START_BLOCK: String(deployment.startBlock),
      INDEXER_PORT: String(await freePort()),
      INDEXER_VIEWS_SCHEMA: VIEWS,
    }),
  );
  stops.unshift(() => ponder.stop());
  await ponder.waitUntilReady();
  await ponder.waitForBlock(BigInt(deployment.startBlock), 60_000);

  const settings = {
    DATABASE_URL: postgres.url,
    RPC_URL: anvil.rpcUrl,
    ESCROW_ADDRESS: deployment.escrowAddress,
    INDEXER_VIEWS_SCHEMA: VIEWS,
  };
  const api = await startApiServer(
    readApiConfig({
      ...settings,
      API_PORT: '0',
      OPERATOR_PRIVATE_KEY: devPrivateKey(devAccounts.operator),
      RATE_LIMIT_PER_SECOND: '1000000',
      LOG_LEVEL: 'warn',
    }),
  );
  stops.unshift(() => api.close());
  const { db, close } = connectDb(postgres.url);
  stops.unshift(close);
  const merchant = await createMerchant(db, { name: 'Bench Shop', email: 'bench@example.com' }, 'test', {
    holdPeriodSeconds: HOLD_SECONDS,
  });
  const payoutAddress = privateKeyToAccount(generatePrivateKey()).address;
  await setPayoutAddress(db, merchant.id, payoutAddress);
  const headers = { authorization: `Bearer ${merchant.apiKey}`, 'content-type': 'application/json' };
  const receiver = await startWebhookReceiver();
  stops.unshift(() => receiver.close());
  const endpoint = (await (
    await fetch(`${api.url}/v1/webhook_endpoints`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ url: receiver.url }),
    })
  ).json()) as { id: string; secret: string };
  receiver.secret = endpoint.secret;

  const worker = startChild({
    name: 'worker',
    onLine: (line) => process.stderr.write(`worker  ${line}\n`),
    command: process.execPath,
    args: ['--import', 'tsx', 'scripts/worker.ts'],
    cwd: projectRoot,
    env: {
      ...process.env,
      ...settings,
      KEEPER_PRIVATE_KEY: devPrivateKey(devAccounts.keeper),
      WORKER_PORT: '0',
      WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
    },
  });
  stops.unshift(() => worker.stop());
  await worker.waitForOutput(WORKER_RUNNING, 60_000);

  // Webhook latency, one payment at a time.
  const buyer = walletClientFor(localChain(anvil.chainId, anvil.rpcUrl), devAccounts.buyer);
  progress(`webhook latency: ${LATENCY_SAMPLES} payments, one at a time…`);
  const latencies: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const response = await fetch(`${api.url}/v1/payment_intents`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ amount_crypto: parseEther('0.001').toString() }),
    });
    const intent = (await response.json()) as {
      id: string;
      transaction: { to: `0x${string}`; data: `0x${string}`; value: string };
    };
    await confirmed(
      buyer,
      buyer.sendTransaction({
        to: intent.transaction.to,
        data: intent.transaction.data,
        value: BigInt(intent.transaction.value),
      }),
    );
    const served = performance.now();
    await until(`the webhook of ${intent.id}`, () =>
      receiver.received.some((webhook) => webhook.verified && webhook.event.data.object.id === intent.id),
    );
    latencies.push(receiver.received.find((webhook) => webhook.event.data.object.id === intent.id)!.at - served);
  }
  latencies.sort((a, b) => a - b);
  progress(
    `webhook latency: p50 ${Math.round(percentile(latencies, 0.5))} ms, p99 ${Math.round(percentile(latencies, 0.99))} ms`,
  );

  // Delivery throughput: events recorded at once, delivered by the worker.
  const before = receiver.received.length;
  const body = JSON.stringify(receiver.received[0]!.event);
  progress(`deliveries: ${DELIVERIES} events at once…`);
  const started = performance.now();
  await db.transaction(async (tx) => {
    for (let i = 0; i < DELIVERIES; i++) {
      await emitEvent(tx, DEFAULT_WORKER_SCHEMA, {
        merchantId: merchant.id,
        type: 'payment_intent.succeeded',
        livemode: false,
        source: `bench:${i}`,
        object: receiver.received[0]!.event.data.object,
      });
    }
  });
  await until('every delivery', () => receiver.received.length >= before + DELIVERIES);
  const deliveriesPerSecond = DELIVERIES / ((performance.now() - started) / 1000);
  progress(`deliveries: ${Math.round(deliveriesPerSecond)}/s; now a plain loop of POSTs to the same receiver…`);
  receiver.secret = undefined;
  const loopStarted = performance.now();
  for (let i = 0; i < DELIVERIES; i++) {
    await fetch(receiver.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  }
  const loopPerSecond = DELIVERIES / ((performance.now() - loopStarted) / 1000);
  progress(`plain loop: ${Math.round(loopPerSecond)}/s`);

  // Release throughput, for payments of a merchant address of their own.
  progress(`release: paying ${RELEASES} intents…`);
  const releaseMerchant = privateKeyToAccount(generatePrivateKey()).address;
  for (let i = 0; i < RELEASES; i++) {
    const signed = await signDevIntent(buyer, deployment.escrowAddress, {
      merchant: releaseMerchant,
      token: NATIVE_TOKEN,
      amount: 10_000n,
      feeBps: 100,
      holdPeriod: BigInt(RELEASE_HOLD_SECONDS),
    });
    const hash = await sendPayment(buyer, deployment.escrowAddress, signed);
    if (i === RELEASES - 1) await confirmed(buyer, hash);
  }
  await ponder.waitForBlock(await buyer.getBlockNumber(), 120_000);
  const { payment } = chainViews(VIEWS);
  const released = async () =>
    (
      await db
        .select({ n: count() })
        .from(payment)
        .where(and(eq(payment.merchant, releaseMerchant.toLowerCase()), eq(payment.status, 'released')))
    )[0]!.n;
  // Due from this block on; the worker's own schedule may start before the job asked for here.
  await buyer.request({ method: 'evm_increaseTime' as never, params: [RELEASE_HOLD_SECONDS + 1] as never });
  await buyer.request({ method: 'evm_mine' as never });
  const releaseStarted = performance.now();
  progress('release: all due; asking the worker to release them…');
  await enqueueJobByUrl(postgres.url, DEFAULT_WORKER_SCHEMA, 'payments__auto_release', {});
  await until('every release indexed', async () => (await released()) === RELEASES);
  const releasesPerSecond = RELEASES / ((performance.now() - releaseStarted) / 1000);
  progress(`release: ${Math.round(releasesPerSecond)} payments/s`);

  const figures: Figure[] = [
    { figure: 'jobs.webhook.p50_ms', value: Math.round(percentile(latencies, 0.5)), unit: 'ms' },
    { figure: 'jobs.webhook.p99_ms', value: Math.round(percentile(latencies, 0.99)), unit: 'ms' },
    compared(
      'jobs.webhook.deliveries_per_s',
      Math.round(deliveriesPerSecond),
      'deliveries/s',
      Math.round(loopPerSecond),
    ),
    { figure: 'jobs.release.payments_per_s', value: Math.round(releasesPerSecond), unit: 'payments/s' },
  ];
  printFigures(figures);
} finally {
  for (const stop of stops) await stop().catch((err: unknown) => progress(`cleanup failed: ${String(err)}`));
}
