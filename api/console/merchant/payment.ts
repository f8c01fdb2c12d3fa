// A payment in the merchant's dashboard (api/console/paymentView.ts) with the Refund form, which calls
// POST /v1/refunds like any integration. A page with something still pending reloads itself (a meta
// refresh: the console runs no script).
import type { Context, Hono } from 'hono';
import { html } from 'hono/html';
import { parseUnits } from 'viem';
import { newSecret } from '../../../lib/console/tokens.js';
import { refundReasons } from '../../../lib/resources/refund.js';
import type { ApiEnv } from '../../context.js';
import { consoleApi } from '../apiClient.js';
import { consoleChange } from '../change.js';
import { tokenAmount } from '../format.js';
import { type PaymentView, paymentPage, readPayment, unsettled } from '../paymentView.js';
import { type ConsoleSpec, renderConsole } from '../session.js';

/** How often a page with a pending refund or an unfinished payment reloads itself. */
const REFRESH_SECONDS = 5;

function refundForm(base: string, view: PaymentView, csrfToken: string) {
  const { intent } = view;
  if (intent.payment?.amount_escrowed === undefined || intent.payment.amount_escrowed === '0') return '';
  if (intent.status === 'disputed')
    return html`<p>This payment is disputed: the arbiter decides what the buyer gets back.</p>`;
  // The page reloads itself meanwhile, which would wipe a half-filled form.
  if (unsettled(view)) return html`<p>Refunds open again once the chain has confirmed what is pending.</p>`;
  const escrowed = tokenAmount(intent.payment.amount_escrowed, intent.asset.decimals, intent.asset.symbol);
  return html`<h3>Refund</h3>
    <form method="post" action="${base}/payments/${intent.id}/refunds">
      <input type="hidden" name="_csrf" value="${csrfToken}" />
      <input type="hidden" name="idempotency_key" value="${newSecret()}" />
      <label for="amount">Amount in ${intent.asset.symbol} (empty: all that is still escrowed, ${escrowed})</label>
      <input id="amount" name="amount" inputmode="decimal" placeholder="e.g. 0.01" />
      <label for="reason">Reason</label>
      <select id="reason" name="reason">
        <option value="">none given</option>
        ${refundReasons.map((reason) => html`<option value="${reason}">${reason.replaceAll('_', ' ')}</option>`)}
      </select>
      <button type="submit">Refund</button>
    </form>`;
}

export function mountPayment(app: Hono<ApiEnv>, spec: ConsoleSpec) {
  const { base } = spec;
  const notFoundPage = (c: Context<ApiEnv>, id: string) =>
    renderConsole(
      c,
      spec,
      {
        title: 'Not found',
        current: `${base}/payments`,
        body: html`<p class="problem">No payment ${id} in your account.</p>`,
      },
      404,
    );
  const show = (c: Context<ApiEnv>, view: PaymentView, problem?: string, status: 200 | 400 | 409 = 200) =>
    renderConsole(
      c,
      spec,
      {
        title: `Payment ${view.intent.id}`,
        current: `${base}/payments`,
        body: paymentPage(base, view, refundForm(base, view, c.var.console.csrfToken), problem),
        refreshSeconds: unsettled(view) ? REFRESH_SECONDS : undefined,
      },
      status,
    );

  app.get(`${base}/payments/:id`, async (c) => {
    const id = c.req.param('id');
    const view = await readPayment(consoleApi(c), id);
    return view ? show(c, view) : notFoundPage(c, id);
  });

  app.post(`${base}/payments/:id/refunds`, async (c) => {
    const id = c.req.param('id');
    const view = await readPayment(consoleApi(c), id);
    if (!view) return notFoundPage(c, id);
    const form = await c.req.parseBody();
    const text = (name: string) => (typeof form[name] === 'string' ? form[name].trim() : '');
    let amount: string | undefined;
    if (text('amount')) {
      try {
        amount = parseUnits(text('amount'), view.intent.asset.decimals).toString();
      } catch {
        return show(c, view, `Write the amount in ${view.intent.asset.symbol}, e.g. 0.01.`, 400);
      }
    }
    const reason = refundReasons.find((known) => known === text('reason'));
    const outcome = await consoleChange(c, (api) =>
      api.v1.refunds.$post({
        json: { payment_intent: id, ...(amount ? { amount } : {}), ...(reason ? { reason } : {}) },
        header: { 'idempotency-key': text('idempotency_key') || undefined },
      }),
    );
    if (!outcome.ok) return show(c, view, outcome.problem, outcome.status === 409 ? 409 : 400);
    return c.redirect(`${base}/payments/${id}`, 303);
  });
}
