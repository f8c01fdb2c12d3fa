// Creating a merchant together with its first secret API key, the one moment that key exists in clear.
// Shared by the operator command (`npm run merchant`), the admin API and the dev stack's demo seed.
import { z } from 'zod';
import { generateApiKey, type KeyMode } from './apiKeys.js';
import type { Db } from './db/client.js';
import { apiKey, merchant } from './db/schema.js';
import { newId } from './randomToken.js';

export const newMerchantSchema = z.strictObject({
  name: z.string().trim().min(1, 'a name is required').max(200, 'at most 200 characters'),
  email: z.email('a valid email address').max(254, 'at most 254 characters'),
});

export type NewMerchant = z.infer<typeof newMerchantSchema>;

export interface CreatedMerchant {
  id: string;
  /** The secret key: show it once, it cannot be recovered. */
  apiKey: string;
}

export async function createMerchant(db: Db, input: NewMerchant, keyMode: KeyMode): Promise<CreatedMerchant> {
  const { name, email } = newMerchantSchema.parse(input);
  const id = newId('mch');
  const key = generateApiKey(keyMode);
  await db.transaction(async (tx) => {
    await tx.insert(merchant).values({ id, name, email });
    await tx.insert(apiKey).values({ id: newId('key'), merchantId: id, mode: key.mode, prefix: key.prefix, secretHash: key.hash });
  });
  return { id, apiKey: key.key };
}
