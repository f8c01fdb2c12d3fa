// A merchant's wallets: every payout address it has used. Setting one claims it for the merchant (one
// merchant per address, as the escrow keeps balances per address); it becomes the `merchant` of the
// intents signed after it (on every network, or on the one network it is set for), and its balance and
// payouts stay the merchant's when the address changes.
import { eq, sql } from 'drizzle-orm';
import type { Address } from 'viem';
import type { AnyDb, Db, DbTransaction } from '../db/client.js';
import { merchant, merchantWallet } from '../db/schema/index.js';

type Merchant = typeof merchant.$inferSelect;

/** Where the intents of `owner` on chain `chainId` are paid: that network's own address, or the default. */
export function payoutAddressOn(owner: Merchant, chainId: number): string | null {
  return owner.networkPayoutAddresses[String(chainId)] ?? owner.payoutAddress;
}

/**
 * Sets the merchant's payout address, or with `chainId` that network's own (`null` there: the network
 * goes back to the default). The updated merchant, or `undefined` when another merchant already uses
 * `address`.
 */
export async function setPayoutAddress(
  db: Db | DbTransaction,
  merchantId: string,
  address: Address | null,
  chainId?: number,
): Promise<Merchant | undefined> {
  return db.transaction(async (tx) => {
    if (address === null) {
      const [row] = await tx
        .update(merchant)
        .set({ networkPayoutAddresses: sql`${merchant.networkPayoutAddresses} - ${String(chainId)}::text` })
        .where(eq(merchant.id, merchantId))
        .returning();
      return row!;
    }
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
      .set(
        chainId === undefined
          ? { payoutAddress: address }
          : {
              networkPayoutAddresses: sql`${merchant.networkPayoutAddresses} || jsonb_build_object(${String(chainId)}::text, ${address}::text)`,
            },
      )
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
