// Merchant API keys: `sk_test_…` on test networks and `sk_live_…` on real ones, 32 random base62
// characters after the prefix (about 190 bits). Only a SHA-256 of the key is stored: a key is random and
// long, so a fast hash is enough (no salt or slow KDF is needed, unlike for passwords), and lookups are
// one indexed equality.
import { createHash } from 'node:crypto';
import { randomBase62 } from '../randomToken.js';

export type KeyMode = 'test' | 'live';

const SECRET_LENGTH = 32;
/** How much of a key is stored in clear to tell keys apart in listings: `sk_test_` + 4 characters. */
const VISIBLE_CHARS = 4;
const KEY_PATTERN = /^sk_(test|live)_([0-9A-Za-z]{32})$/;

export interface NewApiKey {
  /** The secret, shown to the merchant once and never stored. */
  key: string;
  /** What listings show, e.g. `sk_test_Ab3d`. */
  prefix: string;
  hash: string;
  mode: KeyMode;
}

export function generateApiKey(mode: KeyMode): NewApiKey {
  const key = `sk_${mode}_${randomBase62(SECRET_LENGTH)}`;
  return { key, prefix: key.slice(0, `sk_${mode}_`.length + VISIBLE_CHARS), hash: hashApiKey(key), mode };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** The mode of a well-formed key, or undefined for anything that cannot be one of ours. */
export function apiKeyMode(key: string): KeyMode | undefined {
  return KEY_PATTERN.exec(key)?.[1] as KeyMode | undefined;
}
