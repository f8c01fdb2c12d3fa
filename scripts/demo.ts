// npm run demo — one payment through the running dev stack (`npm run dev`), the way a merchant and a buyer
// meet it, step by step with timings: the demo merchant creates an intent through the API, the demo buyer
// sends the transaction the API returned, the API shows the payment processing (read off the indexer),
// the buyer releases it early, and the API shows it succeeded with the merchant's balance credited.
import { pmtEscrowAbi } from '../abis/index.js';
import { escrowPaymentOf } from '../api/paymentIntents/resource.js';
import { confirmed, localChain, walletClientFor } from '../lib/chain.js';
import { devAccounts } from '../lib/devAccounts.js';
import { readDevStack } from '../lib/devStack.js';
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

try {
  const stack = readDevStack();
  const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${stack.apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${stack.merchant.apiKey}`, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await response.json()) as any;
    if (!response.ok)
      throw new Error(`${method} ${path} answered ${response.status}: ${json.error?.message ?? JSON.stringify(json)}`);
    return json;
  };
  const waitForStatus = async (id: string, status: string) => {
    const deadline = Date.now() + STATUS_TIMEOUT_MS;
    for (;;) {
      const intent = await api('GET', `/v1/payment_intents/${id}`);
      if (intent.status === status) return intent;
      if (Date.now() > deadline)
        throw new Error(`intent ${id} is ${intent.status} after ${STATUS_TIMEOUT_MS} ms, expected ${status}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  const chain = localChain(stack.chainId, stack.rpcUrl);
  const buyer = walletClientFor(chain, devAccounts.buyer);

  const intent = await api(
    'POST',
    '/v1/payment_intents',
    { amount: 2_500, currency: 'USD', description: 'npm run demo', metadata: { demo: 'true' } },
    { 'idempotency-key': `demo-${randomBase62(12)}` },
  );
  step(
    `merchant created ${intent.id} through the API: 25.00 USD = ${intent.amount_crypto_formatted} ${intent.asset.symbol} at ${intent.quote.rate} USD, signed for ${intent.payout_address}; status ${intent.status}`,
  );

  const paid = await confirmed(
    buyer,
    buyer.sendTransaction({
      to: intent.transaction.to,
      data: intent.transaction.data,
      value: BigInt(intent.transaction.value),
    }),
  );
  step(
    `buyer ${devAccounts.buyer.address} sent the API's transaction: block ${paid.blockNumber}, tx ${paid.transactionHash}, ${paid.gasUsed} gas`,
  );

  const processing = await waitForStatus(intent.id, 'processing');
  step(
    `API shows it processing: in escrow since block ${processing.payment.escrowed.block_number}, ${processing.payment.confirmations} confirmation(s), releasable after ${new Date(processing.payment.release_after * 1000).toISOString()}`,
  );

  const released = await confirmed(
    buyer,
    buyer.writeContract({
      address: stack.escrowAddress,
      abi: pmtEscrowAbi,
      functionName: 'release',
      args: [escrowPaymentOf(processing)],
    }),
  );
  step(`buyer released it early in block ${released.blockNumber} (tx ${released.transactionHash})`);

  const succeeded = await waitForStatus(intent.id, 'succeeded');
  const balance = await api('GET', '/v1/balance');
  const native = balance.assets.find((asset: any) => asset.asset === 'native');
  step(
    `API shows it succeeded (settled in block ${succeeded.payment.settled.block_number}); merchant balance available: ${native?.available ?? '0'} wei`,
  );
  console.log('\nThe demo payment went through the whole stack.');
} catch (err) {
  console.error(`npm run demo failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
