// The arbiter's queue: every open dispute with both sides' on-chain facts, the operator's notes and the
// time left before the escrow's default (everything back to the buyer) applies, and the ruling form. "Send ruling" calls
// POST /v1/admin/payment_intents/:id/resolve_dispute for the worker's arbiter signer to send; "Rule from my
// wallet" has the wallet island (web/console/wallet.ts) send `resolveDispute` from the admin's own arbiter
// wallet, then records the mined transaction with POST /v1/admin/payment_intents/:id/record_ruling.
import type { Context, Hono } from 'hono';
import { html } from 'hono/html';
import { parseUnits } from 'viem';
import type { ApiEnv } from '../../context.js';
import { type Answer, answerOf, type ConsoleApi, consoleApi, type Ok } from '../apiClient.js';
import { consoleChange } from '../change.js';
import { statusBadge, tokenAmount, txLink, when } from '../format.js';
import { type ConsoleSpec, renderConsole } from '../session.js';

const REFRESH_SECONDS = 5;

/** "2 d 3 h", "45 min": how long until `deadline` (unix seconds), or that it passed. */
function timeLeft(deadline: number, now = Date.now() / 1000): string {
  const seconds = Math.floor(deadline - now);
  if (seconds <= 0) return 'passed: the buyer gets everything back';
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  return days > 0
    ? `${days} d ${hours} h`
    : hours > 0
      ? `${hours} h ${Math.floor((seconds % 3600) / 60)} min`
      : `${Math.ceil(seconds / 60)} min`;
}

type Dispute = Ok<ConsoleApi['v1']['admin']['disputes']['$get']>['data'][number];

/** What the wallet island needs to send `resolveDispute` itself. */
interface RulingTarget {
  escrow: string;
  chainId: number;
}

function disputeCard(base: string, csrfToken: string, dispute: Dispute, target: RulingTarget) {
  const { asset } = dispute;
  const amount = (units: string) => tokenAmount(units, asset.decimals, asset.symbol);
  const ruling = dispute.ruling;
  const canRule = dispute.status === 'open' && (!ruling || ruling.status === 'failed');
  return html`<section class="dispute" data-dispute="${dispute.payment_intent}">
    <h3><code>${dispute.payment_intent}</code> · ${dispute.merchant.name}</h3>
    <dl>
      <dt>At stake</dt><dd>${amount(dispute.amount_escrowed)} of ${amount(dispute.amount)} paid</dd>
      ${dispute.description ? html`<dt>Order</dt><dd>${dispute.description}</dd>` : ''}
      <dt>Buyer</dt><dd><code>${dispute.buyer}</code>, paid ${when(dispute.escrowed.at)}: ${txLink(dispute.escrowed)}</dd>
      <dt>Merchant</dt><dd><code>${dispute.merchant.payout_address}</code> (${dispute.merchant.id})</dd>
      <dt>Disputed</dt><dd>${when(dispute.disputed.at)}: ${txLink(dispute.disputed)}</dd>
      <dt>Deadline</dt><dd>${when(dispute.dispute_deadline)} (${timeLeft(dispute.dispute_deadline)})</dd>
      ${
        dispute.outcome
          ? html`<dt>Outcome</dt><dd data-outcome>${amount(dispute.outcome.buyer_amount)} back to the buyer, ${amount(dispute.outcome.merchant_amount)} to the merchant, ${amount(dispute.outcome.fee_amount)} fee</dd>`
          : ''
      }
      ${
        ruling
          ? html`<dt>Ruling</dt><dd>${statusBadge(ruling.status)} ${amount(ruling.buyer_amount)} to the buyer, ${amount(ruling.merchant_share)} to the merchant${ruling.note ? html`: “${ruling.note}”` : ''}${ruling.failure_reason ? html`<br />${ruling.failure_reason}` : ''}</dd>`
          : ''
      }
    </dl>
    <h4>Notes</h4>
    ${dispute.notes.length === 0 ? html`<p>None yet.</p>` : ''}
    <ul class="notes">
      ${dispute.notes.map((note) => html`<li data-note="${note.id}">${when(note.created)}, ${note.author}: ${note.body}</li>`)}
    </ul>
    <form method="post" action="${base}/disputes/${dispute.payment_intent}/notes" class="filters">
      <input type="hidden" name="_csrf" value="${csrfToken}" />
      <label>Add a note <input name="body" maxlength="2000" required /></label>
      <button type="submit">Add note</button>
    </form>
    ${
      canRule
        ? html`<form method="post" action="${base}/disputes/${dispute.payment_intent}" data-ruling="${JSON.stringify({ ...target, record: dispute.escrow_record, escrowed: dispute.amount_escrowed, decimals: asset.decimals })}">
            <input type="hidden" name="_csrf" value="${csrfToken}" />
            <input type="hidden" name="transaction_hash" />
            <label for="buyer-${dispute.payment_intent}">Back to the buyer, in ${asset.symbol} (the merchant gets the rest, less the fee)</label>
            <input id="buyer-${dispute.payment_intent}" name="buyer_amount" inputmode="decimal" required placeholder="e.g. ${amount(dispute.amount_escrowed).split(' ')[0]}" />
            <label for="note-${dispute.payment_intent}">Note</label>
            <input id="note-${dispute.payment_intent}" name="note" maxlength="2000" />
            <button type="submit">Send ruling</button>
            <button type="submit" formaction="${base}/disputes/${dispute.payment_intent}/wallet" data-wallet-ruling>Rule from my wallet</button>
            <span data-wallet-status role="status"></span>
          </form>`
        : ''
    }
  </section>`;
}

export function mountAdminDisputes(app: Hono<ApiEnv>, spec: ConsoleSpec) {
  const { base } = spec;
  const show = async (c: Context<ApiEnv>, problem?: string) => {
    const list = await answerOf(consoleApi(c).v1.admin.disputes.$get({ query: { status: 'all' } }));
    if (!list.ok) throw new Error(`GET /v1/admin/disputes answered ${list.status}`);
    const open = list.body.data.filter((dispute) => dispute.status === 'open');
    const settled = list.body.data.filter((dispute) => dispute.status === 'resolved');
    const waiting = open.some((dispute) => dispute.ruling?.status === 'pending');
    const { networks, defaultNetwork } = c.var.services;
    // A wallet ruling is sent on the dispute's own network, to its escrow.
    const targetOf = (dispute: Dispute) => {
      const { escrowAddress, chain } = (networks.get(dispute.chain_id) ?? defaultNetwork).network;
      return { escrow: escrowAddress, chainId: chain.id };
    };
    const card = (dispute: Dispute) => disputeCard(base, c.var.console.csrfToken, dispute, targetOf(dispute));
    return renderConsole(
      c,
      spec,
      {
        title: 'Disputes',
        current: `${base}/disputes`,
        body: html`<h2>Disputes</h2>
          ${problem ? html`<p class="problem" role="alert">${problem}</p>` : ''}
          ${open.length === 0 ? html`<p>No open disputes.</p>` : ''}
          ${open.map(card)}
          ${settled.length > 0 ? html`<h2>Settled</h2>${settled.map(card)}` : ''}`,
        refreshSeconds: waiting ? REFRESH_SECONDS : undefined,
        island: open.length > 0 ? 'wallet' : undefined,
      },
      problem ? 400 : 200,
    );
  };

  app.get(`${base}/disputes`, (c) => show(c));

  /** The dispute on `id`, or the page saying there is none. */
  const disputeOn = async (c: Context<ApiEnv>, id: string) => {
    const found = await answerOf(consoleApi(c).v1.admin.disputes.$get({ query: { payment_intent: id } }));
    return found.ok ? found.body.data[0] : undefined;
  };
  const disputeForm = async (c: Context<ApiEnv>) => {
    const form = await c.req.parseBody();
    return (name: string) => (typeof form[name] === 'string' ? form[name].trim() : '');
  };
  const afterChange = (c: Context<ApiEnv>, outcome: Answer<unknown>) =>
    outcome.ok ? c.redirect(`${base}/disputes`, 303) : show(c, outcome.problem);

  app.post(`${base}/disputes/:id`, async (c) => {
    const id = c.req.param('id');
    const text = await disputeForm(c);
    const dispute = await disputeOn(c, id);
    if (!dispute) return show(c, `No dispute on ${id}.`);
    let buyerAmount: string;
    try {
      buyerAmount = parseUnits(text('buyer_amount'), dispute.asset.decimals).toString();
    } catch {
      return show(c, `Write the buyer's amount in ${dispute.asset.symbol}, e.g. 0.01.`);
    }
    const outcome = await consoleChange(c, (api) =>
      api.v1.admin.payment_intents[':id'].resolve_dispute.$post({
        param: { id: encodeURIComponent(id) },
        json: { buyer_amount: buyerAmount, ...(text('note') ? { note: text('note') } : {}) },
        header: {},
      }),
    );
    return afterChange(c, outcome);
  });

  app.post(`${base}/disputes/:id/notes`, async (c) => {
    const id = c.req.param('id');
    const text = await disputeForm(c);
    const outcome = await consoleChange(c, (api) =>
      api.v1.admin.payment_intents[':id'].dispute_notes.$post({
        param: { id: encodeURIComponent(id) },
        json: { body: text('body') },
        header: {},
      }),
    );
    return afterChange(c, outcome);
  });

  app.post(`${base}/disputes/:id/wallet`, async (c) => {
    const id = c.req.param('id');
    const text = await disputeForm(c);
    if (!text('transaction_hash')) {
      return show(
        c,
        'Rule from your wallet needs script and a browser wallet holding the arbiter role; or use Send ruling.',
      );
    }
    const outcome = await consoleChange(c, (api) =>
      api.v1.admin.payment_intents[':id'].record_ruling.$post({
        param: { id: encodeURIComponent(id) },
        json: { transaction_hash: text('transaction_hash'), ...(text('note') ? { note: text('note') } : {}) },
        header: {},
      }),
    );
    return afterChange(c, outcome);
  });
}
