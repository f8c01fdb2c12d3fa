// npm run demo [-- --network <name>] — one payment through the running dev stack (`npm run dev`), on its
// default network or the one named, the way a merchant and a buyer meet it, step by step with timings: the demo merchant registers a webhook endpoint (a receiver on this
// machine) and creates an intent through the API, the demo buyer sends the transaction the API returned,
// the API shows the payment succeeded once its block is final (read off the indexer), the worker releases
// it when the demo merchant's short hold period is over, and the receiver prints the signed webhooks it
// got, each verified with the endpoint's secret.

import { parseArgs } from 'node:util';
import type { Address, Hex } from 'viem';
import { pmtClient } from '../api/client.js';
import { devAccounts } from '../devkit/devAccounts.js';
import { devNetwork, readDevStack } from '../devkit/stackFile.js';
import { startWebhookReceiver } from '../devkit/webhookReceiver.js';
import { confirmed, localChain, walletClientFor } from '../lib/chain.js';
import { DEFAULT_WORKER_SCHEMA, enqueueJobByUrl } from '../lib/jobQueue.js';
import { randomBase62 } from '../lib/randomToken.js';

const STATUS_TIMEOUT_MS = 30_000;

const started = performance.now();
let stepStarted = started;
const elapsed = (at: number) => `+${((at - started) / 1000).toFixed(2)} s`.padStart(9);
function step(message: string) {
  const now = performance.now();
  console.log(`${elapsed(now)}  ${message}  (${Math.round(now - stepStarted)} ms)`);
  stepStarted = now;
}

/** The body of a 200, or an error that says what the API answered instead. */
async function ok<Response extends { status: number; text(): Promise<string>; json(): Promise<unknown> }>(
  what: string,
  response: Response,
): Promise<Response extends { status: 200; json(): Promise<infer Body> } ? Body : never> {
  const text = await response.text();
  if (response.status === 200) return JSON.parse(text);
  let message = text.slice(0, 500);
  try {
    message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? message;
  } catch {
    // not JSON (a proxy's error page, say): the text itself says what happened
  }
  throw new Error(`${what} answered ${response.status}: ${message}`);
}

/** `value`, or an error naming what the API showed instead of it. */
function shown<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`the API showed ${what}`);
  return value;
}

let cleanUp = async () => {};
try {
  const { values } = parseArgs({ options: { network: { type: 'string' } } });
  const stack = readDevStack();
  const network = devNetwork(stack, values.network);
  const pmt = pmtClient(stack.apiUrl, stack.merchant.apiKey);
  const readIntent = async (id: string) =>
    ok(`GET /v1/payment_intents/${id}`, await pmt.v1.payment_intents[':id'].$get({ param: { id } }));
  type Intent = Awaited<ReturnType<typeof readIntent>>;
  const waitForIntent = async (id: string, expected: string, done: (intent: Intent) => boolean) => {
    const deadline = Date.now() + STATUS_TIMEOUT_MS;
    for (;;) {
      const intent = await readIntent(id);
      if (done(intent)) return intent;
      if (Date.now() > deadline)
        throw new Error(`intent ${id} is ${intent.status} after ${STATUS_TIMEOUT_MS} ms, expected ${expected}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  const receiver = await startWebhookReceiver();
  const endpoint = await ok(
    'POST /v1/webhook_endpoints',
    await pmt.v1.webhook_endpoints.$post({ json: { url: receiver.url }, header: {} }),
  );
  receiver.secret = endpoint.secret;
  // Each webhook as it arrives, at the time it arrived, between the steps it came during.
  receiver.onReceived = (webhook) =>
    console.log(
      `${elapsed(webhook.at)}  webhook ${webhook.event.type} (${webhook.id}) received, signature ${webhook.verified ? 'verified' : 'INVALID'}: status ${webhook.event.data.object.status}`,
    );
  cleanUp = async () => {
    await pmt.v1.webhook_endpoints[':id'].$delete({ param: { id: endpoint.id } });
    await receiver.close();
  };
  step(`merchant registered webhook endpoint ${endpoint.id} at ${receiver.url}`);

  const chain = localChain(network.chainId, network.rpcUrl);
  const buyer = walletClientFor(chain, devAccounts.buyer);

  const created = await pmt.v1.payment_intents.$post({
    json: {
      amount: 2_500,
      currency: 'USD',
      description: 'npm run demo',
      metadata: { demo: 'true' },
      network: network.network,
    },
    header: { 'idempotency-key': `demo-${randomBase62(12)}` },
  });
  const intent = await ok('POST /v1/payment_intents', created);
  step(
    `merchant created ${intent.id} on ${intent.network} through the API: 25.00 USD = ${intent.amount_crypto_formatted} ${intent.asset.symbol} at ${intent.quote?.rate} USD, signed for ${intent.payout_address}; status ${intent.status}`,
  );

  const paid = await confirmed(
    buyer,
    buyer.sendTransaction({
      to: intent.transaction.to as Address,
      data: intent.transaction.data as Hex,
      value: BigInt(intent.transaction.value),
    }),
  );
  step(
    `buyer ${devAccounts.buyer.address} sent the API's transaction: block ${paid.blockNumber}, tx ${paid.transactionHash}, ${paid.gasUsed} gas`,
  );

  const succeeded = await waitForIntent(intent.id, 'succeeded', (current) => current.status === 'succeeded');
  const escrowed = shown(succeeded.payment, 'a succeeded intent without its payment');
  step(
    `API shows it succeeded: in escrow since block ${escrowed.escrowed.block_number}, final, ${escrowed.confirmations} confirmation(s), releasable after ${new Date(escrowed.release_after * 1000).toISOString()}`,
  );

  // The dev chain mines a block every few seconds, so the hold ends on its own; the worker is asked to
  // release now instead of at its next minute.
  const holdLeft = escrowed.release_after * 1000 - Date.now();
  if (holdLeft > 0) await new Promise((resolve) => setTimeout(resolve, holdLeft + 3_000));
  await enqueueJobByUrl(stack.databaseUrl, DEFAULT_WORKER_SCHEMA, 'payments__auto_release', {});
  const released = await waitForIntent(intent.id, 'released', (current) => current.payment?.released != null);
  const balance = await ok('GET /v1/balance', await pmt.v1.balance.$get());
  const native = balance.assets.find((asset) => asset.asset === 'native' && asset.network === network.network);
  step(
    `the worker auto-released it after the hold (block ${shown(released.payment?.released, 'a released intent without its release').block_number}); merchant balance available on ${network.network}: ${native?.available ?? '0'} wei`,
  );

  const expected = ['payment_intent.succeeded', 'payment_intent.released'];
  const deadline = Date.now() + STATUS_TIMEOUT_MS;
  const about = () => receiver.received.filter((webhook) => webhook.event.data.object.id === intent.id);
  while (about().length < expected.length && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const got = about().map((webhook) => webhook.event.type);
  if (!expected.every((type) => got.includes(type)) || !about().every((webhook) => webhook.verified)) {
    throw new Error(
      `the receiver got ${got.join(', ') || 'no webhooks'}, expected ${expected.join(' and ')}, verified`,
    );
  }
  console.log('\nThe demo payment went through the whole stack.');
  await cleanUp();
} catch (err) {
  console.error(`npm run demo failed: ${err instanceof Error ? err.message : String(err)}`);
  await cleanUp().catch(() => undefined);
  process.exit(1);
}
