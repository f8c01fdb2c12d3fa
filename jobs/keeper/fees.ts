// What the keeper pays per gas: EIP-1559 fees on chains with a base fee, a legacy gas price elsewhere;
// raised by a fixed step for each replacement (nodes accept a replacement only when both fees rise by at
// least 10 %), never below what the chain asks now, and never above the operator's cap.
import type { PublicClient } from 'viem';

export type Fees =
  | { type: 'eip1559'; maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }
  | { type: 'legacy'; gasPrice: bigint };

/** Each replacement pays this much more per gas than the attempt it replaces. */
export const REPLACEMENT_BUMP_PERCENT = 25n;

/** Gas estimates are raised by this much: a batch's gas can move between estimate and inclusion. */
export const GAS_MARGIN_PERCENT = 20n;

const raise = (value: bigint, percent: bigint) => (value * (100n + percent) + 99n) / 100n;
const max = (a: bigint, b: bigint) => (a > b ? a : b);
const min = (a: bigint, b: bigint) => (a < b ? a : b);

export const withGasMargin = (estimate: bigint) => raise(estimate, GAS_MARGIN_PERCENT);

export async function currentFees(client: Pick<PublicClient, 'getBlock' | 'estimateFeesPerGas' | 'getGasPrice'>) {
  const block = await client.getBlock({ blockTag: 'latest' });
  if (block.baseFeePerGas === null) return { type: 'legacy', gasPrice: await client.getGasPrice() } as const;
  const { maxFeePerGas, maxPriorityFeePerGas } = await client.estimateFeesPerGas();
  return { type: 'eip1559', maxFeePerGas, maxPriorityFeePerGas } as const;
}

/** The fees of a replacement for an attempt that paid `previous`, when the chain asks `current` now. */
export function bumpedFees(previous: Fees, current: Fees): Fees {
  if (previous.type === 'legacy' || current.type === 'legacy') {
    const paid = previous.type === 'legacy' ? previous.gasPrice : previous.maxFeePerGas;
    const asked = current.type === 'legacy' ? current.gasPrice : current.maxFeePerGas;
    return { type: 'legacy', gasPrice: max(raise(paid, REPLACEMENT_BUMP_PERCENT), asked) };
  }
  const maxPriorityFeePerGas = max(
    raise(previous.maxPriorityFeePerGas, REPLACEMENT_BUMP_PERCENT),
    current.maxPriorityFeePerGas,
  );
  const maxFeePerGas = max(
    max(raise(previous.maxFeePerGas, REPLACEMENT_BUMP_PERCENT), current.maxFeePerGas),
    maxPriorityFeePerGas,
  );
  return { type: 'eip1559', maxFeePerGas, maxPriorityFeePerGas };
}

/** `fees` held to `cap` (wei per gas, unset for none). */
export function cappedFees(fees: Fees, cap: bigint | undefined): Fees {
  if (cap === undefined) return fees;
  if (fees.type === 'legacy') return { type: 'legacy', gasPrice: min(fees.gasPrice, cap) };
  return {
    type: 'eip1559',
    maxFeePerGas: min(fees.maxFeePerGas, cap),
    maxPriorityFeePerGas: min(fees.maxPriorityFeePerGas, cap),
  };
}

/** Whether `next` pays more on every fee than `previous`: a node refuses a replacement that does not. */
export function paysMore(next: Fees, previous: Fees): boolean {
  if (next.type === 'legacy' || previous.type === 'legacy') {
    const a = next.type === 'legacy' ? next.gasPrice : next.maxFeePerGas;
    const b = previous.type === 'legacy' ? previous.gasPrice : previous.maxFeePerGas;
    return a > b;
  }
  return next.maxFeePerGas > previous.maxFeePerGas && next.maxPriorityFeePerGas > previous.maxPriorityFeePerGas;
}
