// The merchant's payments: a filtered, searchable table a page at a time, and the same selection as CSV.
// Both read GET /v1/payment_intents for the signed-in user's merchant.
import type { Context, Hono } from 'hono';
import { html } from 'hono/html';
import { type IntentStatus, intentStatuses } from '../../../lib/paymentIntents/status.js';
import type { PaymentIntentResource } from '../../../lib/resources/paymentIntent.js';
import type { ApiEnv } from '../../context.js';
import { type ApiRefusal, consoleApi, refused } from '../apiClient.js';
import { csvDownload } from '../csv.js';
import { age, fiatAmount, statusBadge, tokenAmount } from '../format.js';
import { CONSOLE_HEADERS } from '../layout.js';
import { type ConsoleSpec, renderConsole } from '../session.js';

interface IntentList {
  data: PaymentIntentResource[];
  has_more: boolean;
}

const PAGE_SIZE = 25;
/** A CSV export reads this many intents at most (the API's largest page, 40 times). */
const CSV_PAGES = 40;
const CSV_PAGE_SIZE = 100;

/** The table's filters, from the page's query string, in the form the API takes them. */
function filtersOf(c: Context<ApiEnv>) {
  const q = (name: string) => c.req.query(name)?.trim() || undefined;
  const status = intentStatuses.includes(q('status') as IntentStatus) ? q('status') : undefined;
  const day = (name: string, endOfDay: boolean) => {
    const text = q(name);
    if (!text || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
    const start = Date.parse(`${text}T00:00:00Z`) / 1000;
    return Number.isNaN(start) ? undefined : String(endOfDay ? start + 86_399 : start);
  };
  const shown = { status, from: q('from'), to: q('to'), asset: q('asset'), q: q('q') };
  const api = new URLSearchParams();
  if (status) api.set('status', status);
  const from = day('from', false);
  const to = day('to', true);
  if (from) api.set('created[gte]', from);
  if (to) api.set('created[lte]', to);
  if (shown.asset) api.set('asset', shown.asset);
  if (shown.q) api.set('search', shown.q);
  return { shown, api };
}

const problemOf = (answer: { body: unknown }) => (answer.body as ApiRefusal).error.message;

export function mountPayments(app: Hono<ApiEnv>, spec: ConsoleSpec) {
  const { base } = spec;

  app.get(`${base}/payments`, async (c) => {
    const { shown, api } = filtersOf(c);
    api.set('limit', String(PAGE_SIZE));
    const after = c.req.query('starting_after');
    if (after) api.set('starting_after', after);
    const answer = await consoleApi(c)<IntentList>('GET', `/v1/payment_intents?${api}`);
    const list: IntentList = refused(answer) ? { data: [], has_more: false } : answer.body;
    const next = new URLSearchParams(c.req.query());
    const last = list.data.at(-1);
    if (last) next.set('starting_after', last.id);
    const csv = new URLSearchParams(c.req.query());
    csv.delete('starting_after');
    return renderConsole(c, spec, {
      title: 'Payments',
      current: `${base}/payments`,
      body: html`<h2>Payments</h2>
        <form class="filters" method="get" action="${base}/payments">
          <label>Status
            <select name="status">
              <option value="">any</option>
              ${intentStatuses.map(
                (status) =>
                  html`<option value="${status}" ${status === shown.status ? 'selected' : ''}>${status.replaceAll('_', ' ')}</option>`,
              )}
            </select>
          </label>
          <label>From <input type="date" name="from" value="${shown.from ?? ''}" /></label>
          <label>To <input type="date" name="to" value="${shown.to ?? ''}" /></label>
          <label>Asset <input name="asset" placeholder="native or 0x…" value="${shown.asset ?? ''}" size="14" /></label>
          <label>Search <input type="search" name="q" placeholder="intent, payment, tx hash, metadata" value="${shown.q ?? ''}" size="28" /></label>
          <button type="submit">Filter</button>
          <a href="${base}/payments.csv?${csv}" download>Export CSV</a>
        </form>
        ${refused(answer) ? html`<p class="problem" role="alert">${problemOf(answer)}</p>` : ''}
        <table>
          <thead>
            <tr><th>Intent</th><th>Status</th><th class="num">Amount</th><th class="num">Paid in</th><th>Buyer</th><th>Age</th></tr>
          </thead>
          <tbody>
            ${list.data.map(
              (intent) => html`<tr>
                <td><a href="${base}/payments/${intent.id}"><code>${intent.id}</code></a>${intent.description ? html`<br />${intent.description}` : ''}</td>
                <td>${statusBadge(intent.status)}</td>
                <td class="num">${fiatAmount(intent.amount, intent.currency)}</td>
                <td class="num">${tokenAmount(intent.amount_crypto, intent.asset.decimals, intent.asset.symbol)}</td>
                <td>${intent.payment ? html`<code>${intent.payment.buyer}</code>` : ''}</td>
                <td>${age(intent.created)}</td>
              </tr>`,
            )}
          </tbody>
        </table>
        ${list.data.length === 0 ? html`<p>No payments match.</p>` : ''}
        ${list.has_more ? html`<p><a href="${base}/payments?${next}">Older payments →</a></p>` : ''}`,
    });
  });

  app.get(`${base}/payments.csv`, async (c) => {
    const { api } = filtersOf(c);
    api.set('limit', String(CSV_PAGE_SIZE));
    const call = consoleApi(c);
    const intents: PaymentIntentResource[] = [];
    for (let page = 0; page < CSV_PAGES; page += 1) {
      const answer = await call<IntentList>('GET', `/v1/payment_intents?${api}`);
      if (refused(answer)) return c.text(problemOf(answer), 400, CONSOLE_HEADERS);
      intents.push(...answer.body.data);
      const last = answer.body.data.at(-1);
      if (!answer.body.has_more || !last) break;
      api.set('starting_after', last.id);
    }
    const rows = intents.map((intent) => [
      intent.id,
      intent.status,
      new Date(intent.created * 1000).toISOString(),
      intent.amount === null ? '' : String(intent.amount),
      intent.currency ?? '',
      intent.asset.symbol,
      intent.asset.address,
      intent.amount_crypto,
      intent.amount_refunded,
      intent.payment?.buyer ?? '',
      intent.payment_id,
      intent.payment?.escrowed?.tx_hash ?? '',
      intent.description ?? '',
      JSON.stringify(intent.metadata),
    ]);
    return csvDownload(
      c,
      'payments',
      [
        'id',
        'status',
        'created',
        'amount_minor',
        'currency',
        'asset',
        'asset_address',
        'amount_base_units',
        'refunded_base_units',
        'buyer',
        'payment_id',
        'escrow_tx',
        'description',
        'metadata',
      ],
      rows,
    );
  });
}
