// What a console answers when one of its pages fails: a page, never the API's JSON, with the request id
// the operator finds in the log beside the error (an error of ours is logged there; see api/errors.ts).
import type { Context } from 'hono';
import { html } from 'hono/html';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiEnv } from '../context.js';
import { apiErrorOf } from '../errors.js';
import { CONSOLE_HEADERS, page } from './layout.js';

/** A page saying `message`, with `status`. */
export function problemPage(c: Context<ApiEnv>, status: ContentfulStatusCode, title: string, message: string) {
  return c.html(
    page(
      title,
      html`<h1>${title}</h1>
        <p role="alert">${message}</p>
        <p>Request id: <code>${c.var.requestId}</code></p>`,
    ),
    status,
    CONSOLE_HEADERS,
  );
}

/** The consoles' error handler. */
export function onConsoleError(err: Error, c: Context<ApiEnv>) {
  const error = apiErrorOf(err, c);
  const title = error.status >= 500 ? 'Something went wrong' : 'Not accepted';
  return problemPage(c, error.status as ContentfulStatusCode, title, error.message);
}
