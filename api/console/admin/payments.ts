// Every merchant's payments for the operator, from GET /v1/admin/payment_intents, and each payment on the
// dashboard's own page (api/console/paymentView.ts), read as its merchant with read-only rights: the
// admin sees what the merchant sees and can change nothing of the merchant's from here.
import type { Context, Hono } from 'hono';
import { html } from 'hono/html';
import { intentStatuses } from '../../../lib/paymentIntents/status.js';
import type { ApiEnv } from '../../context.js';
import { answerOf, consoleApi } from '../apiClient.js';
import { age, fiatAmount, statusBadge, tokenAmount } from '../format.js';
import { chosenNetwork, networkFilter, networkName } from '../networks.js';
import { paymentPage, readPayment, unsettled } from '../paymentView.js';
import { type ConsoleSpec, renderConsole } from '../session.js';

const REFRESH_SECONDS = 5;

export function mountAdminPayments(app: Hono<ApiEnv>, spec: ConsoleSpec) {
  const { base } = spec;
  const current = `${base}/payments`;

  app.get(current, async (c) => {
    const q = (name: string) => c.req.query(name)?.trim() || undefined;
    const status = intentStatuses.find((known) => known === q('status'));
    const network = chosenNetwork(c);
    const query = {
      network,
      limit: '50',
      merchant: q('merchant'),
      search: q('q'),
      starting_after: q('starting_after'),
      status,
    };
    const list = await answerOf(consoleApi(c).v1.admin.payment_intents.$get({ query }));
    const rows = list.ok ? list.body.data : [];
    const next = new URLSearchParams(c.req.query());
    const last = rows.at(-1);
    if (last) next.set('starting_after', last.id);
    return renderConsole(c, spec, {
      title: 'Payments',
      current,
      body: html`<h2>All payments</h2>
        <form class="filters" method="get" action="${current}">
          <label>Merchant <input name="merchant" value="${q('merchant') ?? ''}" placeholder="mch_…" /></label>
          <label>Status
            <select name="status">
              <option value="">any</option>
              ${intentStatuses.map((one) => html`<option value="${one}" ${one === status ? 'selected' : ''}>${one.replaceAll('_', ' ')}</option>`)}
            </select>
          </label>
          ${networkFilter(c, network)}
          <label>Search <input type="search" name="q" value="${q('q') ?? ''}" placeholder="intent, payment, tx hash, metadata" size="28" /></label>
          <button type="submit">Filter</button>
        </form>
        <table>
          <thead><tr><th>Intent</th><th>Merchant</th><th>Network</th><th>Status</th><th class="num">Amount</th><th class="num">Paid in</th><th>Age</th></tr></thead>
          <tbody>
            ${rows.map(
              (intent) => html`<tr>
                <td><a href="${current}/${intent.merchant}/${intent.id}"><code>${intent.id}</code></a>${intent.description ? html`<br />${intent.description}` : ''}</td>
                <td><code>${intent.merchant}</code></td>
                <td>${networkName(intent)}</td>
                <td>${statusBadge(intent.status)}</td>
                <td class="num">${fiatAmount(intent.amount, intent.currency)}</td>
                <td class="num">${tokenAmount(intent.amount_crypto, intent.asset.decimals, intent.asset.symbol)}</td>
                <td>${age(intent.created)}</td>
              </tr>`,
            )}
          </tbody>
        </table>
        ${rows.length === 0 ? html`<p>No payments match.</p>` : ''}
        ${list.ok && list.body.has_more ? html`<p><a href="${current}?${next}">Older payments →</a></p>` : ''}`,
    });
  });

  app.get(`${current}/:merchant/:id`, async (c: Context<ApiEnv>) => {
    const id = c.req.param('id')!;
    const view = await readPayment(consoleApi(c, { asMerchant: c.req.param('merchant') }), id);
    if (!view) {
      return renderConsole(
        c,
        spec,
        { title: 'Not found', current, body: html`<p class="problem">No payment ${id} of that merchant.</p>` },
        404,
      );
    }
    return renderConsole(c, spec, {
      title: `Payment ${id}`,
      current,
      body: paymentPage(base, view, ''),
      refreshSeconds: unsettled(view) ? REFRESH_SECONDS : undefined,
    });
  });
}
