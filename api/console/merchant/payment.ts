// One payment: what was promised, its on-chain timeline with explorer links, its refunds and the events
// its webhooks carried, and the Refund form, which calls POST /v1/refunds like any integration. A page
// with something still pending reloads itself (a meta refresh: the console runs no script).
import type { Context, Hono } from 'hono';
import { html } from 'hono/html';
import { parseUnits } from 'viem';
import { newSecret } from '../../../lib/console/tokens.js';
import type { ChainFact } from '../../../lib/resources/chainFact.js';
import type { EventResource } from '../../../lib/resources/event.js';
import type { PaymentIntentResource } from '../../../lib/resources/paymentIntent.js';
import { type RefundResource, refundReasons } from '../../../lib/resources/refund.js';
import type { ApiEnv } from '../../context.js';
import { consoleApi, refused } from '../apiClient.js';
import { consoleChange } from '../change.js';
import { fiatAmount, statusBadge, tokenAmount, txLink, when } from '../format.js';
import { type ConsoleSpec, renderConsole } from '../session.js';

/** How often a page with a pending refund or an unfinished payment reloads itself. */
const REFRESH_SECONDS = 5;

interface PaymentView {
  intent: PaymentIntentResource;
  refunds: RefundResource[];
  events: EventResource[];
}

async function readPayment(app: Hono<ApiEnv>, c: Context<ApiEnv>, id: string): Promise<PaymentView | undefined> {
  const call = consoleApi(app, c);
  const intent = await call<PaymentIntentResource>('GET', `/v1/payment_intents/${encodeURIComponent(id)}`);
  if (refused(intent)) return undefined;
  const query = `payment_intent=${encodeURIComponent(id)}&limit=100`;
  const [refunds, events] = await Promise.all([
    call<{ data: RefundResource[] }>('GET', `/v1/refunds?${query}`),
    call<{ data: EventResource[] }>('GET', `/v1/events?${query}`),
  ]);
  return {
    intent: intent.body,
    refunds: refused(refunds) ? [] : refunds.body.data,
    events: refused(events) ? [] : events.body.data,
  };
}

function timeline({ intent, refunds }: PaymentView) {
  const payment = intent.payment;
  const steps: { at: number; label: string; fact?: ChainFact | null }[] = [
    { at: intent.created, label: 'Intent created' },
  ];
  if (payment) {
    steps.push({ at: payment.escrowed.at, label: `Paid into escrow by ${payment.buyer}`, fact: payment.escrowed });
    if (payment.disputed)
      steps.push({ at: payment.disputed.at, label: 'Disputed by the buyer', fact: payment.disputed });
    for (const refund of refunds) {
      if (refund.transaction) {
        steps.push({
          at: refund.transaction.at,
          label: `Refunded ${tokenAmount(refund.amount, intent.asset.decimals, intent.asset.symbol)}`,
          fact: refund.transaction,
        });
      }
    }
    if (payment.released)
      steps.push({ at: payment.released.at, label: 'Released to the merchant', fact: payment.released });
    const resolution = payment.dispute_resolution;
    if (payment.settled && resolution) {
      steps.push({
        at: payment.settled.at,
        label: `Dispute settled: ${tokenAmount(resolution.buyer_amount, intent.asset.decimals, intent.asset.symbol)} back to the buyer, ${tokenAmount(resolution.merchant_amount, intent.asset.decimals, intent.asset.symbol)} to you after a ${tokenAmount(resolution.fee_amount, intent.asset.decimals, intent.asset.symbol)} fee`,
        fact: payment.settled,
      });
    } else if (payment.settled && payment.settled.tx_hash !== payment.released?.tx_hash) {
      steps.push({ at: payment.settled.at, label: 'Escrow settled', fact: payment.settled });
    }
  }
  if (intent.canceled_at) steps.push({ at: intent.canceled_at, label: 'Canceled' });
  steps.sort((a, b) => a.at - b.at);
  return html`<ol class="timeline">
    ${steps.map((step) => html`<li>${when(step.at)} · ${step.label}${step.fact ? html`<br />${txLink(step.fact)}` : ''}</li>`)}
  </ol>`;
}

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

function paymentPage(base: string, view: PaymentView, csrfToken: string, problem?: string) {
  const { intent, refunds, events } = view;
  const { asset } = intent;
  const amount = (units: string) => tokenAmount(units, asset.decimals, asset.symbol);
  return html`<p><a href="${base}/payments">← Payments</a></p>
    <h2><code>${intent.id}</code> ${statusBadge(intent.status)}</h2>
    ${problem ? html`<p class="problem" role="alert">${problem}</p>` : ''}
    <dl>
      ${intent.amount !== null ? html`<dt>Price</dt><dd>${fiatAmount(intent.amount, intent.currency)}</dd>` : ''}
      <dt>Amount</dt><dd>${amount(intent.amount_crypto)}</dd>
      <dt>Refunded</dt><dd>${amount(intent.amount_refunded)}</dd>
      ${intent.payment ? html`<dt>Still escrowed</dt><dd>${amount(intent.payment.amount_escrowed)}</dd>` : ''}
      ${intent.payment ? html`<dt>Buyer</dt><dd><code>${intent.payment.buyer}</code></dd>` : ''}
      ${intent.payment ? html`<dt>Hold ends</dt><dd>${when(intent.payment.release_after)}</dd>` : ''}
      <dt>Payment id</dt><dd><code>${intent.payment_id}</code></dd>
      ${intent.description ? html`<dt>Description</dt><dd>${intent.description}</dd>` : ''}
      ${Object.entries(intent.metadata).map(([key, value]) => html`<dt>${key}</dt><dd>${value}</dd>`)}
    </dl>
    <h3>Timeline</h3>
    ${timeline(view)}
    <h3>Refunds</h3>
    ${
      refunds.length === 0
        ? html`<p>None.</p>`
        : html`<table>
            <thead><tr><th>Refund</th><th>Status</th><th class="num">Amount</th><th>Created</th><th>Transaction</th></tr></thead>
            <tbody>
              ${refunds.map(
                (refund) => html`<tr data-refund="${refund.id}">
                  <td><code>${refund.id}</code></td>
                  <td>${statusBadge(refund.status)}${refund.failure_reason ? html`<br />${refund.failure_reason}` : ''}</td>
                  <td class="num">${amount(refund.amount)}</td>
                  <td>${when(refund.created)}</td>
                  <td>${refund.transaction ? txLink(refund.transaction) : ''}</td>
                </tr>`,
              )}
            </tbody>
          </table>`
    }
    ${refundForm(base, view, csrfToken)}
    <h3>Events</h3>
    ${
      events.length === 0
        ? html`<p>None in the last 30 days.</p>`
        : html`<table>
            <thead><tr><th>Event</th><th>Type</th><th>Created</th></tr></thead>
            <tbody>
              ${events.map((event) => html`<tr><td><code>${event.id}</code></td><td>${event.type}</td><td>${when(event.created)}</td></tr>`)}
            </tbody>
          </table>`
    }`;
}

/** Whether the page is waiting on the indexer or the keeper, and should look again soon. */
const unsettled = ({ intent, refunds }: PaymentView) =>
  refunds.some((refund) => refund.status === 'pending') || intent.status === 'processing';

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
        body: paymentPage(base, view, c.var.console.csrfToken, problem),
        refreshSeconds: unsettled(view) ? REFRESH_SECONDS : undefined,
      },
      status,
    );

  app.get(`${base}/payments/:id`, async (c) => {
    const id = c.req.param('id');
    const view = await readPayment(app, c, id);
    return view ? show(c, view) : notFoundPage(c, id);
  });

  app.post(`${base}/payments/:id/refunds`, async (c) => {
    const id = c.req.param('id');
    const view = await readPayment(app, c, id);
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
    const outcome = await consoleChange<RefundResource>(app, c, {
      method: 'POST',
      path: '/v1/refunds',
      body: { payment_intent: id, ...(amount ? { amount } : {}), ...(reason ? { reason } : {}) },
      idempotencyKey: text('idempotency_key') || undefined,
      action: 'refund.create',
      before: { payment_intent: id, status: view.intent.status, amount_refunded: view.intent.amount_refunded },
    });
    if (!outcome.ok) return show(c, view, outcome.problem, outcome.status === 409 ? 409 : 400);
    return c.redirect(`${base}/payments/${id}`, 303);
  });
}
