// A merchant's wallets: every payout address it has used. Setting one claims it for the merchant (one
// merchant per address, as the escrow keeps balances per address); it becomes the `merchant` of the
// intents signed after it, and its balance and payouts stay the merchant's when the address changes.
import { eq, sql } from 'drizzle-orm';
import type { Address } from 'viem';
import type { AnyDb, Db, DbTransaction } from '../db/client.js';
import { merchant, merchantWallet } from '../db/schema/index.js';

/** The updated merchant, or `undefined` when another merchant already uses `address`. */
export async function setPayoutAddress(db: Db | DbTransaction, merchantId: string, address: Address) {
  return db.transaction(async (tx) => {
    const claimed = await tx
      .insert(merchantWallet)
      .values({ address, merchantId })
      .onConflictDoUpdate({
        target: merchantWallet.address,
        set: { setAt: sql`now()` },
        setWhere: eq(merchantWallet.merchantId, merchantId),
      })
      .returning();
    if (claimed.length === 0) return undefined;
    const [row] = await tx
      .update(merchant)
      .set({ payoutAddress: address })
      .where(eq(merchant.id, merchantId))
      .returning();
    return row!;
  });
}

/** Every address the merchant has been paid at, lower-cased as the indexer stores them, as a subquery. */
export function merchantWalletAddresses(db: AnyDb, merchantId: string) {
  return db
    .select({ address: sql`lower(${merchantWallet.address})` })
    .from(merchantWallet)
    .where(eq(merchantWallet.merchantId, merchantId));
}
