// npm run demo — one payment through the running dev stack (`npm run dev`), step by step with timings:
// the operator signs an intent, the demo buyer pays it, the indexer shows it escrowed (read through
// GraphQL), anvil's clock skips the hold period, a keeper releases it, and the indexer shows it released.
import { formatEther, parseEther } from 'viem';
import { pmtEscrowAbi } from '../abis/index.js';
import { confirmed, localChain, walletClientFor } from '../lib/chain.js';
import { devAccounts } from '../lib/devAccounts.js';
import { NATIVE_TOKEN, newPaymentId, signPaymentIntent, type Payment, type PaymentIntent } from '../lib/intent.js';
import { readDevStack } from './dev/stackFile.js';

const HOLD_SECONDS = 3_600n;
const FEE_BPS = 100;
const STATUS_TIMEOUT_MS = 30_000;

interface IndexedPayment {
  status: string;
  amount: string;
  escrowedAmount: string;
  merchantAmount: string;
  feeAmount: string;
  releaseAfter: string;
  escrowedBlock: string;
}

const started = performance.now();
let stepStarted = started;
function step(message: string) {
  const now = performance.now();
  console.log(`${`+${((now - started) / 1000).toFixed(2)} s`.padStart(9)}  ${message}  (${Math.round(now - stepStarted)} ms)`);
  stepStarted = now;
}

async function indexedPayment(graphqlUrl: string, id: string): Promise<IndexedPayment | null> {
  const res = await fetch(graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: `query ($id: String!) { payment(id: $id) { status amount escrowedAmount merchantAmount feeAmount releaseAfter escrowedBlock } }`,
      variables: { id },
    }),
  });
  const body = (await res.json()) as { data?: { payment: IndexedPayment | null }; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(`GraphQL error: ${body.errors.map((e) => e.message).join('; ')}`);
  return body.data?.payment ?? null;
}

async function waitForStatus(graphqlUrl: string, id: string, status: string): Promise<IndexedPayment> {
  const deadline = Date.now() + STATUS_TIMEOUT_MS;
  for (;;) {
    const payment = await indexedPayment(graphqlUrl, id);
    if (payment?.status === status) return payment;
    if (Date.now() > deadline) {
      throw new Error(`payment ${id} is ${payment?.status ?? 'not indexed'} after ${STATUS_TIMEOUT_MS} ms, expected ${status}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

try {
  const stack = readDevStack();
  const chain = localChain(stack.chainId, stack.rpcUrl);
  const buyer = walletClientFor(chain, devAccounts.buyer);
  const keeper = walletClientFor(chain, devAccounts.keeper);
  const escrow = { address: stack.escrowAddress, abi: pmtEscrowAbi } as const;

  const now = (await buyer.getBlock()).timestamp;
  const deadline = now + 900n;
  const intent: PaymentIntent = {
    id: newPaymentId(deadline),
    merchant: devAccounts.merchant.address,
    token: NATIVE_TOKEN,
    amount: parseEther('0.25'),
    feeBps: FEE_BPS,
    deadline,
    holdPeriod: HOLD_SECONDS,
  };
  const signature = await signPaymentIntent(devAccounts.operator, { chainId: stack.chainId, escrow: stack.escrowAddress }, intent);
  step(`operator signed intent ${intent.id} for ${formatEther(intent.amount)} ETH to ${intent.merchant}`);

  const paid = await confirmed(buyer, buyer.writeContract({ ...escrow, functionName: 'pay', args: [intent, signature], value: intent.amount }));
  step(`buyer ${devAccounts.buyer.address} paid in block ${paid.blockNumber} (tx ${paid.transactionHash}, ${paid.gasUsed} gas)`);

  const escrowed = await waitForStatus(stack.graphqlUrl, intent.id, 'escrowed');
  step(`indexer shows it escrowed: ${formatEther(BigInt(escrowed.escrowedAmount))} ETH held until ${new Date(Number(escrowed.releaseAfter) * 1000).toISOString()}`);

  await buyer.request({ method: 'evm_increaseTime' as never, params: [Number(HOLD_SECONDS)] as never });
  await buyer.request({ method: 'evm_mine' as never });
  step(`anvil's clock moved ${HOLD_SECONDS} s ahead, past the hold period`);

  const record: Payment = {
    id: intent.id,
    buyer: devAccounts.buyer.address,
    merchant: intent.merchant,
    token: intent.token,
    amount: intent.amount,
    feeBps: intent.feeBps,
    releaseAfter: BigInt(escrowed.releaseAfter),
    disputed: false,
  };
  const released = await confirmed(keeper, keeper.writeContract({ ...escrow, functionName: 'releaseBatch', args: [[record]] }));
  step(`keeper released it in block ${released.blockNumber} (tx ${released.transactionHash})`);

  const settled = await waitForStatus(stack.graphqlUrl, intent.id, 'released');
  step(
    `indexer shows it released: merchant credited ${formatEther(BigInt(settled.merchantAmount))} ETH, platform fee ${formatEther(BigInt(settled.feeAmount))} ETH`,
  );
  console.log('\nThe demo payment went through the whole stack.');
} catch (err) {
  console.error(`npm run demo failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
