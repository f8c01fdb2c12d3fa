// Amounts and times on console pages: amounts with the checkout's own formatting (no float ever holds
// money), times in UTC.
import { html } from 'hono/html';
import { currencyExponent } from '../../lib/money.js';
import { formatFiat, formatToken } from '../../web/checkout/format.js';

const LOCALE = 'en-US';

export const tokenAmount = (baseUnits: string | bigint, decimals: number, symbol: string) =>
  formatToken(baseUnits, decimals, symbol, LOCALE);

export const fiatAmount = (minor: number | null, currency: string | null) =>
  minor === null || currency === null ? '' : formatFiat(minor, currency, currencyExponent(currency), LOCALE);

/**
 * The pages are drawn on the server with no script, so they cannot know the viewer's time zone: times are
 * UTC, to the second, and say so ("Dec 7, 2026, 10:50:45 UTC"), as the analytics' buckets are.
 */
const utcTime = new Intl.DateTimeFormat(LOCALE, {
  dateStyle: 'medium',
  timeStyle: 'long',
  timeZone: 'UTC',
  hourCycle: 'h23',
});

export const when = (unixSeconds: number) => utcTime.format(unixSeconds * 1000);

/** "3 min", "5 h", "2 d": how long ago, for tables. */
export function age(unixSeconds: number, now = Date.now()): string {
  const seconds = Math.max(0, Math.floor(now / 1000) - unixSeconds);
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h`;
  return `${Math.floor(seconds / 86_400)} d`;
}

export const statusBadge = (status: string) =>
  html`<span class="status ${status}">${status.replaceAll('_', ' ')}</span>`;

/** A transaction hash linked to the chain's explorer, when it has one. */
export const txLink = (fact: { tx_hash: string; explorer_url: string | null }) =>
  fact.explorer_url
    ? html`<a href="${fact.explorer_url}" rel="noreferrer noopener"><code>${fact.tx_hash}</code></a>`
    : html`<code>${fact.tx_hash}</code>`;

/** "42 s", "3 min 5 s", "2 h 10 min": a duration to read at a glance. */
export function duration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
}
