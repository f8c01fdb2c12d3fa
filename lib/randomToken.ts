// Unguessable identifiers and secrets in base62, the alphabet of Stripe-style ids and keys.
import { randomBytes } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `length` base62 characters from the OS's CSPRNG, without modulo bias (each carries log2(62) ≈ 5.95 bits). */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // 248 = 4 × 62: bytes above it would favour the first characters, so they are drawn again.
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

/** A prefixed id such as `mch_3kTq…` (Stripe's convention: the prefix says what the id names). */
export function newId(prefix: string): string {
  return `${prefix}_${randomBase62(24)}`;
}
