// The message a merchant user's wallet signs to prove it controls the payout address it sets in the
// dashboard. It names the merchant and the address, and is tied to the signing session and a recent
// time, so a signature cannot be replayed from another session or long after.
import { createHash } from 'node:crypto';

/** How long a signed message may take to come back. */
export const WALLET_PROOF_MAX_AGE_MS = 15 * 60_000;

/** A short tag of the session (a hash of its CSRF token, never the token itself). */
export const sessionTag = (csrfToken: string) => createHash('sha256').update(csrfToken).digest('hex').slice(0, 16);

export function walletProofMessage(input: {
  merchantId: string;
  merchantName: string;
  /** The address, or `{address}` for the browser to fill in. */
  address: string;
  issuedAt: Date;
  csrfToken: string;
}): string {
  return [
    `PMT Gateway: pay ${input.merchantName} (${input.merchantId}) out to ${input.address}.`,
    '',
    'Signing proves you control this wallet. It sends no transaction and costs nothing.',
    `Session: ${sessionTag(input.csrfToken)}`,
    `Issued: ${input.issuedAt.toISOString()}`,
  ].join('\n');
}
