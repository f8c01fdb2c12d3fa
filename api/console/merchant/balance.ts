// The merchant's money per network and asset (escrowed, available, paid out), its payout terms and payout
// history, from GET /v1/balance, /v1/merchant and /v1/payouts.
import type { Hono } from 'hono';
import { html } from 'hono/html';
import { NATIVE_TOKEN } from '../../../lib/intent.js';
import { type Asset, resolveAsset } from '../../assets.js';
import type { ApiEnv } from '../../context.js';
import { answerOf, consoleApi } from '../apiClient.js';
import { statusBadge, tokenAmount, txLink, when } from '../format.js';
import { networkName } from '../networks.js';
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
    // Each amount in its own network's asset: a token address may be another token on another chain.
    const { services, db } = c.var;
    const assets = new Map<string, Asset>();
    const assetOn = async (chainId: number, code: string) => {
      const key = `${chainId}:${code}`;
      const served = services.networks.get(chainId);
      if (!assets.has(key))
        assets.set(
          key,
          served ? await resolveAsset(services, db, served, code).catch(() => unknownAsset(code)) : unknownAsset(code),
        );
      return assets.get(key)!;
    };
    const defaultChainId = services.defaultNetwork.network.chain.id;
    for (const row of [...balance.body.assets, ...payouts.body.data]) await assetOn(row.chain_id, row.asset);
    for (const code of Object.keys(account.body.minimum_payouts)) await assetOn(defaultChainId, code);
    const amount = (chainId: number, code: string, units: string) => {
      const asset = assets.get(`${chainId}:${code}`) ?? unknownAsset(code);
      return tokenAmount(units, asset.decimals, asset.symbol);
    };
    const symbol = (chainId: number, code: string) => assets.get(`${chainId}:${code}`)?.symbol ?? code;
    const { payout_schedule: schedule, minimum_payouts: minimums, payout_address: wallet } = account.body;
    const walletOn = (chainId: number) =>
      account.body.network_payout_addresses.find((own) => own.chain_id === chainId)?.address ?? wallet;
    return renderConsole(c, spec, {
      title: 'Balance',
      current: `${base}/balance`,
      island: 'wallet',
      body: html`<h2>Balance</h2>
        <table>
          <thead><tr><th>Network</th><th>Asset</th><th class="num">In escrow</th><th class="num">Available</th><th class="num">Paid out</th><th class="num">Withdrawn</th><th></th></tr></thead>
          <tbody>
            ${balance.body.assets.map((row) => {
              const units = (value: string) => amount(row.chain_id, row.asset, value);
              const served = services.networks.get(row.chain_id);
              const payoutWallet = walletOn(row.chain_id);
              return html`<tr data-asset="${row.asset}" data-network="${networkName(row)}">
                <td>${networkName(row)}</td>
                <td>${symbol(row.chain_id, row.asset)}</td>
                <td class="num">${units(row.escrowed)}</td>
                <td class="num">${units(row.available)}</td>
                <td class="num">${units(row.paid_out)}</td>
                <td class="num">${units(row.withdrawn)}</td>
                <td data-withdraw-row>
                  ${
                    served && payoutWallet && row.available !== '0'
                      ? html`<button type="button" data-withdraw data-escrow="${served.network.escrowAddress}" data-token="${row.asset === 'native' ? NATIVE_TOKEN : row.asset}" data-chain-id="${row.chain_id}" data-payout="${payoutWallet}">Withdraw now</button>
                          <span data-wallet-status role="status"></span>`
                      : ''
                  }
                </td>
              </tr>`;
            })}
          </tbody>
        </table>
        ${balance.body.assets.length === 0 ? html`<p>Nothing yet: payments show here once they are escrowed.</p>` : ''}
        <p>Withdraw now: your payout wallet takes its available balance from the escrow itself, at once (the escrow lets any account withdraw its own balance).</p>
        <h3>Payouts</h3>
        <dl>
          <dt>Payout wallet</dt><dd>${wallet ? html`<code>${wallet}</code>` : 'none set'}</dd>
          ${account.body.network_payout_addresses.map((own) => html`<dt>Payout wallet on ${networkName(own)}</dt><dd><code>${own.address}</code></dd>`)}
          <dt>Schedule</dt><dd>${schedule}</dd>
          ${Object.entries(minimums).map(([code, units]) => html`<dt>Minimum (${symbol(defaultChainId, code)})</dt><dd>${amount(defaultChainId, code, units)}</dd>`)}
        </dl>
        <table>
          <thead><tr><th>Payout</th><th>Network</th><th>Status</th><th class="num">Amount</th><th>To</th><th>Created</th><th>Transaction</th></tr></thead>
          <tbody>
            ${payouts.body.data.map(
              (row) => html`<tr>
                <td>${row.type}</td>
                <td>${networkName(row)}</td>
                <td>${statusBadge(row.status)}${row.failure_reason ? html`<br />${row.failure_reason}` : ''}</td>
                <td class="num">${amount(row.chain_id, row.asset, row.amount)}</td>
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
