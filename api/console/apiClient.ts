// The consoles read and change everything through the API's own routes, called in process for the signed-in
// user: the same validation, permissions, idempotency and keeper jobs as an integration, and no second path
// to money. The call carries the user in its bindings instead of a credential: a merchant user acts as its
// merchant's key would, an admin as the operator's admin key would. The client is the typed one
// (api/client.ts): what a page reads is the route's own response type, so a changed schema fails the type
// check rather than a page.

import type { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { hc, type InferResponseType } from 'hono/client';
import type { ApiApp } from '../app.js';
import type { ApiEnv, AuthedKey, ConsoleCallBindings } from '../context.js';
import type { errorSchema } from '../errors.js';
import { requestClient } from '../frontDoor.js';

/** A console user's in-process calls act as a key whose id is this and the user's. */
const CONSOLE_ACTOR = 'console:';

/** The console user a merchant route's caller is, or undefined for an API key. */
export const consoleUserOf = (key: AuthedKey) =>
  key.id.startsWith(CONSOLE_ACTOR) ? key.id.slice(CONSOLE_ACTOR.length) : undefined;

/**
 * The API for the signed-in user. An admin may read as a merchant (`asMerchant`), with that merchant's
 * routes answering as to a read-only key: the admin console shows a payment with the dashboard's own page.
 * hc puts a path parameter into the path as it is given: escape it (`encodeURIComponent`).
 */
export function consoleApi(c: Context<ApiEnv>, { asMerchant }: { asMerchant?: string } = {}) {
  const { user } = c.var.console;
  if (asMerchant && user.role !== 'admin') throw new Error(`console user ${user.id} may act only as its own merchant`);
  const merchantId = user.merchantId ?? asMerchant;
  const bindings: ConsoleCallBindings = merchantId
    ? {
        consoleActor: {
          id: `${CONSOLE_ACTOR}${user.id}`,
          merchantId,
          mode: c.var.services.config.keyMode,
          permissions: asMerchant ? { readOnly: true } : null,
        },
      }
    : { consoleAdmin: { userId: user.id } };
  bindings.consoleClient = requestClient(c);
  // The origin is never looked at: `app.request` answers in process.
  return hc<ApiApp>('http://localhost', {
    headers: { 'x-request-id': c.var.requestId },
    fetch: (input: RequestInfo | URL, init?: RequestInit) => c.var.api.request(input, init, bindings),
  });
}

export type ConsoleApi = ReturnType<typeof consoleApi>;

/** The body a route answers with 200, e.g. `Ok<ConsoleApi['v1']['balance']['$get']>`. */
export type Ok<Call> = InferResponseType<Call, 200>;

/** What a page makes of an answer: the route's 200 body, or the API's refusal, with its message to show. */
export type Answer<T> = { ok: true; status: number; body: T } | { ok: false; status: number; problem: string };

/** An answer of the typed client: one response type per status the route documents. */
export interface RouteResponse {
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
}

/** The body of `R`'s 200 response. */
type OkBody<R> = R extends { status: 200; json(): Promise<infer T> } ? T : never;

/** A call's answer, read for a page. */
export async function answerOf<R extends RouteResponse>(pending: Promise<R>): Promise<Answer<OkBody<R>>> {
  const response = await pending;
  const body = await response.json();
  // Whatever the status, an answer other than a success is the API's error body (api/errors.ts).
  return response.ok
    ? { ok: true, status: response.status, body: body as OkBody<R> }
    : { ok: false, status: response.status, problem: (body as z.infer<typeof errorSchema>).error.message };
}
