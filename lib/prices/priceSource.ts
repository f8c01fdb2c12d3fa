// Where quotes come from. A source answers "how much `currency` is one whole `asset`" as an exact decimal
// string; the API converts with lib/money.ts and signs the result into the intent, so a later rate
// change never alters a quote already given.
export interface Rate {
  /** Fiat per whole token, a plain decimal string such as `"3012.45"`. */
  rate: string;
  /** What produced it, shown on the intent: `fixed`, the feed's host, or the oracle's address. */
  source: string;
}

export interface PriceSource {
  rate(asset: string, currency: string): Promise<Rate>;
}

/** The source has no rate for this pair: the merchant asked for something this gateway does not price. */
export class UnsupportedPairError extends Error {
  constructor(
    readonly asset: string,
    readonly currency: string,
  ) {
    super(`no price for ${asset} in ${currency} is configured`);
  }
}

/** The source should have a rate but cannot give a trustworthy one now (feed down, stale oracle). */
export class PriceUnavailableError extends Error {}

/**
 * Caches each pair's rate for `ttlMs` and shares one lookup among concurrent callers, so a burst of
 * intents costs one feed request. Failures are not cached.
 */
export function cachedPriceSource(source: PriceSource, ttlMs: number, now: () => number = Date.now): PriceSource {
  const cache = new Map<string, { expires: number; rate: Promise<Rate> }>();
  return {
    rate(asset, currency) {
      const key = `${asset}/${currency}`;
      const hit = cache.get(key);
      if (hit && hit.expires > now()) return hit.rate;
      const rate = source.rate(asset, currency);
      cache.set(key, { expires: now() + ttlMs, rate });
      rate.catch(() => {
        if (cache.get(key)?.rate === rate) cache.delete(key);
      });
      return rate;
    },
  };
}
