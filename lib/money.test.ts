import { parseEther, parseUnits } from 'viem';
import { describe, expect, it } from 'vitest';
import { ceilDiv, cryptoAmountFor, currencyExponent, parseDecimal } from './money.js';

describe('money', () => {
  it('parses plain decimals exactly and refuses everything else', () => {
    expect(parseDecimal('3012.50')).toEqual({ digits: 301250n, scale: 2 });
    expect(parseDecimal('7')).toEqual({ digits: 7n, scale: 0 });
    for (const bad of ['', '-1', '1e3', '1.', '.5', ' 1', '1,5', 'NaN'])
      expect(() => parseDecimal(bad)).toThrow(/plain decimal/);
  });

  it('rounds up', () => {
    expect(ceilDiv(10n, 5n)).toBe(2n);
    expect(ceilDiv(11n, 5n)).toBe(3n);
    expect(ceilDiv(0n, 5n)).toBe(0n);
  });

  it('knows minor units from ISO 4217', () => {
    expect(currencyExponent('USD')).toBe(2);
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('KWD')).toBe(3);
    // ISO 4217, not CLDR's display digits (which say 0 for all three)
    expect(currencyExponent('IDR')).toBe(2);
    expect(currencyExponent('LBP')).toBe(2);
    expect(currencyExponent('IQD')).toBe(3);
    expect(() => currencyExponent('US')).toThrow(/ISO 4217/);
    expect(() => currencyExponent('XYZ')).toThrow(/ISO 4217/);
  });

  it('converts fiat to base units exactly when the rate divides evenly', () => {
    // 100.00 USD at 2,000 USD/ETH is 0.05 ETH
    expect(cryptoAmountFor({ amount: 10_000n, currency: 'USD' }, parseDecimal('2000'), 18)).toBe(parseEther('0.05'));
    // 1,500 JPY at 150 JPY/USDC (6 decimals) is 10 USDC
    expect(cryptoAmountFor({ amount: 1_500n, currency: 'JPY' }, parseDecimal('150.000'), 6)).toBe(parseUnits('10', 6));
  });

  it('rounds a remainder up by one base unit, in the merchant’s favour', () => {
    // 1.00 USD at 3 USD/token (6 decimals) is 0.333333… → 0.333334
    const amount = cryptoAmountFor({ amount: 100n, currency: 'USD' }, parseDecimal('3'), 6);
    expect(amount).toBe(333_334n);
    expect(amount * 3n).toBeGreaterThanOrEqual(1_000_000n);
    expect((amount - 1n) * 3n).toBeLessThan(1_000_000n);
  });

  it('keeps precision for large amounts and rates with many digits', () => {
    const amount = cryptoAmountFor(
      { amount: 99_999_999_99n, currency: 'USD' },
      parseDecimal('0.000000012345678901'),
      18,
    );
    // 99,999,999.99 USD / 1.2345678901e-8 USD per token, to the wei, rounded up
    expect(amount).toBe(8100000072243900651567739976489447n); // the division leaves a remainder: rounded up
  });

  it('refuses zero rates and prices', () => {
    expect(() => cryptoAmountFor({ amount: 100n, currency: 'USD' }, parseDecimal('0'), 18)).toThrow(/rate/);
    expect(() => cryptoAmountFor({ amount: 0n, currency: 'USD' }, parseDecimal('1'), 18)).toThrow(/price/);
  });
});
