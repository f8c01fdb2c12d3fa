// The consoles, for merchants (/console) and the operator (/admin): each a Hono app of its own, mounted at
// its base path, that answers every failure and refusal with a page (./errorPage.ts), never the API's
// JSON. Here: their sign-in, sign-out and home pages. Signing in always starts a fresh session (a session
// id planted in the browser before is never adopted), and every sign-in and sign-out is in the audit log.
import { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { CONSOLE_BASE } from '../../lib/console/links.js';
import { endSession, SESSION_TTL_MS, startSession } from '../../lib/console/sessions.js';
import { signIn } from '../../lib/console/users.js';
import type { ConsoleRole } from '../../lib/db/schema/index.js';
import type { ApiEnv } from '../context.js';
import { fromOwnOrigin, overHttps, requestClient } from '../frontDoor.js';
import { refuseNul } from '../middleware/refuseNul.js';
import { mountAdminAudit } from './admin/audit.js';
import { mountAdminDisputes } from './admin/disputes.js';
import { mountAdminMerchants } from './admin/merchants.js';
import { mountAdminOperations } from './admin/operations.js';
import { mountAdminPayments } from './admin/payments.js';
import { auditConsole } from './audit.js';
import { onConsoleError, problemPage } from './errorPage.js';
import { CONSOLE_HEADERS, signInForm } from './layout.js';
import { mountAnalytics } from './merchant/analytics.js';
import { mountBalance } from './merchant/balance.js';
import { mountPayment } from './merchant/payment.js';
import { mountPayments } from './merchant/payments.js';
import { mountSettings } from './merchant/settings.js';
import { mountPasswordPages } from './password.js';
import { type ConsoleSpec, cookieName, requireSession } from './session.js';

/** A console at its base path (the one its one-time links name), with its navigation's pages under it. */
function consoleSpec(role: ConsoleRole, title: string, pages: [path: string, label: string][]): ConsoleSpec {
  const base = CONSOLE_BASE[role];
  return { role, base, title, nav: pages.map(([path, label]) => ({ href: `${base}/${path}`, label })) };
}

export const merchantConsole = consoleSpec('merchant', 'Merchant dashboard', [
  ['payments', 'Payments'],
  ['balance', 'Balance'],
  ['analytics', 'Analytics'],
  ['settings', 'Settings'],
]);
export const adminConsole = consoleSpec('admin', 'Admin console', [
  ['merchants', 'Merchants'],
  ['payments', 'Payments'],
  ['disputes', 'Disputes'],
  ['operations', 'Operations'],
  ['audit', 'Audit log'],
]);

/** A console's app: its error page, its NUL refusal, its pages open to anyone (sign-in, passwords), then the session check. */
function consoleApp(spec: ConsoleSpec): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.onError(onConsoleError);
  const { base, role, title } = spec;
  const refuse = refuseNul((c, message) => problemPage(c, 400, 'Not accepted', message));
  app.use(base, refuse);
  app.use(`${base}/*`, refuse);

  app.get(`${base}/sign-in`, (c) =>
    c.html(
      signInForm({
        title,
        base,
        notice: c.req.query('password') === 'set' ? 'Your password is set: sign in with it.' : undefined,
      }),
      200,
      CONSOLE_HEADERS,
    ),
  );

  app.post(`${base}/sign-in`, async (c) => {
    const form = await c.req.parseBody();
    const email = typeof form.email === 'string' ? form.email : '';
    const password = typeof form.password === 'string' ? form.password : '';
    const again = (status: 401 | 403, problem: string) =>
      c.html(signInForm({ title, base, email, problem }), status, CONSOLE_HEADERS);
    // No session yet to carry a CSRF token: a sign-in posted from another site is refused by its origin.
    if (!fromOwnOrigin(c)) return again(403, 'Sign in from this page.');
    const outcome = await signIn(c.var.db, { role, email, password });
    if (!outcome.ok) {
      return outcome.reason === 'locked'
        ? again(
            401,
            `Too many failed attempts: this account is locked until ${outcome.lockedUntil.toISOString().slice(11, 16)} UTC.`,
          )
        : again(401, 'The email or the password is wrong.');
    }
    const session = await startSession(c.var.db, outcome.user.id, requestClient(c));
    setCookie(c, cookieName(spec), session.cookie, {
      path: base,
      httpOnly: true,
      secure: overHttps(c),
      sameSite: 'Strict',
      maxAge: SESSION_TTL_MS / 1000,
    });
    await auditConsole(c, {
      actorId: outcome.user.id,
      merchantId: outcome.user.merchantId ?? undefined,
      action: 'session.sign_in',
    });
    return c.redirect(base, 303);
  });

  mountPasswordPages(app, spec);
  // Every page mounted from here on needs a session; those above answered before reaching this check.
  app.use(base, requireSession(spec));
  app.use(`${base}/*`, requireSession(spec));

  app.post(`${base}/sign-out`, async (c) => {
    const { cookie, user } = c.var.console;
    await endSession(c.var.db, cookie);
    deleteCookie(c, cookieName(spec), { path: base, secure: overHttps(c) });
    await auditConsole(c, { action: 'session.sign_out', actorId: user.id, merchantId: user.merchantId ?? undefined });
    return c.redirect(`${base}/sign-in`, 303);
  });
  return app;
}

/** The merchant dashboard: sign-in, then the merchant's payments, refunds and balance. */
export function merchantConsoleApp(): Hono<ApiEnv> {
  const spec = merchantConsole;
  const app = consoleApp(spec);
  app.get(spec.base, (c) => c.redirect(`${spec.base}/payments`, 303));
  mountPayments(app, spec);
  mountPayment(app, spec);
  mountBalance(app, spec);
  mountAnalytics(app, spec);
  mountSettings(app, spec);
  return app;
}

/** The operator's console. */
export function adminConsoleApp(): Hono<ApiEnv> {
  const spec = adminConsole;
  const app = consoleApp(spec);
  mountAdminMerchants(app, spec);
  mountAdminPayments(app, spec);
  mountAdminDisputes(app, spec);
  mountAdminOperations(app, spec);
  mountAdminAudit(app, spec);
  return app;
}
