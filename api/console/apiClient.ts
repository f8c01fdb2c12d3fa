// The merchant dashboard reads and changes everything through the API's own routes, called in process for
// the signed-in user: the same validation, permissions, idempotency and keeper jobs as an integration, and
// no second path to money. The call carries a console actor in its bindings instead of a secret key.
import type { Context, Hono } from 'hono';
import type { ApiEnv, ConsoleCallBindings } from '../context.js';

export interface ApiAnswer<T> {
  status: number;
  body: T;
}

/** What the API answers when it refuses a call (api/errors.ts). */
export interface ApiRefusal {
  error: { type: string; code: string; message: string; param?: string };
}

export type ConsoleApi = <T>(
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  options?: { body?: unknown; idempotencyKey?: string },
) => Promise<ApiAnswer<T>>;

export function consoleApi(app: Hono<ApiEnv>, c: Context<ApiEnv>): ConsoleApi {
  const { user } = c.var.console;
  if (!user.merchantId) throw new Error(`Console user ${user.id} has no merchant: the API acts for a merchant.`);
  const bindings: ConsoleCallBindings = {
    consoleActor: {
      id: `console:${user.id}`,
      merchantId: user.merchantId,
      mode: c.var.services.config.keyMode,
      permissions: null,
    },
  };
  return async (method, path, options = {}) => {
    const headers: Record<string, string> = { 'x-request-id': c.var.requestId };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    const response = await app.request(
      path,
      { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) },
      bindings,
    );
    return { status: response.status, body: await response.json() };
  };
}

export const refused = (answer: ApiAnswer<unknown>): answer is ApiAnswer<ApiRefusal> => answer.status >= 400;
