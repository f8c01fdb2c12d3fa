// What the buyer's wallet sends: the intent's payment (native value; or for a token, a permit signature
// and one transaction where the token supports it, else an approval then the payment), and afterwards,
// from the receipt, a release or a dispute. Every transaction is estimated first, so a call that would
// fail on chain (the escrow's refusal, or the token's) is never signed, and the buyer hears why.
import { encodeFunctionData, erc20Abi, numberToHex } from 'viem';
import { pmtEscrowAbi, read } from './contracts.js';
import { permitSupport, signPermit } from './permit.js';
import { ask, type Provider, waitForReceipt } from './provider.js';
import type { Hex, PublicIntent } from './types.js';

/** The steps of one payment, as the page lists them. */
export type PayMethod = 'native' | 'permit' | 'approve' | 'allowance';
export type PayStep = 'approve' | 'permit' | 'pay';

export interface PayProgress {
  method: PayMethod;
  step: PayStep;
  /** The step's transaction, once the wallet has sent it. */
  hash?: Hex;
}

export type PayFailure =
  | { kind: 'insufficient_funds'; have: bigint; need: bigint }
  | { kind: 'failed_onchain'; hash: Hex }
  /** Sent, but not mined after a long wait: dropped or replaced in the wallet, most likely. */
  | { kind: 'not_mined'; hash: Hex };

export class PayError extends Error {
  constructor(readonly failure: PayFailure) {
    super(failure.kind);
  }
}

interface Call {
  to: Hex;
  data: Hex;
  value: bigint;
}

/** Estimates, sends and waits for one call from `from`; `onSent` hears its hash. */
async function send(
  provider: Provider,
  from: Hex,
  call: Call,
  onSent: (hash: Hex) => void,
  signal: AbortSignal,
): Promise<Hex> {
  const transaction = { from, to: call.to, data: call.data, value: numberToHex(call.value) };
  // A call that would revert fails here, before the wallet asks the buyer anything (problems.ts names it).
  await ask(provider, 'eth_estimateGas', [transaction]);
  const hash = await ask<Hex>(provider, 'eth_sendTransaction', [transaction]);
  onSent(hash);
  const succeeded = await waitForReceipt(provider, hash, signal);
  if (succeeded === undefined) throw new PayError({ kind: 'not_mined', hash });
  if (!succeeded) throw new PayError({ kind: 'failed_onchain', hash });
  return hash;
}

async function balanceOf(provider: Provider, intent: PublicIntent, owner: Hex): Promise<bigint> {
  if (intent.asset.type === 'native') return BigInt(await ask<Hex>(provider, 'eth_getBalance', [owner, 'latest']));
  return (await read(provider, {
    address: intent.asset.address,
    abi: erc20Abi,
    functionName: 'balanceOf',
    args: [owner],
  })) as bigint;
}

function signedIntent(intent: PublicIntent) {
  const signed = intent.signed_intent;
  return {
    ...signed,
    amount: BigInt(signed.amount),
    deadline: BigInt(signed.deadline),
    holdPeriod: BigInt(signed.holdPeriod),
  };
}

/** Pays `intent` from `buyer`; resolves with the paying transaction's hash once it is mined. */
export async function payIntent(
  provider: Provider,
  buyer: Hex,
  intent: PublicIntent,
  onProgress: (progress: PayProgress) => void,
  signal: AbortSignal,
): Promise<Hex> {
  const amount = BigInt(intent.amount_crypto);
  const have = await balanceOf(provider, intent, buyer);
  if (have < amount) throw new PayError({ kind: 'insufficient_funds', have, need: amount });
  const payCall = { ...intent.transaction, value: BigInt(intent.transaction.value) };
  const run = (method: PayMethod, step: PayStep, call: Call) => {
    onProgress({ method, step });
    return send(provider, buyer, call, (hash) => onProgress({ method, step, hash }), signal);
  };
  if (intent.asset.type === 'native') return run('native', 'pay', payCall);

  const token = intent.asset.address;
  const escrow = intent.escrow_address;
  const allowance = (await read(provider, {
    address: token,
    abi: erc20Abi,
    functionName: 'allowance',
    args: [buyer, escrow],
  })) as bigint;
  if (allowance >= amount) return run('allowance', 'pay', payCall);

  const permit = await permitSupport(provider, token, buyer, intent.chain_id);
  if (permit) {
    onProgress({ method: 'permit', step: 'permit' });
    const deadline = BigInt(intent.signed_intent.deadline);
    const { v, r, s } = await signPermit(provider, permit, { owner: buyer, spender: escrow, value: amount, deadline });
    const data = encodeFunctionData({
      abi: pmtEscrowAbi,
      functionName: 'payWithPermit',
      args: [signedIntent(intent), intent.signed_intent.signature, deadline, v, r, s],
    });
    return run('permit', 'pay', { to: escrow, data, value: 0n });
  }
  const approve = encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [escrow, amount] });
  await run('approve', 'approve', { to: token, data: approve, value: 0n });
  return run('approve', 'pay', payCall);
}

export type BuyerAction = 'release' | 'openDispute';

/** Sends the buyer's `release` (the merchant is paid now) or `openDispute` for the paid intent. */
export function buyerAction(
  provider: Provider,
  buyer: Hex,
  intent: PublicIntent,
  action: BuyerAction,
  onSent: (hash: Hex) => void,
  signal: AbortSignal,
): Promise<Hex> {
  const { payment, signed_intent: signed } = intent;
  if (!payment) throw new Error('the intent has no payment yet');
  const record = {
    id: signed.id,
    buyer: payment.buyer,
    merchant: signed.merchant,
    token: signed.token,
    amount: BigInt(signed.amount),
    feeBps: signed.feeBps,
    releaseAfter: BigInt(payment.release_after),
  };
  const data = encodeFunctionData({ abi: pmtEscrowAbi, functionName: action, args: [record] });
  return send(provider, buyer, { to: intent.escrow_address, data, value: 0n }, onSent, signal);
}
