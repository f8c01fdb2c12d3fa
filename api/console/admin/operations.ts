// The operator's view of the running gateway, from GET /v1/admin/operations: the job queue and webhook
// failures, then per network its pause, indexer, keeper transactions, solvency per token (red when the
// escrow holds less than it owes) and signers with their balances; with buttons that run the payout and
// release jobs now.
import type { Context, Hono } from 'hono';
import { html } from 'hono/html';
import { formatEther } from 'viem';
import { resolveAsset } from '../../assets.js';
import type { ApiEnv } from '../../context.js';
import type { ManualJob } from '../../operations/runJob.js';
import { answerOf, type ConsoleApi, consoleApi, type Ok } from '../apiClient.js';
import { consoleChange } from '../change.js';
import { statusBadge, tokenAmount, when } from '../format.js';
import { networkName } from '../networks.js';
import { type ConsoleSpec, renderConsole } from '../session.js';

/** A button for every job an operator may run by hand, and for nothing else. */
const jobButtons: Record<ManualJob, string> = {
  payouts__run: 'Run payouts now',
  payments__auto_release: 'Release due payments now',
  keeper__reconcile: 'Settle keeper transactions now',
};

const countsOf = (counts: Record<string, number>) =>
  Object.keys(counts).length === 0
    ? 'none'
    : Object.entries(counts)
        .map(([state, n]) => `${n} ${state}`)
        .join(', ');

export function mountAdminOperations(app: Hono<ApiEnv>, spec: ConsoleSpec) {
  const { base } = spec;
  const current = `${base}/operations`;

  app.get(current, async (c) => {
    const answer = await answerOf(consoleApi(c).v1.admin.operations.$get());
    if (!answer.ok) throw new Error(`GET /v1/admin/operations answered ${answer.status}`);
    const ops = answer.body;
    const sections = await Promise.all(ops.networks.map((network) => networkSection(c, network)));
    return renderConsole(c, spec, {
      title: 'Operations',
      current,
      body: html`<h2>Operations</h2>
        <dl>
          <dt>Jobs</dt><dd>${ops.jobs.queued} queued, ${ops.jobs.failed} failed for good</dd>
          <dt>Webhook deliveries</dt><dd>${countsOf(ops.webhook_deliveries)}${ops.webhook_oldest_undelivered_seconds > 0 ? `; oldest undelivered ${Math.round(ops.webhook_oldest_undelivered_seconds)} s` : ''}</dd>
        </dl>
        <p>${Object.entries(jobButtons).map(
          ([task, label]) => html`<form method="post" action="${current}/jobs" style="display:inline">
            <input type="hidden" name="_csrf" value="${c.var.console.csrfToken}" />
            <input type="hidden" name="task" value="${task}" />
            <button type="submit">${label}</button>
          </form> `,
        )}</p>
        ${sections}
        <h3>Failed keeper transactions</h3>
        ${
          ops.failed_keeper_transactions.length === 0
            ? html`<p>None.</p>`
            : html`<table>
                <thead><tr><th>Transaction</th><th>Network</th><th>Purpose</th><th>State</th><th>Why</th><th>Created</th></tr></thead>
                <tbody>
                  ${ops.failed_keeper_transactions.map(
                    (row) =>
                      html`<tr><td><code>${row.id}</code></td><td>${networkName(row)}</td><td>${row.purpose}</td><td>${statusBadge(row.state)}</td><td>${row.error ?? ''}</td><td>${when(row.created)}</td></tr>`,
                  )}
                </tbody>
              </table>`
        }`,
    });
  });

  app.post(`${current}/jobs`, async (c) => {
    // The route records the run in the audit log itself, as it does for the admin key. Any other task is
    // the API's to refuse.
    const task = (await c.req.parseBody()).task as ManualJob;
    const outcome = await consoleChange(c, (api) => api.v1.admin.jobs.$post({ json: { task }, header: {} }));
    if (!outcome.ok) throw new Error(`POST /v1/admin/jobs answered ${outcome.status}`);
    return c.redirect(current, 303);
  });
}

type NetworkOperations = Ok<ConsoleApi['v1']['admin']['operations']['$get']>['networks'][number];

/** One network's escrow, indexer, keepers, solvency per token (red when short) and signers. */
async function networkSection(c: Context<ApiEnv>, ops: NetworkOperations) {
  const served = c.var.services.networks.get(ops.chain_id);
  const assets = await Promise.all(
    ops.solvency.map((row) =>
      served ? resolveAsset(c.var.services, c.var.db, served, row.asset).catch(() => undefined) : undefined,
    ),
  );
  const native = served?.network.chain.nativeCurrency.symbol ?? '';
  const lag =
    ops.indexed_block === null || ops.chain_head === null
      ? (ops.indexed_block ?? 'not indexed yet')
      : `behind by ${BigInt(ops.chain_head) - BigInt(ops.indexed_block)} blocks`;
  const escrow =
    ops.paused === null
      ? html`<span class="status failed">node not answering</span> ${ops.node.error ?? ''}`
      : ops.paused
        ? html`<span class="status failed">paused</span>`
        : html`<span class="status succeeded">running</span>`;
  return html`<section data-network="${networkName(ops)}">
    <h3>${networkName(ops)} (chain ${ops.chain_id})</h3>
    <dl>
      <dt>Escrow</dt><dd>${escrow}</dd>
      <dt>Chain head</dt><dd>${ops.chain_head ?? 'unknown'} (indexer ${lag})</dd>
      <dt>Releases overdue</dt><dd>${ops.releases_overdue}</dd>
      <dt>Keeper transactions</dt><dd>${countsOf(ops.keeper_transactions)}</dd>
      <dt>Payout failures</dt><dd>${ops.payout_failures}</dd>
    </dl>
    <h4>Solvency</h4>
    <table>
      <thead><tr><th>Asset</th><th class="num">Escrow holds (chain)</th><th class="num">Owes (indexed)</th><th class="num">Surplus</th></tr></thead>
      <tbody>
        ${ops.solvency.map((row, i) => {
          const asset = assets[i];
          const amount = (units: string | null) =>
            units === null ? 'unknown' : asset ? tokenAmount(units, asset.decimals, asset.symbol) : units;
          return html`<tr data-solvency="${row.asset}" class="${row.short ? 'short' : ''}">
            <td>${asset?.symbol ?? row.asset}</td>
            <td class="num">${amount(row.on_chain)}</td>
            <td class="num">${amount(row.owed)}</td>
            <td class="num">${row.short ? html`<span class="status failed">short ${amount(row.surplus!.slice(1))}</span>` : amount(row.surplus)}</td>
          </tr>`;
        })}
      </tbody>
    </table>
    <h4>Signers</h4>
    <table>
      <thead><tr><th>Role</th><th>Account</th><th class="num">Balance</th></tr></thead>
      <tbody>
        ${ops.signers.map(
          (one) =>
            html`<tr><td>${one.role}</td><td><code>${one.address}</code></td><td class="num">${one.balance === null ? 'unknown' : `${formatEther(BigInt(one.balance))} ${native}`}</td></tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}
