// Fiat → crypto conversion in integers only. A rate is a decimal string (fiat per whole token) turned
// into digits and a scale; amounts are bigint base units; every division rounds up, in the merchant's
// favour, so a quote never asks the buyer for less than the fiat price.

/** A non-negative decimal `digits / 10^scale`, exact. */
export interface Decimal {
  digits: bigint;
  scale: number;
}

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** Parses `"3012.5"` exactly; throws on signs, exponents and anything that is not a plain decimal. */
export function parseDecimal(text: string): Decimal {
  const match = DECIMAL.exec(text);
  if (!match) throw new RangeError(`"${text}" is not a plain decimal number (digits with an optional fraction)`);
  const fraction = match[2] ?? '';
  return { digits: BigInt(match[1] + fraction), scale: fraction.length };
}

/** `a / b` rounded up, for non-negative `a` and positive `b`. */
export function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

/**
 * How many minor units a major unit of `currency` has (2 for USD, 0 for JPY, 3 for KWD), from the ISO 4217
 * data built into Intl; throws for a malformed code.
 */
export function currencyExponent(currency: string): number {
  let exponent = exponents.get(currency);
  if (exponent === undefined) {
    exponent = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    exponents.set(currency, exponent);
  }
  return exponent;
}

/** Building an Intl.NumberFormat costs more than a quote's arithmetic: remember each currency's answer. */
const exponents = new Map<string, number>();

export interface FiatPrice {
  /** In the currency's minor units. */
  amount: bigint;
  currency: string;
}

/**
 * The token amount, in base units, worth at least `price` at `rate` (fiat per whole token):
 * ceil(amount · 10^decimals · 10^rate.scale / (10^exponent · rate.digits)).
 */
export function cryptoAmountFor(price: FiatPrice, rate: Decimal, tokenDecimals: number): bigint {
  if (rate.digits <= 0n) throw new RangeError('a rate must be positive');
  if (price.amount <= 0n) throw new RangeError('a price must be positive');
  const numerator = price.amount * 10n ** BigInt(tokenDecimals + rate.scale);
  const denominator = 10n ** BigInt(currencyExponent(price.currency)) * rate.digits;
  return ceilDiv(numerator, denominator);
}
