// Setting a password from a one-time link (an invitation or a reset), and asking for a reset link. These
// pages have no session: the link's token is the credential, and a form posted from another site is
// refused by its origin. With no mail transport configured, a reset link is written to the log.
import type { Context, Hono } from 'hono';
import { html } from 'hono/html';
import { passwordLink } from '../../lib/console/links.js';
import { PASSWORD_MIN } from '../../lib/console/passwords.js';
import { redeemToken, requestPasswordReset } from '../../lib/console/users.js';
import type { ApiEnv } from '../context.js';
import { fromOwnOrigin } from '../frontDoor.js';
import { auditConsole } from './audit.js';
import { CONSOLE_HEADERS, page } from './layout.js';
import type { ConsoleSpec } from './session.js';

const field = (form: Record<string, unknown>, name: string) => (typeof form[name] === 'string' ? form[name] : '');

function passwordForm(spec: ConsoleSpec, token: string, problem?: string) {
  return page(
    'Set your password',
    html`<h1>Set your password</h1>
      <p>${spec.title}: choose a password of at least ${PASSWORD_MIN} characters.</p>
      ${problem ? html`<p class="problem" role="alert">${problem}</p>` : ''}
      <form method="post" action="${spec.base}/password">
        <input type="hidden" name="token" value="${token}" />
        <label for="password">New password</label>
        <input id="password" name="password" type="password" autocomplete="new-password" required minlength="${PASSWORD_MIN}" />
        <label for="confirm">The same again</label>
        <input id="confirm" name="confirm" type="password" autocomplete="new-password" required />
        <button type="submit">Set password</button>
      </form>`,
  );
}

function resetForm(spec: ConsoleSpec, notice?: string) {
  return page(
    'Reset your password',
    html`<h1>Reset your password</h1>
      ${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
      <form method="post" action="${spec.base}/reset">
        <label for="email">Email</label>
        <input id="email" name="email" type="email" autocomplete="username" required />
        <button type="submit">Send a reset link</button>
      </form>
      <p><a href="${spec.base}/sign-in">Back to sign-in</a></p>`,
  );
}

export function mountPasswordPages(app: Hono<ApiEnv>, spec: ConsoleSpec) {
  const { base, role } = spec;
  const refuseForeign = (c: Context<ApiEnv>) =>
    c.html(page('Refused', html`<p class="problem">Use the form on this site.</p>`), 403, CONSOLE_HEADERS);

  app.get(`${base}/password`, (c) => c.html(passwordForm(spec, c.req.query('token') ?? ''), 200, CONSOLE_HEADERS));

  app.post(`${base}/password`, async (c) => {
    if (!fromOwnOrigin(c)) return refuseForeign(c);
    const form = await c.req.parseBody();
    const token = field(form, 'token');
    if (field(form, 'password') !== field(form, 'confirm')) {
      return c.html(passwordForm(spec, token, 'The two passwords differ.'), 400, CONSOLE_HEADERS);
    }
    const outcome = await redeemToken(c.var.db, token, field(form, 'password'), new Date(), role);
    if (!outcome.ok) return c.html(passwordForm(spec, token, outcome.problem), 400, CONSOLE_HEADERS);
    await auditConsole(c, {
      actorId: outcome.user.id,
      merchantId: outcome.user.merchantId ?? undefined,
      action: 'user.password_set',
      target: outcome.user.id,
    });
    return c.redirect(`${base}/sign-in?password=set`, 303);
  });

  app.get(`${base}/reset`, (c) => c.html(resetForm(spec), 200, CONSOLE_HEADERS));

  app.post(`${base}/reset`, async (c) => {
    if (!fromOwnOrigin(c)) return refuseForeign(c);
    const email = field(await c.req.parseBody(), 'email');
    const reset = await requestPasswordReset(c.var.db, { role, email });
    if (reset) {
      const link = passwordLink(c.var.services.config.publicUrl ?? new URL(c.req.url).origin, role, reset.token);
      // No mail transport is configured: the operator passes the link on (see docs/runbook.md).
      c.var.log.warn({ user: reset.user.id, link }, `password reset link for ${reset.user.email} (no mail transport)`);
      await auditConsole(c, {
        actorId: reset.user.id,
        merchantId: reset.user.merchantId ?? undefined,
        action: 'user.password_reset_requested',
        target: reset.user.id,
      });
    }
    // The same answer either way: the page does not tell who has an account.
    return c.html(
      resetForm(spec, 'If that email has an account, a reset link is on its way. It works once, for an hour.'),
      200,
      CONSOLE_HEADERS,
    );
  });
}
