// The hot reads of every request as prepared statements: built once per process instead of per request
// (query building is most of an API request's CPU), and planned once per connection by PostgreSQL.
// They run on the pool, so only reads made outside any request transaction are here: a handler holding a
// transaction must not wait for a second pool connection (enough of them at once would exhaust the pool).
import { and, eq, sql } from 'drizzle-orm';
import type { ChainViews } from '../lib/chainViews.js';
import type { Db } from '../lib/db/client.js';
import { apiKey, merchant, paymentIntent } from '../lib/db/schema/index.js';
import { selectIntents } from '../lib/paymentIntents/query.js';
import { statusClockPlaceholders } from '../lib/paymentIntents/status.js';

export function preparedStatements(db: Db, views: ChainViews) {
  return {
    apiKeyByHash: db
      .select({
        id: apiKey.id,
        merchantId: apiKey.merchantId,
        mode: apiKey.mode,
        permissions: apiKey.permissions,
        revokedAt: apiKey.revokedAt,
        expiresAt: apiKey.expiresAt,
        merchantSuspendedAt: merchant.suspendedAt,
      })
      .from(apiKey)
      .innerJoin(merchant, eq(merchant.id, apiKey.merchantId))
      .where(eq(apiKey.secretHash, sql.placeholder('hash')))
      .prepare('api_key_by_hash'),
    intentOfMerchant: selectIntents(db, views, statusClockPlaceholders)
      .query.where(
        and(eq(paymentIntent.merchantId, sql.placeholder('merchantId')), eq(paymentIntent.id, sql.placeholder('id'))),
      )
      .limit(1)
      .prepare('intent_of_merchant'),
  };
}

export type PreparedStatements = ReturnType<typeof preparedStatements>;
