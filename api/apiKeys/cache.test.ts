import { expect, it } from 'vitest';
import { ApiKeyCache, type VerifiedKey } from './cache.js';

const key = (id: string): VerifiedKey => ({
  id,
  merchantId: 'mch_1',
  mode: 'test',
  permissions: null,
  merchantSuspendedAt: null,
  revokedAt: null,
  expiresAt: null,
});

it('keeps a verified key for its ttl, forgets it on demand, and caches nothing with a ttl of 0', () => {
  let now = 0;
  const cache = new ApiKeyCache(1_000, () => now);
  cache.set('h1', key('key_1'));
  cache.set('h2', key('key_2'));
  now = 999;
  expect(cache.get('h1')?.id).toBe('key_1');
  cache.forget('key_1');
  expect(cache.get('h1')).toBeUndefined();
  expect(cache.get('h2')?.id).toBe('key_2');
  now = 1_000;
  expect(cache.get('h2')).toBeUndefined();

  const off = new ApiKeyCache(0, () => now);
  off.set('h1', key('key_1'));
  expect(off.get('h1')).toBeUndefined();
});
