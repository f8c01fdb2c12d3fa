// What stopped a wallet flow, as the problem the page shows with its way forward. The same refusal means
// different things at different steps: declining the connection, the network switch or the payment.
import { escrowErrorName } from './contracts.js';
import { PayError } from './payment.js';
import { WalletError } from './provider.js';
import type { Problem } from './state.js';

export type Phase = 'connect' | 'switch' | 'send';

export function problemOf(error: unknown, phase: Phase): Problem {
  if (error instanceof PayError) return error.failure;
  if (!(error instanceof WalletError)) return { kind: 'unreachable' };
  const failure = error.failure;
  switch (failure.kind) {
    case 'rejected':
      return phase === 'connect'
        ? { kind: 'connect_refused' }
        : phase === 'switch'
          ? { kind: 'wrong_network' }
          : { kind: 'rejected' };
    case 'unknown_chain':
      return { kind: 'wrong_network' };
    case 'reverted':
      return { kind: 'refused', error: escrowErrorName(failure.data) };
    case 'pending_request':
    case 'insufficient_gas':
    case 'unreachable':
      return { kind: failure.kind };
  }
}

/** Whether the page should tell its host that a payment failed: not when the intent was already paid. */
export function isPaymentFailure(problem: Problem): boolean {
  return (
    problem.kind === 'failed_onchain' ||
    problem.kind === 'not_mined' ||
    (problem.kind === 'refused' && problem.error !== 'PaymentIdUsed')
  );
}
