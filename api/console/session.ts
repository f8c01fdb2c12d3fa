// Who is signed in to a console, and the checks every console request passes: a session cookie of the
// console's own role (a merchant user's cookie opens nothing in the admin console), and for anything that
// changes something, the session's CSRF token and a same-origin request.
import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { html } from 'hono/html';
import { readSession } from '../../lib/console/sessions.js';
import type { ConsoleRole } from '../../lib/db/schema/index.js';
import type { ApiEnv } from '../context.js';
import { fromOwnOrigin } from '../frontDoor.js';
import { CONSOLE_HEADERS, consolePage, ISLAND_PAGE_HEADERS, type NavLink, page } from './layout.js';

export interface ConsoleSpec {
  role: ConsoleRole;
  /** Where the console lives: `/console` (merchants) or `/admin` (the operator). */
  base: string;
  title: string;
  /** The pages of the console's navigation bar. */
  nav: NavLink[];
}

/** Each console its own cookie, scoped to its own path. */
export const cookieName = (spec: ConsoleSpec) => `pmt_${spec.role}_session`;

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function refuse(c: Context<ApiEnv>, status: 401 | 403, title: string, text: string) {
  return c.html(page(title, html`<h1>${title}</h1><p>${text}</p>`), status, CONSOLE_HEADERS);
}

export function requireSession(spec: ConsoleSpec): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const cookie = getCookie(c, cookieName(spec));
    const session = cookie ? await readSession(c.var.db, cookie) : undefined;
    if (!cookie || !session || session.user.role !== spec.role) {
      if (c.req.method === 'GET') return c.redirect(`${spec.base}/sign-in`, 303);
      return refuse(c, 401, 'Signed out', 'Your session has ended: sign in again.');
    }
    if (session.merchantSuspended) {
      return refuse(
        c,
        403,
        'Account suspended',
        'The gateway’s operator has suspended this merchant. Contact the operator.',
      );
    }
    if (UNSAFE.has(c.req.method)) {
      const form = await c.req.parseBody();
      const token = typeof form._csrf === 'string' ? form._csrf : (c.req.header('x-csrf-token') ?? '');
      if (!fromOwnOrigin(c) || !sameText(token, session.csrfToken)) {
        return refuse(c, 403, 'Form expired', 'This form is no longer valid: reload the page and try again.');
      }
    }
    c.set('console', { ...session, cookie });
    await next();
  };
}

/** A page of a signed-in console: its navigation, who is signed in, and `body`. */
export function renderConsole(
  c: Context<ApiEnv>,
  spec: ConsoleSpec,
  view: Pick<Parameters<typeof consolePage>[0], 'title' | 'current' | 'body' | 'refreshSeconds' | 'island'>,
  status: 200 | 400 | 404 | 409 = 200,
) {
  const { user, merchantName, merchantVerified, csrfToken } = c.var.console;
  const { keyMode, peerGatewayUrl } = c.var.services.config;
  return c.html(
    consolePage({
      title: view.title,
      heading: merchantName ? `${spec.title} · ${merchantName}` : spec.title,
      nav: spec.nav,
      current: view.current,
      who: user.email,
      signOut: `${spec.base}/sign-out`,
      csrfToken,
      body: view.body,
      refreshSeconds: view.refreshSeconds,
      island: view.island,
      mode: {
        mode: keyMode,
        otherConsole: peerGatewayUrl && `${peerGatewayUrl}${spec.base}`,
        unverified: user.role === 'merchant' && !merchantVerified,
      },
    }),
    status,
    view.island ? ISLAND_PAGE_HEADERS : CONSOLE_HEADERS,
  );
}
