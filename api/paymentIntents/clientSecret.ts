// What the checkout's public routes share: an intent found by its id and client secret (a wrong secret
// answers exactly like an unknown id), sent in the `X-Client-Secret` header.
import { z } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import type { Db, DbTransaction } from '../../lib/db/client.js';
import { paymentIntent } from '../../lib/db/schema/index.js';
import { findIntent, type IntentRow } from '../../lib/paymentIntents/query.js';
import { statusClockOf } from '../../lib/resources/paymentIntent.js';
import type { ApiServices } from '../context.js';
import { ApiError, notFound } from '../errors.js';
import { intentReadContext } from './readContext.js';

/** Where the checkout sends the secret: headers stay out of the access logs that record query strings. */
export const CLIENT_SECRET_HEADER = 'X-Client-Secret';

export const clientSecretHeaders = z.object({
  'x-client-secret': z.string().optional().openapi({ description: 'The intent’s client_secret' }),
});

export async function intentBySecret(
  db: Db | DbTransaction,
  services: ApiServices,
  id: string,
  secret: string | undefined,
) {
  if (secret === undefined)
    throw new ApiError(
      'parameter_missing',
      `Missing the intent's client_secret: send it in the ${CLIENT_SECRET_HEADER} header (or, to the event stream, the client_secret query parameter).`,
      'client_secret',
    );
  const context = await intentReadContext(services, db);
  const row: IntentRow | undefined = await findIntent(
    db,
    services.views,
    statusClockOf(context),
    and(eq(paymentIntent.id, id), eq(paymentIntent.clientSecret, secret))!,
  );
  if (!row) throw notFound('payment_intent', id);
  return { row, context };
}
