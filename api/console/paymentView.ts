// One payment as both consoles show it: what was promised, its on-chain timeline with explorer links,
// its refunds, the events its webhooks carried and each delivery of them, read through the API's own
// routes.
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { ChainFact } from '../../lib/resources/chainFact.js';
import { answerOf, type ConsoleApi, type Ok } from './apiClient.js';
import { deliveryAttempts } from './deliveries.js';
import { fiatAmount, statusBadge, tokenAmount, txLink, when } from './format.js';
import { networkName } from './networks.js';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

type V1 = ConsoleApi['v1'];

export interface PaymentView {
  intent: Ok<V1['payment_intents'][':id']['$get']>;
  refunds: Ok<V1['refunds']['$get']>['data'];
  events: Ok<V1['events']['$get']>['data'];
  deliveries: Ok<V1['webhook_deliveries']['$get']>['data'];
}

/** The intent, its refunds, its events and their deliveries, through `api` (as the intent's merchant). */
export async function readPayment(api: ConsoleApi, id: string): Promise<PaymentView | undefined> {
  const intent = await answerOf(api.v1.payment_intents[':id'].$get({ param: { id: encodeURIComponent(id) } }));
  if (!intent.ok) return undefined;
  const query = { payment_intent: id, limit: '100' };
  const [refunds, events, deliveries] = await Promise.all([
    answerOf(api.v1.refunds.$get({ query })),
    answerOf(api.v1.events.$get({ query })),
    answerOf(api.v1.webhook_deliveries.$get({ query })),
  ]);
  return {
    intent: intent.body,
    refunds: refunds.ok ? refunds.body.data : [],
    events: events.ok ? events.body.data : [],
    deliveries: deliveries.ok ? deliveries.body.data : [],
  };
}

interface Step {
  /** Unix seconds: the API's own times and block times are whole seconds, so no finer instant is known. */
  at: number;
  label: string;
  fact?: ChainFact | null;
}

/**
 * Steps by time, and among steps of the same second by what must have come first: the steps off chain,
 * the intent (a payment is signed for it) then its cancel, which is accepted only while the gateway has
 * seen no payment, so before any chain fact of that second, whatever the block's own stamp says; then
 * chain facts in block order, and within one block in the order they are listed.
 */
function byTimeThenCause(a: Step, b: Step): number {
  if (a.at !== b.at) return a.at - b.at;
  if (!a.fact || !b.fact) return Number(Boolean(a.fact)) - Number(Boolean(b.fact));
  return Number(BigInt(a.fact.block_number) - BigInt(b.fact.block_number));
}

function timeline({ intent, refunds }: PaymentView) {
  const payment = intent.payment;
  const steps: Step[] = [{ at: intent.created, label: 'Intent created' }];
  if (intent.canceled_at) steps.push({ at: intent.canceled_at, label: 'Canceled' });
  if (payment) {
    steps.push({ at: payment.escrowed.at, label: `Paid into escrow by ${payment.buyer}`, fact: payment.escrowed });
    if (payment.disputed)
      steps.push({ at: payment.disputed.at, label: 'Disputed by the buyer', fact: payment.disputed });
    for (const refund of refunds) {
      if (refund.transaction) {
        steps.push({
          at: refund.transaction.at,
          label: inIntentAsset(intent, refund)
            ? `Refunded ${tokenAmount(refund.amount, intent.asset.decimals, intent.asset.symbol)}`
            : `Returned ${refund.amount} base units of ${refund.asset} on ${networkName(refund)}`,
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
  return html`<ol class="timeline">
    ${steps.sort(byTimeThenCause).map((step) => html`<li>${when(step.at)} · ${step.label}${step.fact ? html`<br />${txLink(step.fact)}` : ''}</li>`)}
  </ol>`;
}

/** Whether `refund` is in the intent's own asset on its own chain, so the intent's symbol and decimals fit it. */
const inIntentAsset = (intent: PaymentView['intent'], refund: PaymentView['refunds'][number]) =>
  refund.chain_id === intent.chain_id &&
  (refund.asset === 'native' ? intent.asset.type === 'native' : refund.asset === intent.asset.address);

/** The payment, with `actions` (what the viewer may do) below its refunds. */
export function paymentPage(base: string, view: PaymentView, actions: Html | string, problem?: string) {
  const { intent, refunds, events, deliveries } = view;
  const { asset } = intent;
  const amount = (units: string) => tokenAmount(units, asset.decimals, asset.symbol);
  return html`<p><a href="${base}/payments">← Payments</a></p>
    <h2><code>${intent.id}</code> ${statusBadge(intent.status)}</h2>
    ${problem ? html`<p class="problem" role="alert">${problem}</p>` : ''}
    <dl>
      <dt>Network</dt><dd>${networkName(intent)} (chain ${intent.chain_id})</dd>
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
                  <td><code>${refund.id}</code>${refund.source === 'foreign_deposit' ? html`<br />sent to this payment’s deposit address on ${networkName(refund)} (the wrong network), returned there` : ''}</td>
                  <td>${statusBadge(refund.status)}${refund.failure_reason ? html`<br />${refund.failure_reason}` : ''}</td>
                  <td class="num">${inIntentAsset(intent, refund) ? amount(refund.amount) : `${refund.amount} base units of ${refund.asset}`}</td>
                  <td>${when(refund.created)}</td>
                  <td>${refund.transaction ? txLink(refund.transaction) : ''}</td>
                </tr>`,
              )}
            </tbody>
          </table>`
    }
    ${actions}
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
    }
    <h3>Webhook deliveries</h3>
    ${
      deliveries.length === 0
        ? html`<p>None: no webhook endpoint took these events.</p>`
        : html`<table>
            <thead><tr><th>Event</th><th>Endpoint</th><th>Status</th><th>Attempts</th></tr></thead>
            <tbody>
              ${deliveries.map(
                (delivery) => html`<tr data-delivery="${delivery.id}">
                  <td>${delivery.event_type}<br /><code>${delivery.event}</code></td>
                  <td><code>${delivery.endpoint.url}</code></td>
                  <td>${statusBadge(delivery.status)}${delivery.next_attempt_at ? html`<br />next ${when(delivery.next_attempt_at)}` : ''}</td>
                  <td>${deliveryAttempts(delivery)}</td>
                </tr>`,
              )}
            </tbody>
          </table>`
    }`;
}

/** Whether the page is waiting on the indexer or the keeper, and should look again soon. */
export const unsettled = ({ intent, refunds }: PaymentView) =>
  refunds.some((refund) => refund.status === 'pending') || intent.status === 'processing';
