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
 * ISO 4217's minor units where they are not 2, for the codes Intl knows (fund codes such as CLF are not
 * among them, so they are refused). Intl's own digits are CLDR's display conventions, which
 * differ from the standard (IDR, LBP: 0 in CLDR, 2 in ISO; IQD: 0 and 3), so they must not be used.
 */
const MINOR_UNITS: Readonly<Record<string, number>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
};

/** The currency codes this runtime's ICU data knows: what counts as a real ISO 4217 code. */
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/** How many minor units a major unit of `currency` has (2 for USD, 0 for JPY, 3 for KWD); throws for an unknown code. */
export function currencyExponent(currency: string): number {
  if (!CURRENCIES.has(currency)) throw new RangeError(`${currency} is not an ISO 4217 currency code`);
  return MINOR_UNITS[currency] ?? 2;
}

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
