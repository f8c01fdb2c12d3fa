// The consoles' pages, rendered on the server with hono/html (every interpolated value is escaped). No
// script and no outside resource: the pages work with scripts off, and their CSP allows nothing else.
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** Pages are never cached, framed, or sent as a referrer (invite and reset links carry a token). */
export const CONSOLE_HEADERS = {
  'content-security-policy':
    "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

const STYLE = `
body { font: 15px/1.5 system-ui, sans-serif; margin: 0; color: #1b1b1f; background: #f6f7f9; }
main { max-width: 28rem; margin: 4rem auto; padding: 2rem; background: #fff; border: 1px solid #d9dce1; border-radius: 8px; }
main.wide { max-width: 60rem; }
h1 { font-size: 1.3rem; margin: 0 0 1rem; }
label { display: block; margin: 0.75rem 0 0.25rem; font-weight: 600; }
input { width: 100%; box-sizing: border-box; padding: 0.5rem; font: inherit; border: 1px solid #9aa0a8; border-radius: 4px; }
button { margin-top: 1rem; padding: 0.5rem 1rem; font: inherit; border: 0; border-radius: 4px; background: #2d5bd0; color: #fff; cursor: pointer; }
.problem { color: #a4161a; background: #fdecec; padding: 0.5rem 0.75rem; border-radius: 4px; }
header { display: flex; justify-content: space-between; align-items: center; }
header form button { margin: 0; background: #5b6270; }
@media (prefers-color-scheme: dark) {
  body { background: #15161a; color: #e8e9ec; } main { background: #1f2126; border-color: #3a3d45; }
  input { background: #15161a; color: inherit; } .problem { background: #3b1416; color: #ffb3b5; }
}`;

export function page(title: string, body: Html, wide = false) {
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title} · PMT Gateway</title>
    <style>${STYLE}</style>
  </head>
  <body>
    <main class="${wide ? 'wide' : ''}">${body}</main>
  </body>
</html>`;
}

export function signInForm(options: { title: string; action: string; email?: string; problem?: string }) {
  return page(
    options.title,
    html`<h1>${options.title}</h1>
      ${options.problem ? html`<p class="problem" role="alert">${options.problem}</p>` : ''}
      <form method="post" action="${options.action}">
        <label for="email">Email</label>
        <input id="email" name="email" type="email" autocomplete="username" required value="${options.email ?? ''}" />
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        <button type="submit">Sign in</button>
      </form>`,
  );
}

/** A form that changes something: it carries the session's CSRF token. */
export function postForm(action: string, csrfToken: string, label: string) {
  return html`<form method="post" action="${action}">
    <input type="hidden" name="_csrf" value="${csrfToken}" /><button type="submit">${label}</button>
  </form>`;
}
