// The merchant's money per asset (escrowed, available, paid out), its payout terms and payout history,
// from GET /v1/balance, /v1/merchant and /v1/payouts.
import type { Hono } from 'hono';
import { html } from 'hono/html';
import { NATIVE_TOKEN } from '../../../lib/intent.js';
import { type Asset, resolveAsset } from '../../assets.js';
import type { ApiEnv } from '../../context.js';
import { answerOf, consoleApi } from '../apiClient.js';
import { statusBadge, tokenAmount, txLink, when } from '../format.js';
import { type ConsoleSpec, renderConsole } from '../session.js';

export function mountBalance(app: Hono<ApiEnv>, spec: ConsoleSpec) {
  const { base } = spec;
  app.get(`${base}/balance`, async (c) => {
    const api = consoleApi(c);
    const [balance, account, payouts] = await Promise.all([
      answerOf(api.v1.balance.$get()),
      answerOf(api.v1.merchant.$get()),
      answerOf(api.v1.payouts.$get({ query: { limit: '50' } })),
    ]);
    if (!balance.ok || !account.ok || !payouts.ok) {
      throw new Error(
        `The balance page could not read the API (status ${balance.status}/${account.status}/${payouts.status}).`,
      );
    }
    const assetCodes = new Set([
      ...balance.body.assets.map((row) => row.asset),
      ...payouts.body.data.map((row) => row.asset),
      ...Object.keys(account.body.minimum_payouts),
    ]);
    // The page shows the default network so far; GET /v1/balance has every network's.
    const { defaultNetwork } = c.var.services;
    const assets = new Map<string, Asset>();
    for (const code of assetCodes)
      assets.set(
        code,
        await resolveAsset(c.var.services, c.var.db, defaultNetwork, code).catch(() => unknownAsset(code)),
      );
    const amount = (code: string, units: string) => {
      const asset = assets.get(code) ?? unknownAsset(code);
      return tokenAmount(units, asset.decimals, asset.symbol);
    };
    const { payout_schedule: schedule, minimum_payouts: minimums, payout_address: wallet } = account.body;
    const { escrowAddress: escrow, chain } = defaultNetwork.network;
    const chainId = chain.id;
    return renderConsole(c, spec, {
      title: 'Balance',
      current: `${base}/balance`,
      island: 'wallet',
      body: html`<h2>Balance</h2>
        <table>
          <thead><tr><th>Asset</th><th class="num">In escrow</th><th class="num">Available</th><th class="num">Paid out</th><th class="num">Withdrawn</th><th></th></tr></thead>
          <tbody>
            ${balance.body.assets.map(
              (row) => html`<tr data-asset="${row.asset}">
                <td>${assets.get(row.asset)?.symbol ?? row.asset}</td>
                <td class="num">${amount(row.asset, row.escrowed)}</td>
                <td class="num">${amount(row.asset, row.available)}</td>
                <td class="num">${amount(row.asset, row.paid_out)}</td>
                <td class="num">${amount(row.asset, row.withdrawn)}</td>
                <td data-withdraw-row>
                  ${
                    wallet && row.available !== '0'
                      ? html`<button type="button" data-withdraw data-escrow="${escrow}" data-token="${row.asset === 'native' ? NATIVE_TOKEN : row.asset}" data-chain-id="${chainId}" data-payout="${wallet}">Withdraw now</button>
                          <span data-wallet-status role="status"></span>`
                      : ''
                  }
                </td>
              </tr>`,
            )}
          </tbody>
        </table>
        ${balance.body.assets.length === 0 ? html`<p>Nothing yet: payments show here once they are escrowed.</p>` : ''}
        <p>Withdraw now: your payout wallet takes its available balance from the escrow itself, at once (the escrow lets any account withdraw its own balance).</p>
        <h3>Payouts</h3>
        <dl>
          <dt>Payout wallet</dt><dd>${wallet ? html`<code>${wallet}</code>` : 'none set'}</dd>
          <dt>Schedule</dt><dd>${schedule}</dd>
          ${Object.entries(minimums).map(([code, units]) => html`<dt>Minimum (${assets.get(code)?.symbol ?? code})</dt><dd>${amount(code, units)}</dd>`)}
        </dl>
        <table>
          <thead><tr><th>Payout</th><th>Status</th><th class="num">Amount</th><th>To</th><th>Created</th><th>Transaction</th></tr></thead>
          <tbody>
            ${payouts.body.data.map(
              (row) => html`<tr>
                <td>${row.type}</td>
                <td>${statusBadge(row.status)}${row.failure_reason ? html`<br />${row.failure_reason}` : ''}</td>
                <td class="num">${amount(row.asset, row.amount)}</td>
                <td><code>${row.destination}</code></td>
                <td>${when(row.created)}</td>
                <td>${row.transaction ? txLink(row.transaction) : ''}</td>
              </tr>`,
            )}
          </tbody>
        </table>
        ${payouts.body.data.length === 0 ? html`<p>No payouts yet.</p>` : ''}`,
    });
  });
}

/** A token the escrow no longer allows still shows, by its address and in base units. */
const unknownAsset = (code: string): Asset => ({ token: code as Asset['token'], symbol: code, decimals: 0 });
