// The consoles read and change everything through the API's own routes, called in process for the signed-in
// user: the same validation, permissions, idempotency and keeper jobs as an integration, and no second path
// to money. The call carries the user in its bindings instead of a credential: a merchant user acts as its
// merchant's key would, an admin as the operator's admin key would.
import type { Context } from 'hono';
import type { ApiEnv, AuthedKey, ConsoleCallBindings } from '../context.js';
import { requestClient } from '../frontDoor.js';

export interface ApiAnswer<T> {
  status: number;
  body: T;
}

/** What the API answers when it refuses a call (api/errors.ts). */
export interface ApiRefusal {
  error: { type: string; code: string; message: string; param?: string };
}

/** A console user's in-process calls act as a key whose id is this and the user's. */
const CONSOLE_ACTOR = 'console:';

/** The console user a merchant route's caller is, or undefined for an API key. */
export const consoleUserOf = (key: AuthedKey) =>
  key.id.startsWith(CONSOLE_ACTOR) ? key.id.slice(CONSOLE_ACTOR.length) : undefined;

export type ConsoleApi = <T>(
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  options?: { body?: unknown; idempotencyKey?: string },
) => Promise<ApiAnswer<T>>;

/**
 * Calls for the signed-in user. An admin may read as a merchant (`asMerchant`), with that merchant's
 * routes answering as to a read-only key: the admin console shows a payment with the dashboard's own page.
 */
export function consoleApi(c: Context<ApiEnv>, { asMerchant }: { asMerchant?: string } = {}): ConsoleApi {
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
  return async (method, path, options = {}) => {
    const headers: Record<string, string> = { 'x-request-id': c.var.requestId };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    const response = await c.var.api.request(
      path,
      { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) },
      bindings,
    );
    return { status: response.status, body: await response.json() };
  };
}

export const refused = (answer: ApiAnswer<unknown>): answer is ApiAnswer<ApiRefusal> => answer.status >= 400;
