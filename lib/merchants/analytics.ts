// A merchant's activity over time, per asset, in equal buckets: intents created, intents paid, the volume
// paid into escrow, the fees taken, and the median time from an intent's creation to its payment. Payments
// count when the chain escrowed them and fees when it settled them (the indexer's block times), intents
// when the API created them, not those to a closed intent, which go back; all of it is the merchant's own intents, joined to the indexed payments.
import { and, count, eq, gte, lt, not, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { ChainViews } from '../chainViews.js';
import type { Db, DbTransaction } from '../db/client.js';
import { paymentIntent } from '../db/schema/index.js';
import { closedIntent } from '../paymentIntents/closed.js';
import { paymentOfIntent } from '../paymentIntents/indexed.js';

export const analyticsIntervals = { hour: 3_600, day: 86_400, week: 604_800 } as const;
export type AnalyticsInterval = keyof typeof analyticsIntervals;

export interface AnalyticsWindow {
  interval: AnalyticsInterval;
  /** Unix seconds, the first bucket's start: a multiple of the interval (weeks start on Thursdays, as the epoch did). */
  from: number;
  buckets: number;
}

/** One asset's figures, one entry per bucket. */
export interface AssetSeries {
  /** Lower-case token address; the zero address is the native currency. */
  token: string;
  symbol: string;
  decimals: number;
  created: number[];
  paid: number[];
  /** Base units paid into escrow. */
  volume: bigint[];
  /** Base units of platform fee taken when payments settled. */
  fees: bigint[];
  /** Seconds from creation to payment, the median of the bucket's payments; null without any. */
  medianSecondsToPay: (number | null)[];
}

/** The window of `buckets` whole intervals that ends with the one holding `now`. */
export function windowEndingAt(now: number, interval: AnalyticsInterval, buckets: number): AnalyticsWindow {
  const step = analyticsIntervals[interval];
  return { interval, from: (Math.floor(now / step) - buckets + 1) * step, buckets };
}

export async function merchantAnalytics(
  db: Db | DbTransaction,
  { payment }: ChainViews,
  merchantId: string,
  window: AnalyticsWindow,
): Promise<AssetSeries[]> {
  const step = analyticsIntervals[window.interval];
  const to = window.from + window.buckets * step;
  // Whole seconds, as the API shows an intent's `created`.
  const createdSeconds = sql`floor(extract(epoch from ${paymentIntent.createdAt}))`;
  const bucketOf = (seconds: SQL | PgColumn) => sql<number>`floor((${seconds} - ${window.from}) / ${step})::int`;
  const within = (seconds: SQL | PgColumn) => and(sql`${seconds} >= ${window.from}`, sql`${seconds} < ${to}`);
  // A block's time is whole seconds and may trail the API's clock: a payment in the intent's own second is 0 s.
  const secondsToPay = sql`greatest(0, ${payment.escrowedAt} - ${createdSeconds})`;
  const own = eq(paymentIntent.merchantId, merchantId);
  const byAssetAndBucket = [sql`1`, sql`2`];

  const [assets, created, paid, fees] = await Promise.all([
    db
      .selectDistinct({
        token: paymentIntent.token,
        symbol: paymentIntent.tokenSymbol,
        decimals: paymentIntent.tokenDecimals,
      })
      .from(paymentIntent)
      .where(own),
    db
      .select({ token: paymentIntent.token, bucket: bucketOf(createdSeconds), n: count() })
      .from(paymentIntent)
      .where(
        and(
          own,
          gte(paymentIntent.createdAt, new Date(window.from * 1000)),
          lt(paymentIntent.createdAt, new Date(to * 1000)),
        ),
      )
      .groupBy(...byAssetAndBucket),
    db
      .select({
        token: paymentIntent.token,
        bucket: bucketOf(payment.escrowedAt),
        n: count(),
        volume: sql<string>`sum(${payment.amount})::text`,
        median: sql<string | null>`round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ${secondsToPay})::numeric)::text`,
      })
      .from(paymentIntent)
      .innerJoin(payment, paymentOfIntent({ payment }))
      // A payment to a closed intent is on its way back to the buyer: not a sale.
      .where(and(own, within(payment.escrowedAt), not(closedIntent)))
      .groupBy(...byAssetAndBucket),
    db
      .select({
        token: paymentIntent.token,
        bucket: bucketOf(payment.settledAt),
        fees: sql<string>`sum(${payment.feeAmount})::text`,
      })
      .from(paymentIntent)
      .innerJoin(payment, paymentOfIntent({ payment }))
      .where(and(own, within(payment.settledAt)))
      .groupBy(...byAssetAndBucket),
  ]);
  return assemble(window.buckets, assets, created, paid, fees);
}

function assemble(
  buckets: number,
  assets: { token: string; symbol: string; decimals: number }[],
  created: { token: string; bucket: number; n: number }[],
  paid: { token: string; bucket: number; n: number; volume: string; median: string | null }[],
  fees: { token: string; bucket: number; fees: string }[],
): AssetSeries[] {
  const series = new Map<string, AssetSeries>();
  for (const asset of assets) {
    if (series.has(asset.token)) continue;
    series.set(asset.token, {
      ...asset,
      created: Array(buckets).fill(0),
      paid: Array(buckets).fill(0),
      volume: Array(buckets).fill(0n),
      fees: Array(buckets).fill(0n),
      medianSecondsToPay: Array(buckets).fill(null),
    });
  }
  for (const row of created) series.get(row.token)!.created[row.bucket] = row.n;
  for (const row of paid) {
    const asset = series.get(row.token)!;
    asset.paid[row.bucket] = row.n;
    asset.volume[row.bucket] = BigInt(row.volume);
    asset.medianSecondsToPay[row.bucket] = row.median === null ? null : Number(row.median);
  }
  for (const row of fees) series.get(row.token)!.fees[row.bucket] = BigInt(row.fees);
  // Only assets with something in the window.
  return [...series.values()].filter((asset) => asset.created.some(Boolean) || asset.paid.some(Boolean));
}
