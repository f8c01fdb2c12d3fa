import { describe, expect, it } from 'vitest';
import { isOutage, scrubText } from './errorReporting.js';

describe('scrubText', () => {
  it('takes out keys, secrets and passwords, and leaves what helps to find the fault', () => {
    const text = [
      'key sk_live_AbC123xyz and sk_test_9z',
      'secret whsec_a+b/c= and pi_abc_secret_XyZ987',
      'admin admin_ABCDEFGHIJKLMNOPQRST',
      'url postgres://pmt:hunter2@db.internal:5432/pmt',
      `key 0x${'ab'.repeat(32)}`,
      'address 0x5FbDB2315678afecb367f032d93F642f64180aa3 at block 12',
    ].join('\n');
    expect(scrubText(text)).toBe(
      [
        'key sk_live_[redacted] and sk_test_[redacted]',
        'secret whsec_[redacted] and pi_abc_secret_[redacted]',
        'admin admin_[redacted]',
        'url postgres://pmt:[redacted]@db.internal:5432/pmt',
        'key 0x[redacted 32 bytes]',
        'address 0x5FbDB2315678afecb367f032d93F642f64180aa3 at block 12',
      ].join('\n'),
    );
  });
});

describe('isOutage', () => {
  it('is a database or node that cannot be reached, not a bug', () => {
    expect(isOutage(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(
      true,
    );
    expect(
      isOutage(
        new Error('wrapped', { cause: Object.assign(new Error('HTTP request failed.'), { name: 'HttpRequestError' }) }),
      ),
    ).toBe(true);
    expect(isOutage(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
  });
});
