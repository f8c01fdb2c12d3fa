// The audit log for the operator: every change, filtered by merchant or action, and exported as CSV, from
// GET /v1/admin/audit_log.
import type { Context, Hono } from 'hono';
import type { InferRequestType } from 'hono/client';
import { html } from 'hono/html';
import type { ApiEnv } from '../../context.js';
import { answerOf, type ConsoleApi, consoleApi, type Ok } from '../apiClient.js';
import { csvDownload } from '../csv.js';
import { when } from '../format.js';
import { type ConsoleSpec, renderConsole } from '../session.js';

type ListAuditLog = ConsoleApi['v1']['admin']['audit_log']['$get'];
type AuditEntry = Ok<ListAuditLog>['data'][number];

const EXPORT_PAGES = 100;

function filtersOf(c: Context<ApiEnv>) {
  const merchant = c.req.query('merchant')?.trim();
  const action = c.req.query('action')?.trim();
  const api: InferRequestType<ListAuditLog>['query'] = { merchant: merchant || undefined, action: action || undefined };
  return { merchant, action, api };
}

/** What changed between `before` and `after`: the fields whose values differ. */
function changes(entry: AuditEntry): string {
  if (!entry.before || !entry.after) return '';
  return Object.keys(entry.after)
    .filter((key) => JSON.stringify(entry.before![key]) !== JSON.stringify(entry.after![key]))
    .map((key) => `${key}: ${JSON.stringify(entry.before![key])} → ${JSON.stringify(entry.after![key])}`)
    .join('; ');
}

export function mountAdminAudit(app: Hono<ApiEnv>, spec: ConsoleSpec) {
  const { base } = spec;

  app.get(`${base}/audit`, async (c) => {
    const { merchant, action, api } = filtersOf(c);
    const query = { ...api, limit: '50', starting_after: c.req.query('starting_after') || undefined };
    const page = await answerOf(consoleApi(c).v1.admin.audit_log.$get({ query }));
    if (!page.ok) throw new Error(`GET /v1/admin/audit_log answered ${page.status}`);
    const next = new URLSearchParams(c.req.query());
    const last = page.body.data.at(-1);
    if (last) next.set('starting_after', last.id);
    const csv = new URLSearchParams(c.req.query());
    csv.delete('starting_after');
    return renderConsole(c, spec, {
      title: 'Audit log',
      current: `${base}/audit`,
      body: html`<h2>Audit log</h2>
        <p>Every change made through the consoles and the admin API. Entries can be read, never changed or removed.</p>
        <form class="filters" method="get" action="${base}/audit">
          <label>Merchant <input name="merchant" value="${merchant ?? ''}" placeholder="mch_…" /></label>
          <label>Action <input name="action" value="${action ?? ''}" placeholder="merchant.update" /></label>
          <button type="submit">Filter</button>
          <a href="${base}/audit.csv?${csv}" download>Export CSV</a>
        </form>
        <table>
          <thead><tr><th>When</th><th>Who</th><th>Action</th><th>Target</th><th>Change</th><th>From</th></tr></thead>
          <tbody>
            ${page.body.data.map(
              (entry) => html`<tr data-action="${entry.action}">
                <td>${when(entry.at)}</td>
                <td>${entry.actor_kind}<br /><code>${entry.actor ?? ''}</code></td>
                <td>${entry.action}</td>
                <td><code>${entry.target ?? ''}</code>${entry.merchant ? html`<br /><code>${entry.merchant}</code>` : ''}</td>
                <td>${changes(entry)}</td>
                <td>${entry.ip ?? ''}</td>
              </tr>`,
            )}
          </tbody>
        </table>
        ${page.body.has_more ? html`<p><a href="${base}/audit?${next}">Older →</a></p>` : ''}`,
    });
  });

  app.get(`${base}/audit.csv`, async (c) => {
    const query = { ...filtersOf(c).api, limit: '100' };
    const api = consoleApi(c);
    const entries: AuditEntry[] = [];
    for (let page = 0; page < EXPORT_PAGES; page += 1) {
      const answer = await answerOf(api.v1.admin.audit_log.$get({ query }));
      if (!answer.ok) throw new Error(`GET /v1/admin/audit_log answered ${answer.status}`);
      entries.push(...answer.body.data);
      const last = answer.body.data.at(-1);
      if (!answer.body.has_more || !last) break;
      query.starting_after = last.id;
    }
    return csvDownload(
      c,
      'audit-log',
      ['id', 'at', 'actor_kind', 'actor', 'merchant', 'action', 'target', 'before', 'after', 'ip', 'user_agent'],
      entries.map((entry) => [
        entry.id,
        new Date(entry.at * 1000).toISOString(),
        entry.actor_kind,
        entry.actor ?? '',
        entry.merchant ?? '',
        entry.action,
        entry.target ?? '',
        entry.before ? JSON.stringify(entry.before) : '',
        entry.after ? JSON.stringify(entry.after) : '',
        entry.ip ?? '',
        entry.user_agent ?? '',
      ]),
    );
  });
}
