import { describe, expect, it } from 'vitest';
import { deadlineOf, newPaymentId } from './intent.js';

describe('payment ids', () => {
  it('carry their deadline in the low 64 bits and are otherwise random', () => {
    const a = newPaymentId(1_790_000_000n);
    const b = newPaymentId(1_790_000_000n);
    expect(a).toMatch(/^0x[0-9a-f]{64}$/);
    expect(a.endsWith((1_790_000_000).toString(16).padStart(16, '0'))).toBe(true);
    expect(deadlineOf(a)).toBe(1_790_000_000n);
    expect(a).not.toBe(b);
  });

  it('reject deadlines that do not fit in uint64', () => {
    expect(() => newPaymentId(1n << 64n)).toThrow(RangeError);
    expect(() => newPaymentId(-1n)).toThrow(RangeError);
    expect(deadlineOf(newPaymentId((1n << 64n) - 1n))).toBe((1n << 64n) - 1n);
  });
});
