// Reading intents with their indexed payments, always scoped to one merchant.
import { and, eq, getViewSelectedFields, type SQL } from 'drizzle-orm';
import type { ChainViews } from '../chainViews.js';
import type { AnyDb, Db, DbTransaction } from '../db/client.js';
import { paymentIntent } from '../db/schema/index.js';
import { depositFields } from './deposits.js';
import { paymentOfIntent } from './indexed.js';
import { intentStatusSql, type StatusClock } from './status.js';

export function selectIntents(db: AnyDb, views: ChainViews, clock: StatusClock) {
  const status = intentStatusSql(views, clock);
  return {
    status,
    query: db
      .select({ intent: paymentIntent, payment: getViewSelectedFields(views.payment), status, deposit: depositFields })
      .from(paymentIntent)
      .leftJoin(views.payment, paymentOfIntent(views))
      .$dynamic(),
  };
}

export type IntentRow = Awaited<ReturnType<typeof selectIntents>['query']>[number];

export async function findIntent(
  db: Db | DbTransaction,
  views: ChainViews,
  clock: StatusClock,
  where: SQL,
): Promise<IntentRow | undefined> {
  const [row] = await selectIntents(db, views, clock).query.where(where).limit(1);
  return row;
}

export const ownIntent = (merchantId: string, id: string) =>
  and(eq(paymentIntent.merchantId, merchantId), eq(paymentIntent.id, id))!;
