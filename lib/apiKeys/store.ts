// Issuing a merchant's secret keys: the one place a key's row is written with its hash.

import type { Db, DbTransaction } from '../db/client.js';
import { apiKey, type KeyPermissions } from '../db/schema/index.js';
import { newId } from '../randomToken.js';
import type { KeyMode } from './keys.js';
import { generateApiKey } from './keys.js';

export interface IssuedKey {
  row: typeof apiKey.$inferSelect;
  /** The secret: show it once. */
  key: string;
}

export async function issueApiKey(
  db: Db | DbTransaction,
  merchantId: string,
  mode: KeyMode,
  options: { name?: string | null; permissions?: KeyPermissions | null } = {},
): Promise<IssuedKey> {
  const key = generateApiKey(mode);
  const [row] = await db
    .insert(apiKey)
    .values({
      id: newId('key'),
      merchantId,
      mode,
      name: options.name ?? null,
      prefix: key.prefix,
      secretHash: key.hash,
      permissions: options.permissions ?? null,
    })
    .returning();
  return { row: row!, key: key.key };
}
