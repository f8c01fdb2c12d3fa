// Amounts, times and addresses for the buyer's locale. Money never passes through a float: token amounts
// are laid out from their decimal string with the locale's separators, and fiat minor units are shifted
// by the currency's ISO 4217 exponent (the one the API priced with) before Intl adds the symbol.
import { formatUnits } from 'viem';

/** 10000 minor units of USD (exponent 2) → "$100.00". */
export function formatFiat(minor: number, currency: string, exponent: number, locale: string): string {
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  });
  // Intl formats decimal strings exactly (ES2023; the lib typing still says number). Fiat amounts are
  // small enough (at most 2^53 minor units, 3 decimals) that an older engine's float is exact too.
  return format.format(formatUnits(BigInt(minor), exponent) as unknown as number);
}

/** Base units of a token → "1,234.5 tUSD" in the buyer's locale, every decimal kept. */
export function formatToken(baseUnits: string | bigint, decimals: number, symbol: string, locale: string): string {
  const [whole, fraction] = formatUnits(BigInt(baseUnits), decimals).split('.') as [string, string | undefined];
  const parts = new Intl.NumberFormat(locale).formatToParts(1000.5);
  const group = parts.find((part) => part.type === 'group')?.value ?? ',';
  const point = parts.find((part) => part.type === 'decimal')?.value ?? '.';
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  return `${fraction ? `${grouped}${point}${fraction}` : grouped} ${symbol}`;
}

/** Seconds left → "14:05" or "1:02:03". */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const two = (n: number) => String(n).padStart(2, '0');
  const hours = Math.floor(s / 3600);
  const rest = `${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
  return hours > 0 ? `${hours}:${rest}` : rest;
}

export function formatTime(unixSeconds: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(unixSeconds * 1000);
}

export function shortAddress(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}
