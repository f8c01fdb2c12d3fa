// The merchant's activity over time, from GET /v1/analytics: per asset, volume and fees, intents created
// and paid, and the median time to pay. The chart island (web/console/charts.ts) draws each figure's
// series; the table under it has the exact numbers, and is all a browser without script shows.
import type { Hono } from 'hono';
import { html } from 'hono/html';
import type { AnalyticsInterval } from '../../../lib/merchants/analytics.js';
import type { ChartData } from '../../../web/console/chartData.js';
import type { ApiEnv } from '../../context.js';
import { answerOf, type ConsoleApi, consoleApi, type Ok } from '../apiClient.js';
import { duration, tokenAmount } from '../format.js';
import { type ConsoleSpec, renderConsole } from '../session.js';

type AssetSeries = Ok<ConsoleApi['v1']['analytics']['$get']>['assets'][number];

/** How far back each interval looks by default: two days of hours, a month of days, half a year of weeks. */
const SPANS: Record<AnalyticsInterval, { buckets: number; label: string }> = {
  hour: { buckets: 48, label: 'Last 48 hours' },
  day: { buckets: 30, label: 'Last 30 days' },
  week: { buckets: 26, label: 'Last 26 weeks' },
};

const isInterval = (value: string | undefined): value is AnalyticsInterval => !!value && Object.hasOwn(SPANS, value);

function bucketLabel(start: number, interval: AnalyticsInterval) {
  const iso = new Date(start * 1000).toISOString();
  return interval === 'hour' ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : iso.slice(0, 10);
}

const sum = (values: string[]) => values.reduce((total, value) => total + BigInt(value), 0n);
const count = (values: number[]) => values.reduce((total, value) => total + value, 0);

function assetSection(asset: AssetSeries, x: number[], interval: AnalyticsInterval) {
  const money: ChartData = {
    x,
    series: [
      { label: 'Volume', values: asset.volume, decimals: asset.decimals, unit: asset.symbol },
      { label: 'Fees', values: asset.fees, decimals: asset.decimals, unit: asset.symbol },
    ],
  };
  const intents: ChartData = {
    x,
    series: [
      { label: 'Created', values: asset.created },
      { label: 'Paid', values: asset.paid },
    ],
  };
  const timeToPay: ChartData = {
    x,
    series: [{ label: 'Median time to pay', values: asset.median_seconds_to_pay, unit: 's' }],
  };
  const active = x.flatMap((_start, i) => (asset.created[i] || asset.paid[i] || asset.fees[i] !== '0' ? [i] : []));
  const amount = (units: string | bigint) => tokenAmount(units, asset.decimals, asset.symbol);
  return html`<section data-asset="${asset.asset}">
    <h3>${asset.symbol}</h3>
    <dl>
      <dt>Volume</dt><dd data-total="volume">${amount(sum(asset.volume))}</dd>
      <dt>Fees</dt><dd data-total="fees">${amount(sum(asset.fees))}</dd>
      <dt>Intents</dt><dd data-total="intents">${count(asset.paid)} paid of ${count(asset.created)} created</dd>
    </dl>
    <figure data-chart="${JSON.stringify(money)}" aria-label="Volume and fees in ${asset.symbol}"></figure>
    <figure data-chart="${JSON.stringify(intents)}" aria-label="Intents created and paid in ${asset.symbol}"></figure>
    <figure data-chart="${JSON.stringify(timeToPay)}" aria-label="Median time to pay in ${asset.symbol}"></figure>
    <table>
      <thead><tr><th>${interval === 'hour' ? 'Hour' : interval === 'week' ? 'Week of' : 'Day'}</th><th class="num">Created</th><th class="num">Paid</th><th class="num">Volume</th><th class="num">Fees</th><th class="num">Median time to pay</th></tr></thead>
      <tbody>
        ${active.map((i) => {
          const median = asset.median_seconds_to_pay[i];
          return html`<tr>
            <td>${bucketLabel(x[i]!, interval)}</td>
            <td class="num">${asset.created[i]}</td>
            <td class="num">${asset.paid[i]}</td>
            <td class="num">${amount(asset.volume[i]!)}</td>
            <td class="num">${amount(asset.fees[i]!)}</td>
            <td class="num">${median === null || median === undefined ? '–' : duration(median)}</td>
          </tr>`;
        })}
      </tbody>
    </table>
  </section>`;
}

export function mountAnalytics(app: Hono<ApiEnv>, spec: ConsoleSpec) {
  const current = `${spec.base}/analytics`;
  app.get(current, async (c) => {
    const asked = c.req.query('interval');
    const interval = isInterval(asked) ? asked : 'day';
    const answer = await answerOf(
      consoleApi(c).v1.analytics.$get({ query: { interval, buckets: String(SPANS[interval].buckets) } }),
    );
    if (!answer.ok) throw new Error(`The analytics page could not read the API (status ${answer.status}).`);
    const { buckets, assets } = answer.body;
    return renderConsole(c, spec, {
      title: 'Analytics',
      current,
      island: 'charts',
      body: html`<h2>Analytics</h2>
        <form class="filters" method="get" action="${current}">
          <label>Buckets
            <select name="interval">
              ${Object.entries(SPANS).map(
                ([value, span]) =>
                  html`<option value="${value}" ${value === interval ? 'selected' : ''}>${span.label}, by ${value}</option>`,
              )}
            </select>
          </label>
          <button type="submit">Show</button>
        </form>
        <p>Payments count when the chain escrowed them, fees when their payment settled; times are UTC.</p>
        ${assets.length === 0 ? html`<p>Nothing in this window yet.</p>` : assets.map((asset) => assetSection(asset, buckets, interval))}`,
    });
  });
}
