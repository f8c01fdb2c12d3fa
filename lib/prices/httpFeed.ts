// A price feed over HTTP: GET a URL built from a template (`{asset}` and `{currency}` are replaced) and
// read the rate at a dotted path of the JSON answer (`data.rates.{currency}`, array indexes allowed).
import { parseDecimal } from '../money.js';
import { type PriceSource, PriceUnavailableError, UnsupportedPairError } from './priceSource.js';

export interface HttpFeedOptions {
  urlTemplate: string;
  jsonPath: string;
  timeoutMs?: number;
  headers?: Record<string, string>;
}

export function httpFeed({ urlTemplate, jsonPath, timeoutMs = 3_000, headers }: HttpFeedOptions): PriceSource {
  const fill = (template: string, asset: string, currency: string) =>
    template.replaceAll('{asset}', encodeURIComponent(asset)).replaceAll('{currency}', encodeURIComponent(currency));
  return {
    async rate(asset, currency) {
      const url = fill(urlTemplate, asset, currency);
      const source = new URL(url).host;
      let response: Response;
      try {
        response = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
      } catch (err) {
        throw new PriceUnavailableError(`price feed ${source} did not answer: ${(err as Error).message}`);
      }
      if (response.status === 404) throw new UnsupportedPairError(asset, currency);
      if (!response.ok) throw new PriceUnavailableError(`price feed ${source} answered HTTP ${response.status}`);
      const value = valueAt(await response.json().catch(() => undefined), fill(jsonPath, asset, currency));
      return { rate: decimalText(value, source), source };
    },
  };
}

function valueAt(document: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined),
      document,
    );
}

/**
 * The rate as an exact decimal string. Feeds send strings or JSON numbers; a JSON number becomes its
 * shortest round-trip text, which is the feed's own text for any price of up to 15 significant digits.
 */
function decimalText(value: unknown, source: string): string {
  const text = typeof value === 'number' && Number.isFinite(value) ? value.toString() : value;
  if (typeof text !== 'string')
    throw new PriceUnavailableError(`price feed ${source} sent no rate at the configured path`);
  try {
    if (parseDecimal(text).digits === 0n) throw new RangeError('zero');
  } catch {
    throw new PriceUnavailableError(`price feed ${source} sent "${text}", which is not a positive plain decimal`);
  }
  return text;
}
