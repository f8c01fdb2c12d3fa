// Shapes every route writes the same way: an object id in the path or a filter, and a rolled secret's grace
// period (times, as unix seconds, are lib/resources/unixSeconds.ts).
import { z } from '@hono/zod-openapi';

/**
 * An id of one kind of object as the gateway makes them (lib/randomToken.ts, `newId`): its prefix, `_`,
 * base62. Checked at the edge, so that what is no id never reaches a query.
 */
export function objectId(prefix: string) {
  return z
    .string()
    .regex(new RegExp(`^${prefix}_[0-9A-Za-z]{1,64}$`), `an id of the form ${prefix}_… (letters and digits)`);
}

/** `{id}` in a route's path: the id of one object, like `example` (its prefix is the id's kind). */
function idParam(example: string) {
  const prefix = example.slice(0, example.indexOf('_'));
  return z.object({ id: objectId(prefix).openapi({ param: { name: 'id', in: 'path' }, example }) });
}

/** `{id}` of each kind of object a route's path names, written once. */
export const pathId = {
  apiKey: idParam('key_3kTq9vM2xYb8LwZp0aRc4dEf'),
  event: idParam('evt_3kTq9vM2xYb8LwZp0aRc4dEf'),
  merchant: idParam('mch_3kTq9vM2xYb8LwZp0aRc4dEf'),
  paymentIntent: idParam('pi_3kTq9vM2xYb8LwZp0aRc4dEf'),
  refund: idParam('re_3kTq9vM2xYb8LwZp0aRc4dEf'),
  webhookEndpoint: idParam('we_3kTq9vM2xYb8LwZp0aRc4dEf'),
};

/**
 * `expires_in_seconds` of a roll: how long the secret it replaces keeps working beside the new one, so the
 * other side can switch without downtime (API keys, webhook signing secrets).
 */
export function rollGrace(what: string) {
  return z
    .number()
    .int()
    .min(0)
    .max(7 * 86_400)
    .default(0)
    .openapi({ description: `How long the old ${what} keeps working (0 to 7 days)` });
}
