import { describe, expect, it } from 'vitest';
import { newId, randomBase62 } from '../randomToken.js';
import { apiKeyMode, generateApiKey, hashApiKey } from './keys.js';

describe('API keys', () => {
  it('look like Stripe secret keys, by mode', () => {
    const test = generateApiKey('test');
    expect(test.key).toMatch(/^sk_test_[0-9A-Za-z]{32}$/);
    expect(test.prefix).toBe(test.key.slice(0, 12));
    expect(generateApiKey('live').key).toMatch(/^sk_live_[0-9A-Za-z]{32}$/);
  });

  it('are stored as a SHA-256 that the key alone reproduces', () => {
    const { key, hash } = generateApiKey('test');
    expect(hashApiKey(key)).toBe(hash);
    // Stored hashes must keep matching their keys across releases: a known answer pins the function.
    expect(hashApiKey(`sk_test_${'a'.repeat(32)}`)).toBe(
      '654a7bcb23f05395e037d51904cacfc353aa386e3ef60a9a44c74c928115abae',
    );
    // One character apart, nothing alike: about half of the 256 bits differ.
    const other = hashApiKey(`${key.slice(0, -1)}${key.endsWith('a') ? 'b' : 'a'}`);
    const differingBits = [...Buffer.from(hash, 'hex')].reduce(
      (bits, byte, i) => bits + popcount(byte ^ Buffer.from(other, 'hex')[i]!),
      0,
    );
    expect(differingBits).toBeGreaterThan(80);
  });

  it('never repeat', () => {
    const keys = new Set(Array.from({ length: 1_000 }, () => generateApiKey('test').key));
    expect(keys.size).toBe(1_000);
  });

  it('tell their mode, and nothing malformed passes for one', () => {
    expect(apiKeyMode(generateApiKey('live').key)).toBe('live');
    for (const bad of [
      '',
      'sk_test_',
      `sk_prod_${'a'.repeat(32)}`,
      `sk_test_${'a'.repeat(31)}`,
      `sk_test_${'a'.repeat(31)}-`,
      ` sk_test_${'a'.repeat(32)}`,
    ]) {
      expect(apiKeyMode(bad), bad).toBeUndefined();
    }
  });
});

function popcount(byte: number): number {
  let bits = 0;
  for (let rest = byte; rest; rest >>= 1) bits += rest & 1;
  return bits;
}

describe('random tokens', () => {
  it('use every base62 character about equally often', () => {
    const counts = new Map<string, number>();
    for (const char of randomBase62(62_000)) counts.set(char, (counts.get(char) ?? 0) + 1);
    expect(counts.size).toBe(62);
    // 1,000 expected per character; 6 standard deviations (about ±190) is far outside chance.
    for (const [char, count] of counts) expect(Math.abs(count - 1_000), char).toBeLessThan(190);
  });

  it('make prefixed ids', () => {
    expect(newId('mch')).toMatch(/^mch_[0-9A-Za-z]{24}$/);
  });
});
