// The offline default: rates from configuration, e.g. `{"ETH":{"USD":"3000","EUR":"2750.50"}}`.
import { parseDecimal } from '../money.js';
import { type PriceSource, UnsupportedPairError } from './priceSource.js';

export type RateTable = Record<string, Record<string, string>>;

export function fixedRates(table: RateTable): PriceSource {
  for (const [asset, rates] of Object.entries(table)) {
    for (const [currency, rate] of Object.entries(rates)) {
      if (parseDecimal(rate).digits === 0n) throw new RangeError(`the fixed rate for ${asset} in ${currency} is zero`);
    }
  }
  return {
    async rate(asset, currency) {
      const rate = table[asset]?.[currency];
      if (rate === undefined) throw new UnsupportedPairError(asset, currency);
      return { rate, source: 'fixed' };
    },
  };
}
