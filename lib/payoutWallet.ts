// Setting a merchant's payout address: the address is claimed for the merchant (one merchant per address,
// as the escrow keeps balances per address) and becomes the `merchant` of the intents signed after it.
import { eq, sql } from 'drizzle-orm';
import type { Address } from 'viem';
import type { Db, DbTransaction } from './db/client.js';
import { merchant, merchantWallet } from './db/schema.js';

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
