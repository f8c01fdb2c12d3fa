// Secrets handed to a browser (session cookies, one-time links): random, and stored only as their sha256,
// so that what the database holds signs no one in.
import { createHash } from 'node:crypto';
import { randomBase62 } from '../randomToken.js';

/** 43 base62 characters: about 256 bits. */
export function newSecret(): string {
  return randomBase62(43);
}

export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
