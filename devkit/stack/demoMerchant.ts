// The dev stack's demo merchant, created once and kept across restarts: its secret key is stored in the
// dev folder (the database holds only its hash), so the banner can show it every time.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { and, eq, isNull } from 'drizzle-orm';
import { hashApiKey } from '../../lib/apiKeys/keys.js';
import type { Db } from '../../lib/db/client.js';
import { apiKey, merchant } from '../../lib/db/schema/index.js';
import { type CreatedMerchant, createMerchant } from '../../lib/merchants/create.js';
import { setPayoutAddress } from '../../lib/merchants/wallets.js';
import { devAccounts } from '../devAccounts.js';

export const DEMO_MERCHANT = { name: 'Demo Merchant', email: 'demo@merchant.local' };

/** The demo merchant's hold period: short, so `npm run demo` shows the worker's auto-release at once. */
export const DEMO_HOLD_SECONDS = 10;

export async function devDemoMerchant(db: Db, file: string): Promise<{ merchant: CreatedMerchant; created: boolean }> {
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as CreatedMerchant;
    const [key] = await db
      .select({ merchantId: apiKey.merchantId })
      .from(apiKey)
      .where(and(eq(apiKey.secretHash, hashApiKey(saved.apiKey)), isNull(apiKey.revokedAt)));
    if (key?.merchantId === saved.id) return { merchant: await readyForDemo(db, saved), created: false };
  }
  // The invitation is not kept: the dev stack sets the demo user's password itself (consoleUsers.ts).
  const { inviteToken: _invite, ...created } = await createMerchant(db, DEMO_MERCHANT, 'test', {
    holdPeriodSeconds: DEMO_HOLD_SECONDS,
  });
  writeFileSync(file, `${JSON.stringify(created, null, 2)}\n`, { mode: 0o600 });
  return { merchant: await readyForDemo(db, created), created: true };
}

/**
 * Pays the demo merchant to the dev merchant account unless a wallet was set, so `npm run demo` can take
 * payments at once, and keeps its hold period short.
 */
async function readyForDemo(db: Db, demo: CreatedMerchant): Promise<CreatedMerchant> {
  await db.update(merchant).set({ holdPeriodSeconds: DEMO_HOLD_SECONDS }).where(eq(merchant.id, demo.id));
  const [row] = await db
    .select({ payoutAddress: merchant.payoutAddress })
    .from(merchant)
    .where(eq(merchant.id, demo.id));
  if (!row?.payoutAddress) await setPayoutAddress(db, demo.id, devAccounts.merchant.address);
  return demo;
}
