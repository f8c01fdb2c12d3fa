// The consoles' pages, rendered on the server with hono/html (every interpolated value is escaped). No
// script and no outside resource: the pages work with scripts off, and their CSP allows nothing else.
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/**
 * Pages are never cached or framed, and name themselves as a referrer to this site only (invitation and
 * reset links carry a token). Not `no-referrer`: with it, Chromium posts forms with `Origin: null`.
 */
export const CONSOLE_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'cache-control': 'no-store',
  'referrer-policy': 'same-origin',
  'x-content-type-options': 'nosniff',
};

/** The consoles' islands of script (web/console/), each bundled as dist/web/console-<island>.js. */
export type ConsoleIsland = 'wallet' | 'charts';

/** A page with an island may run scripts from here only: the island's bundle. */
export const ISLAND_PAGE_HEADERS = {
  ...CONSOLE_HEADERS,
  'content-security-policy': CONSOLE_HEADERS['content-security-policy']!.replace(
    "default-src 'none';",
    "default-src 'none'; script-src 'self';",
  ),
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
header span { display: flex; gap: 0.75rem; align-items: center; }
header form button { margin: 0; background: #5b6270; }
nav { display: flex; gap: 1rem; margin: 0 0 1.5rem; border-bottom: 1px solid #d9dce1; padding-bottom: 0.5rem; }
nav a { color: inherit; text-decoration: none; } nav a[aria-current] { font-weight: 700; border-bottom: 2px solid #2d5bd0; }
table { width: 100%; border-collapse: collapse; font-size: 0.9rem; }
th, td { text-align: left; padding: 0.4rem 0.5rem; border-bottom: 1px solid #e3e5e9; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
code { font-size: 0.85em; word-break: break-all; }
.status { display: inline-block; padding: 0 0.4rem; border-radius: 4px; background: #e8ebf0; font-size: 0.85em; }
.status.succeeded, .status.paid, .status.delivered, .status.partially_refunded, .status.refunded { background: #dcf3e3; color: #135c2c; }
.status.pending, .status.processing, .status.requires_payment { background: #fff3d6; color: #6b4b00; }
.status.failed, .status.disputed, .status.canceled, .status.expired { background: #fde3e3; color: #8a1216; }
tr.short td { background: #fde3e3; }
.notice { background: #e6f0ff; padding: 0.5rem 0.75rem; border-radius: 4px; }
.mode { display: flex; justify-content: space-between; gap: 1rem; margin: -1rem 0 1rem; padding: 0.3rem 0.75rem; border-radius: 4px; font-size: 0.85rem; }
.mode.test { background: #fff3d6; color: #6b4b00; } .mode.live { background: #dcf3e3; color: #135c2c; }
form.filters { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: end; margin-bottom: 1rem; }
form.filters label { margin: 0; font-weight: 400; font-size: 0.85rem; }
form.filters input, form.filters select { width: auto; }
select { padding: 0.45rem; font: inherit; border: 1px solid #9aa0a8; border-radius: 4px; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; }
dt { font-weight: 600; } dd { margin: 0; }
ol.timeline { padding-left: 1.2rem; } ol.timeline li { margin-bottom: 0.4rem; }
@media (prefers-color-scheme: dark) {
  body { background: #15161a; color: #e8e9ec; } main { background: #1f2126; border-color: #3a3d45; }
  input, select { background: #15161a; color: inherit; } .problem { background: #3b1416; color: #ffb3b5; }
  th, td, nav { border-color: #3a3d45; } .status { background: #30333a; } .notice { background: #1c2b45; }
}`;

/** A whole page; `refreshSeconds` has the browser load it again (a page waiting on the chain, with no script). */
export function page(title: string, body: Html, wide = false, refreshSeconds?: number, island?: ConsoleIsland) {
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <link rel="icon" href="data:," />
    <title>${title} · PMT Gateway</title>
    ${refreshSeconds ? html`<meta http-equiv="refresh" content="${refreshSeconds}" />` : ''}
    ${island ? html`<script type="module" src="/assets/console-${island}.js"></script>` : ''}
    <style>${STYLE}</style>
  </head>
  <body>
    <main class="${wide ? 'wide' : ''}">${body}</main>
  </body>
</html>`;
}

export function signInForm(options: {
  title: string;
  base: string;
  email?: string;
  problem?: string;
  notice?: string;
}) {
  return page(
    options.title,
    html`<h1>${options.title}</h1>
      ${options.notice ? html`<p class="notice" role="status">${options.notice}</p>` : ''}
      ${options.problem ? html`<p class="problem" role="alert">${options.problem}</p>` : ''}
      <form method="post" action="${options.base}/sign-in">
        <label for="email">Email</label>
        <input id="email" name="email" type="email" autocomplete="username" required value="${options.email ?? ''}" />
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        <button type="submit">Sign in</button>
      </form>
      <p><a href="${options.base}/reset">Forgot your password?</a></p>`,
  );
}

export interface NavLink {
  href: string;
  label: string;
}

/** A signed-in page: the console's navigation, who is signed in, and a sign-out button. */
export function consolePage(options: {
  title: string;
  heading: string;
  nav: NavLink[];
  current: string;
  who: string;
  signOut: string;
  csrfToken: string;
  body: Html;
  refreshSeconds?: number;
  /** Loads this island; the page must be sent with ISLAND_PAGE_HEADERS. */
  island?: ConsoleIsland;
  mode: ConsoleMode;
}) {
  return page(
    options.title,
    html`<header>
        <h1>${options.heading}</h1>
        <span>${options.who} ${postForm(options.signOut, options.csrfToken, 'Sign out')}</span>
      </header>
      <nav>
        ${options.nav.map(
          (link) =>
            html`<a href="${link.href}" ${link.href === options.current ? html`aria-current="page"` : ''}>${link.label}</a>`,
        )}
      </nav>
      ${modeBar(options.mode)}
      ${options.body}`,
    true,
    options.refreshSeconds,
    options.island,
  );
}

/**
 * Test or live, as Stripe's dashboard says it: a gateway serves one network, so the other mode is another
 * gateway (PEER_GATEWAY_URL), and the switch leads to the same console there.
 */
export interface ConsoleMode {
  mode: 'test' | 'live';
  /** The same console on the gateway of the other mode, when there is one. */
  otherConsole?: string;
  /** A live merchant not yet verified: its payments are refused until the operator verifies it. */
  unverified?: boolean;
}

function modeBar({ mode, otherConsole, unverified }: ConsoleMode) {
  const other = mode === 'test' ? 'live' : 'test';
  return html`<p class="mode ${mode}" data-mode="${mode}">
      <span>${
        mode === 'test'
          ? 'Test mode: this gateway runs on a test network; nothing here is real money.'
          : unverified
            ? 'Live mode, not yet verified: live payments are refused until the operator verifies this account. Integrate in test mode meanwhile.'
            : 'Live mode: real money.'
      }</span>
      ${otherConsole ? html`<a href="${otherConsole}" data-mode-switch>Switch to ${other} mode</a>` : ''}
    </p>`;
}

/** A form that changes something: it carries the session's CSRF token. */
export function postForm(action: string, csrfToken: string, label: string) {
  return html`<form method="post" action="${action}">
    <input type="hidden" name="_csrf" value="${csrfToken}" /><button type="submit">${label}</button>
  </form>`;
}
