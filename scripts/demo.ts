// npm run demo — one payment through the running dev stack (`npm run dev`), the way a merchant and a buyer
// meet it, step by step with timings: the demo merchant creates an intent through the API, the demo buyer
// sends the transaction the API returned, the API shows the payment succeeded once its block is final
// (read off the indexer), the buyer releases it early, and the API shows it released with the merchant's
// balance credited.
import type { Address, Hex } from 'viem';
import { pmtEscrowAbi } from '../abis/index.js';
import { escrowPaymentOf, pmtClient } from '../api/client.js';
import { devAccounts } from '../devkit/devAccounts.js';
import { readDevStack } from '../devkit/stackFile.js';
import { confirmed, localChain, walletClientFor } from '../lib/chain.js';
import { randomBase62 } from '../lib/randomToken.js';

const STATUS_TIMEOUT_MS = 30_000;

const started = performance.now();
let stepStarted = started;
function step(message: string) {
  const now = performance.now();
  console.log(
    `${`+${((now - started) / 1000).toFixed(2)} s`.padStart(9)}  ${message}  (${Math.round(now - stepStarted)} ms)`,
  );
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

try {
  const stack = readDevStack();
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

  const chain = localChain(stack.chainId, stack.rpcUrl);
  const buyer = walletClientFor(chain, devAccounts.buyer);

  const created = await pmt.v1.payment_intents.$post({
    json: { amount: 2_500, currency: 'USD', description: 'npm run demo', metadata: { demo: 'true' } },
    header: { 'idempotency-key': `demo-${randomBase62(12)}` },
  });
  const intent = await ok('POST /v1/payment_intents', created);
  step(
    `merchant created ${intent.id} through the API: 25.00 USD = ${intent.amount_crypto_formatted} ${intent.asset.symbol} at ${intent.quote?.rate} USD, signed for ${intent.payout_address}; status ${intent.status}`,
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

  const release = await confirmed(
    buyer,
    buyer.writeContract({
      address: stack.escrowAddress,
      abi: pmtEscrowAbi,
      functionName: 'release',
      args: [escrowPaymentOf(succeeded)],
    }),
  );
  step(`buyer released it early in block ${release.blockNumber} (tx ${release.transactionHash})`);

  const released = await waitForIntent(intent.id, 'released', (current) => current.payment?.released != null);
  const balance = await ok('GET /v1/balance', await pmt.v1.balance.$get());
  const native = balance.assets.find((asset) => asset.asset === 'native');
  step(
    `API shows it released (in block ${shown(released.payment?.released, 'a released intent without its release').block_number}); merchant balance available: ${native?.available ?? '0'} wei`,
  );
  console.log('\nThe demo payment went through the whole stack.');
} catch (err) {
  console.error(`npm run demo failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
