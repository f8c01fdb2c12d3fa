// The consoles' sign-in, sign-out and home pages, for merchants (/console) and the operator (/admin).
// Signing in always starts a fresh session (a session id planted in the browser before is never adopted),
// and every sign-in and sign-out is in the audit log.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { html } from 'hono/html';
import { type AuditEntry, recordAudit } from '../../lib/audit.js';
import { endSession, SESSION_TTL_MS, startSession } from '../../lib/console/sessions.js';
import { signIn } from '../../lib/console/users.js';
import { merchant } from '../../lib/db/schema.js';
import type { ApiEnv } from '../context.js';
import { CONSOLE_HEADERS, page, postForm, signInForm } from './layout.js';
import { type ConsoleSpec, cookieName, fromOwnOrigin, requireSession } from './session.js';

export const merchantConsole: ConsoleSpec = { role: 'merchant', base: '/console', title: 'Merchant dashboard' };
export const adminConsole: ConsoleSpec = { role: 'admin', base: '/admin', title: 'Admin console' };

const client = (c: Context<ApiEnv>) => ({
  ip: c.req.header('x-forwarded-for')?.split(',')[0]?.trim(),
  userAgent: c.req.header('user-agent')?.slice(0, 512),
});

function audit(c: Context<ApiEnv>, entry: Omit<AuditEntry, 'actorKind' | 'ip' | 'userAgent'>) {
  return recordAudit(c.var.db, { actorKind: 'console_user', ...client(c), ...entry });
}

export function mountConsole(app: OpenAPIHono<ApiEnv>, spec: ConsoleSpec) {
  const { base, role, title } = spec;
  const secure = (c: Context<ApiEnv>) =>
    new URL(c.req.url).protocol === 'https:' || (c.var.services.config.publicUrl?.startsWith('https://') ?? false);

  app.get(`${base}/sign-in`, (c) => c.html(signInForm({ title, action: `${base}/sign-in` }), 200, CONSOLE_HEADERS));

  app.post(`${base}/sign-in`, async (c) => {
    const form = await c.req.parseBody();
    const email = typeof form.email === 'string' ? form.email : '';
    const password = typeof form.password === 'string' ? form.password : '';
    const again = (status: 401 | 403, problem: string) =>
      c.html(signInForm({ title, action: `${base}/sign-in`, email, problem }), status, CONSOLE_HEADERS);
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
    const session = await startSession(c.var.db, outcome.user.id, client(c));
    setCookie(c, cookieName(spec), session.cookie, {
      path: base,
      httpOnly: true,
      secure: secure(c),
      sameSite: 'Strict',
      maxAge: SESSION_TTL_MS / 1000,
    });
    await audit(c, {
      actorId: outcome.user.id,
      merchantId: outcome.user.merchantId ?? undefined,
      action: 'session.sign_in',
    });
    return c.redirect(base, 303);
  });

  app.use(base, requireSession(spec));
  app.use(`${base}/*`, async (c, next) => (c.req.path === `${base}/sign-in` ? next() : requireSession(spec)(c, next)));

  app.post(`${base}/sign-out`, async (c) => {
    const { cookie, user } = c.var.console;
    await endSession(c.var.db, cookie);
    deleteCookie(c, cookieName(spec), { path: base, secure: secure(c) });
    await audit(c, { actorId: user.id, merchantId: user.merchantId ?? undefined, action: 'session.sign_out' });
    return c.redirect(`${base}/sign-in`, 303);
  });

  app.get(base, async (c) => {
    const { user, csrfToken } = c.var.console;
    const [shop] = user.merchantId
      ? await c.var.db.select({ name: merchant.name }).from(merchant).where(eq(merchant.id, user.merchantId))
      : [];
    return c.html(
      page(
        title,
        html`<header>
          <h1>${title}${shop ? html` · ${shop.name}` : ''}</h1>
          ${postForm(`${base}/sign-out`, csrfToken, 'Sign out')}
        </header>
        <p>Signed in as ${user.email}.</p>`,
        true,
      ),
      200,
      CONSOLE_HEADERS,
    );
  });
}
