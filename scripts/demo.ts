// npm run demo — one payment through the running dev stack (`npm run dev`), step by step with timings:
// the operator signs an intent, the demo buyer pays it, the indexer shows it escrowed (read through
// GraphQL), anvil's clock skips the hold period, a keeper releases it, and the indexer shows it released.
import { formatEther, parseEther } from 'viem';
import { pmtEscrowAbi } from '../abis/index.js';
import { confirmed, localChain, walletClientFor } from '../lib/chain.js';
import { devAccounts } from '../lib/devAccounts.js';
import { payDevIntent } from '../lib/devPayments.js';
import { NATIVE_TOKEN } from '../lib/intent.js';
import { readDevStack } from '../lib/devStack.js';

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

  const { payment: record, receipt: paid } = await payDevIntent(buyer, stack.escrowAddress, {
    token: NATIVE_TOKEN,
    amount: parseEther('0.25'),
    feeBps: FEE_BPS,
    holdPeriod: HOLD_SECONDS,
    validFor: 900n,
  });
  step(
    `dev operator signed intent ${record.id} for ${formatEther(record.amount)} ETH to merchant ${record.merchant}; ` +
      `buyer ${record.buyer} paid it in block ${paid.blockNumber} (tx ${paid.transactionHash}, ${paid.gasUsed} gas)`,
  );

  const escrowed = await waitForStatus(stack.graphqlUrl, record.id, 'escrowed');
  step(`indexer shows it escrowed: ${formatEther(BigInt(escrowed.escrowedAmount))} ETH held until ${new Date(Number(escrowed.releaseAfter) * 1000).toISOString()}`);

  await buyer.request({ method: 'evm_increaseTime' as never, params: [Number(HOLD_SECONDS)] as never });
  await buyer.request({ method: 'evm_mine' as never });
  step(`anvil's clock moved ${HOLD_SECONDS} s ahead, past the hold period`);

  const released = await confirmed(keeper, keeper.writeContract({ ...escrow, functionName: 'releaseBatch', args: [[record]] }));
  step(`keeper released it in block ${released.blockNumber} (tx ${released.transactionHash})`);

  const settled = await waitForStatus(stack.graphqlUrl, record.id, 'released');
  step(
    `indexer shows it released: merchant credited ${formatEther(BigInt(settled.merchantAmount))} ETH, platform fee ${formatEther(BigInt(settled.feeAmount))} ETH`,
  );
  console.log('\nThe demo payment went through the whole stack.');
} catch (err) {
  console.error(`npm run demo failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
