// PostgreSQL's text cannot hold the NUL character (U+0000): a query given one fails as a whole, which a
// handler would answer with a 500. No field of the gateway has a use for it, so a request that carries one
// anywhere (its path, a query parameter, a JSON body's keys and strings, a console form's fields) is
// refused here, before any handler, with a 400 that names where it was: the API's error, or a console page.
import type { Context, MiddlewareHandler } from 'hono';
import type { ApiEnv } from '../context.js';
import { ApiError } from '../errors.js';

const NUL = '\u0000';

/** Where in a parsed JSON value a NUL is, as a dotted path (`metadata.order_id`), or undefined. */
function nulIn(value: unknown, at: string): string | undefined {
  if (typeof value === 'string') return value.includes(NUL) ? at : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const path = Array.isArray(value) ? `${at}[${key}]` : at ? `${at}.${key}` : key;
    if (key.includes(NUL)) return path;
    const found = nulIn(item, path);
    if (found !== undefined) return found;
  }
  return undefined;
}

const decoded = (text: string) => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text; // malformed escapes are for the router and the validators to refuse
  }
};

/** Where the request carries a NUL: `path`, a query parameter's name, a body field's; undefined if nowhere. */
async function whereNul(c: Context<ApiEnv>): Promise<string | undefined> {
  const url = new URL(c.req.url);
  if (decoded(url.pathname).includes(NUL)) return 'path';
  for (const [name, value] of url.searchParams) if (`${name}${value}`.includes(NUL)) return name;
  if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(c.req.method)) return undefined;
  const type = c.req.header('content-type') ?? '';
  if (/^application\/json\b/i.test(type)) {
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      return undefined; // not JSON: refused as such further on
    }
    return nulIn(body, '');
  }
  if (/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) {
    return nulIn(await c.req.parseBody(), ''); // parsed as the console's handlers parse it, and cached for them
  }
  return undefined;
}

/** How a part of the app answers a request that carries a NUL, `message` saying where. */
export type NulAnswer = (c: Context<ApiEnv>, message: string, where: string) => Response | Promise<Response>;

/** The API's answer: its 400, naming the parameter (none for the path). */
export const nulApiError: NulAnswer = (_c, message, where) => {
  throw new ApiError('parameter_invalid', message, where === 'path' ? undefined : where || undefined);
};

/** Refuses any request carrying a NUL, answered as `answer` says (the API's error, or a console's page). */
export function refuseNul(answer: NulAnswer): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const where = await whereNul(c);
    if (where === undefined) return next();
    return answer(
      c,
      `Text may not contain the NUL character (U+0000): remove it from ${where === 'path' ? 'the URL' : where || 'the body'}.`,
      where,
    );
  };
}
