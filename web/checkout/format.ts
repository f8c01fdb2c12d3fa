// Amounts, times and addresses for the buyer's locale. Money never passes through a float: fiat minor
// units and token base units become decimal strings first, which Intl formats exactly.
import { formatUnits } from 'viem';

/** 10000 minor units of USD → "$100.00" (the currency's own number of decimals). */
export function formatFiat(minor: number, currency: string, locale: string): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  const decimal = formatUnits(BigInt(minor), digits);
  // Intl formats decimal strings exactly (ES2023); the lib typing still says number.
  return format.format(decimal as unknown as number);
}

/** Base units of a token → "1,234.5 tUSD" in the buyer's locale, every decimal kept. */
export function formatToken(baseUnits: string | bigint, decimals: number, symbol: string, locale: string): string {
  const decimal = formatUnits(BigInt(baseUnits), decimals);
  const fraction = decimal.split('.')[1]?.length ?? 0;
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: Math.min(fraction, 20) });
  return `${number.format(decimal as unknown as number)} ${symbol}`;
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
