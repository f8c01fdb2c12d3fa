// The operator's merchants: each with its terms, verification and suspension, changed in place through
// POST /v1/admin/merchants/:id (which records the change in the audit log).
import type { Context, Hono } from 'hono';
import type { InferRequestType } from 'hono/client';
import { html } from 'hono/html';
import type { ApiEnv } from '../../context.js';
import { answerOf, type ConsoleApi, consoleApi, type Ok } from '../apiClient.js';
import { consoleChange } from '../change.js';
import { when } from '../format.js';
import { type ConsoleSpec, renderConsole } from '../session.js';

type Merchants = ConsoleApi['v1']['admin']['merchants'];
type Merchant = Ok<Merchants['$get']>['data'][number];
type MerchantUpdate = InferRequestType<Merchants[':id']['$post']>['json'];

const hours = (seconds: number) => `${seconds / 3600} h`;

function merchantRow(base: string, csrfToken: string, shop: Merchant) {
  const toggle = (field: 'verified' | 'suspended', value: boolean, label: string) =>
    html`<form method="post" action="${base}/merchants/${shop.id}">
      <input type="hidden" name="_csrf" value="${csrfToken}" />
      <input type="hidden" name="${field}" value="${String(value)}" />
      <button type="submit">${label}</button>
    </form>`;
  return html`<tr data-merchant="${shop.id}">
    <td>${shop.name}<br /><code>${shop.id}</code><br />${shop.email}</td>
    <td>
      ${shop.verified ? html`<span class="status succeeded">verified</span>` : html`<span class="status pending">unverified</span>`}
      ${shop.suspended ? html`<span class="status failed">suspended</span>` : ''}
    </td>
    <td>
      <form method="post" action="${base}/merchants/${shop.id}" class="filters">
        <input type="hidden" name="_csrf" value="${csrfToken}" />
        <label>Fee (bps) <input name="fee_bps" inputmode="numeric" size="5" value="${shop.fee_bps}" /></label>
        <label>Hold (s) <input name="hold_period_seconds" inputmode="numeric" size="8" value="${shop.hold_period_seconds}" /></label>
        <button type="submit">Save terms</button>
      </form>
      <small>${shop.fee_bps / 100}% fee, ${hours(shop.hold_period_seconds)} hold, for intents signed from now on</small>
    </td>
    <td>${when(shop.created)}</td>
    <td>
      ${shop.verified ? toggle('verified', false, 'Unverify') : toggle('verified', true, 'Verify')}
      ${shop.suspended ? toggle('suspended', false, 'Reinstate') : toggle('suspended', true, 'Suspend')}
    </td>
  </tr>`;
}

/**
 * A form's fields as the update route's body: numbers as numbers, flags as booleans, blanks left out. A
 * value that is no number is sent as it is, for the API to refuse with its own message.
 */
function updateOf(form: Record<string, unknown>): MerchantUpdate {
  const body: Record<string, unknown> = {};
  for (const field of ['fee_bps', 'hold_period_seconds'] as const) {
    const value = typeof form[field] === 'string' ? form[field].trim() : '';
    if (value !== '') body[field] = /^\d+$/.test(value) ? Number(value) : value;
  }
  for (const field of ['verified', 'suspended'] as const) {
    if (form[field] === 'true' || form[field] === 'false') body[field] = form[field] === 'true';
  }
  return body as MerchantUpdate;
}

export function mountAdminMerchants(app: Hono<ApiEnv>, spec: ConsoleSpec) {
  const { base } = spec;
  const show = async (c: Context<ApiEnv>, problem?: string) => {
    const after = c.req.query('starting_after');
    const list = await answerOf(
      consoleApi(c).v1.admin.merchants.$get({ query: { limit: '50', starting_after: after || undefined } }),
    );
    if (!list.ok) throw new Error(`GET /v1/admin/merchants answered ${list.status}`);
    const last = list.body.data.at(-1);
    return renderConsole(
      c,
      spec,
      {
        title: 'Merchants',
        current: `${base}/merchants`,
        body: html`<h2>Merchants</h2>
          ${problem ? html`<p class="problem" role="alert">${problem}</p>` : ''}
          <p>An unverified merchant takes no payments on a live network; a suspended one's keys and dashboard are refused.</p>
          <table>
            <thead><tr><th>Merchant</th><th>State</th><th>Terms</th><th>Created</th><th></th></tr></thead>
            <tbody>${list.body.data.map((shop) => merchantRow(base, c.var.console.csrfToken, shop))}</tbody>
          </table>
          ${list.body.has_more && last ? html`<p><a href="${base}/merchants?starting_after=${last.id}">More →</a></p>` : ''}`,
      },
      problem ? 400 : 200,
    );
  };

  app.get(base, (c) => c.redirect(`${base}/merchants`, 303));
  app.get(`${base}/merchants`, (c) => show(c));

  app.post(`${base}/merchants/:id`, async (c) => {
    const id = encodeURIComponent(c.req.param('id'));
    const json = updateOf(await c.req.parseBody());
    const outcome = await consoleChange(c, (api) =>
      api.v1.admin.merchants[':id'].$post({ param: { id }, json, header: {} }),
    );
    if (!outcome.ok) return show(c, outcome.problem);
    return c.redirect(`${base}/merchants`, 303);
  });
}
