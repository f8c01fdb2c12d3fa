// The merchant's payments: a filtered, searchable table a page at a time, and the same selection as CSV.
// Both read GET /v1/payment_intents for the signed-in user's merchant.
import type { Context, Hono } from 'hono';
import type { InferRequestType } from 'hono/client';
import { html } from 'hono/html';
import { intentStatuses } from '../../../lib/paymentIntents/status.js';
import type { ApiEnv } from '../../context.js';
import { answerOf, type ConsoleApi, consoleApi, type Ok } from '../apiClient.js';
import { csvDownload } from '../csv.js';
import { age, fiatAmount, statusBadge, tokenAmount } from '../format.js';
import { CONSOLE_HEADERS } from '../layout.js';
import { chosenNetwork, networkFilter, networkName } from '../networks.js';
import { type ConsoleSpec, renderConsole } from '../session.js';

type ListIntents = ConsoleApi['v1']['payment_intents']['$get'];

const PAGE_SIZE = 25;
/** A CSV export reads this many intents at most (the API's largest page, 40 times). */
const CSV_PAGES = 40;
const CSV_PAGE_SIZE = 100;

/** The table's filters, from the page's query string, in the form the API takes them. */
function filtersOf(c: Context<ApiEnv>) {
  const q = (name: string) => c.req.query(name)?.trim() || undefined;
  const status = intentStatuses.find((known) => known === q('status'));
  const day = (name: string, endOfDay: boolean) => {
    const text = q(name);
    if (!text || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
    const start = Date.parse(`${text}T00:00:00Z`) / 1000;
    return Number.isNaN(start) ? undefined : String(endOfDay ? start + 86_399 : start);
  };
  const shown = { status, from: q('from'), to: q('to'), asset: q('asset'), q: q('q'), network: chosenNetwork(c) };
  const api: InferRequestType<ListIntents>['query'] = {
    status,
    'created[gte]': day('from', false),
    'created[lte]': day('to', true),
    asset: shown.asset,
    search: shown.q,
    network: shown.network,
  };
  return { shown, api };
}

export function mountPayments(app: Hono<ApiEnv>, spec: ConsoleSpec) {
  const { base } = spec;

  app.get(`${base}/payments`, async (c) => {
    const { shown, api } = filtersOf(c);
    const query = { ...api, limit: String(PAGE_SIZE), starting_after: c.req.query('starting_after') || undefined };
    const answer = await answerOf(consoleApi(c).v1.payment_intents.$get({ query }));
    const list = answer.ok ? answer.body : { data: [], has_more: false };
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
          ${networkFilter(c, shown.network)}
          <label>Asset <input name="asset" placeholder="native or 0x…" value="${shown.asset ?? ''}" size="14" /></label>
          <label>Search <input type="search" name="q" placeholder="intent, payment, tx hash, metadata" value="${shown.q ?? ''}" size="28" /></label>
          <button type="submit">Filter</button>
          <a href="${base}/payments.csv?${csv}" download>Export CSV</a>
        </form>
        ${answer.ok ? '' : html`<p class="problem" role="alert">${answer.problem}</p>`}
        <table>
          <thead>
            <tr><th>Intent</th><th>Network</th><th>Status</th><th class="num">Amount</th><th class="num">Paid in</th><th>Buyer</th><th>Age</th></tr>
          </thead>
          <tbody>
            ${list.data.map(
              (intent) => html`<tr>
                <td><a href="${base}/payments/${intent.id}"><code>${intent.id}</code></a>${intent.description ? html`<br />${intent.description}` : ''}</td>
                <td>${networkName(intent)}</td>
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
    const query = { ...filtersOf(c).api, limit: String(CSV_PAGE_SIZE) };
    const api = consoleApi(c);
    const intents: Ok<ListIntents>['data'] = [];
    for (let page = 0; page < CSV_PAGES; page += 1) {
      const answer = await answerOf(api.v1.payment_intents.$get({ query }));
      if (!answer.ok) return c.text(answer.problem, 400, CONSOLE_HEADERS);
      intents.push(...answer.body.data);
      const last = answer.body.data.at(-1);
      if (!answer.body.has_more || !last) break;
      query.starting_after = last.id;
    }
    const rows = intents.map((intent) => [
      intent.id,
      intent.status,
      intent.network ?? '',
      String(intent.chain_id),
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
        'network',
        'chain_id',
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
