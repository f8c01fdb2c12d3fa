// Creating a merchant together with its first secret API key, the one moment that key exists in clear.
// Shared by the operator command (`npm run merchant`), the admin API and the dev stack's demo seed.

import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { KeyMode } from '../apiKeys/keys.js';
import { issueApiKey } from '../apiKeys/store.js';
import { inviteConsoleUser } from '../console/users.js';
import type { Db, DbTransaction } from '../db/client.js';
import { consoleUser, merchant } from '../db/schema/index.js';
import { newId } from '../randomToken.js';

export const newMerchantSchema = z.strictObject({
  name: z.string().trim().min(1, 'a name is required').max(200, 'at most 200 characters'),
  email: z.email('a valid email address').max(254, 'at most 254 characters'),
});

export type NewMerchant = z.infer<typeof newMerchantSchema>;

export interface CreatedMerchant {
  id: string;
  /** The secret key: show it once, it cannot be recovered. */
  apiKey: string;
  /**
   * The one-time token inviting the merchant's email to the dashboard (lib/console/links.ts makes the
   * link); none when that email already has a dashboard user.
   */
  inviteToken?: string;
}

/** What the operator sets for a merchant: the platform fee and the escrow hold, signed into its intents. */
export interface MerchantTerms {
  feeBps?: number;
  holdPeriodSeconds?: number;
  /** Verified at once: the operator knows the merchant already (unverified merchants take no live payments). */
  verified?: boolean;
}

export async function createMerchant(
  db: Db | DbTransaction,
  input: NewMerchant,
  keyMode: KeyMode,
  { verified, ...terms }: MerchantTerms = {},
): Promise<CreatedMerchant> {
  const { name, email } = newMerchantSchema.parse(input);
  const id = newId('mch');
  return db.transaction(async (tx) => {
    await tx.insert(merchant).values({ id, name, email, ...terms, verifiedAt: verified ? new Date() : null });
    const { key } = await issueApiKey(tx, id, keyMode);
    const [existing] = await tx
      .select({ id: consoleUser.id })
      .from(consoleUser)
      .where(and(eq(consoleUser.role, 'merchant'), eq(consoleUser.email, email.toLowerCase())));
    if (existing) return { id, apiKey: key };
    const invite = await inviteConsoleUser(tx, { role: 'merchant', email, merchantId: id });
    return { id, apiKey: key, inviteToken: invite.token };
  });
}
