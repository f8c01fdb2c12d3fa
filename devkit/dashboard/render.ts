// Draws a Grafana dashboard's panels (ops/grafana/pmt-gateway.json) from a Prometheus's answers, for the
// README's picture: Grafana itself is not packaged for Debian, so its layout (the 24-column grid), the
// panels' queries and their legends are rendered with uPlot in Chromium. Queries run here, in Node; the
// page gets their results and draws.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { launchBrowser } from '../../test/harness/browser.js';

interface Panel {
  type: string;
  title: string;
  gridPos: { h: number; w: number; x: number; y: number };
  targets?: { expr: string; legendFormat?: string }[];
  fieldConfig?: { defaults?: { unit?: string } };
}

interface Series {
  label: string;
  points: [number, number][];
}

interface Found {
  labels: Record<string, string>;
  points: [number, number][];
}

/** Grafana's own variables, given the values Grafana would pick for this range and scrape interval. */
const expand = (expr: string) => expr.replaceAll('$__rate_interval', '30s').replaceAll('$__interval', '10s');

const legend = (format: string | undefined, labels: Record<string, string>) =>
  format && format !== '__auto'
    ? format.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => labels[name] ?? '')
    : Object.entries(labels)
        .filter(([name]) => name !== '__name__')
        .map(([name, value]) => `${name}=${value}`)
        .join(', ') || 'value';

async function queryRange(prometheus: string, expr: string, start: number, end: number): Promise<Found[]> {
  const params = new URLSearchParams({ query: expand(expr), start: String(start), end: String(end), step: '5' });
  const answer = (await (await fetch(`${prometheus}/api/v1/query_range?${params}`)).json()) as {
    status: string;
    error?: string;
    data?: { result: { metric: Record<string, string>; values: [number, string][] }[] };
  };
  if (answer.status !== 'success') throw new Error(`Prometheus refused ${expr}: ${answer.error}`);
  return answer.data!.result.map((series) => ({
    labels: series.metric,
    points: series.values.map(([time, value]) => [time, Number(value)] as [number, number]),
  }));
}

export async function renderDashboard(options: {
  dashboardFile: string;
  prometheusUrl: string;
  /** Unix seconds. */
  start: number;
  end: number;
  screenshot: string;
}): Promise<void> {
  const dashboard = JSON.parse(readFileSync(options.dashboardFile, 'utf8')) as { title: string; panels: Panel[] };
  const panels = await Promise.all(
    dashboard.panels.map(async (panel) => {
      const series: Series[] = [];
      for (const target of panel.targets ?? []) {
        for (const found of await queryRange(options.prometheusUrl, target.expr, options.start, options.end)) {
          series.push({ label: legend(target.legendFormat, found.labels), points: found.points });
        }
      }
      return { type: panel.type, title: panel.title, gridPos: panel.gridPos, series };
    }),
  );
  const require = createRequire(import.meta.url);
  const uplotJs = readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8');
  const uplotCss = readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8');
  const html = `<!doctype html><html><head><meta charset="utf-8"><style>${uplotCss}${PAGE_CSS}</style>
<script>${uplotJs}</script></head><body><h1>${dashboard.title}</h1><div id="grid"></div>
<script>const panels = ${JSON.stringify(panels)};${DRAW_SCRIPT}</script></body></html>`;
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 }, deviceScaleFactor: 1 });
    await page.setContent(html);
    await page.waitForFunction(() => (window as unknown as { drawn?: boolean }).drawn === true);
    await page.screenshot({ path: options.screenshot, fullPage: true });
  } finally {
    await browser.close();
  }
}

const ROW_PX = 30;

const PAGE_CSS = `
body { margin: 0; padding: 12px 16px; background: #111217; color: #ccccdc; font: 13px/1.3 system-ui, sans-serif; }
h1 { font-size: 18px; font-weight: 500; margin: 0 0 8px; }
#grid { position: relative; }
.panel { position: absolute; box-sizing: border-box; padding: 4px; }
.panel > div { background: #181b1f; border: 1px solid #2c3235; border-radius: 2px; height: 100%; box-sizing: border-box; padding: 6px 8px; overflow: hidden; }
.row { color: #fff; font-size: 15px; font-weight: 500; padding-top: 10px; }
.title { font-weight: 500; margin-bottom: 4px; }
.stat { font-size: 42px; font-weight: 500; color: #73bf69; margin-top: 24px; text-align: center; }
.none { color: #8e8e8e; margin-top: 40px; text-align: center; }
.u-legend { font-size: 11px; color: #ccccdc; text-align: left; }
.u-legend .u-marker { width: 10px; height: 3px; }
`;

const DRAW_SCRIPT = `
const short = (v) => v === null ? '' : Math.abs(v) >= 1e5 ? v.toPrecision(3) : Number.isInteger(v) ? String(v) : v.toPrecision(3);
const colours = ['#73bf69', '#f2cc0c', '#8ab8ff', '#ff780a', '#f2495c', '#5794f2', '#b877d9', '#fade2a'];
const grid = document.getElementById('grid');
const width = grid.clientWidth;
let bottom = 0;
for (const panel of panels) {
  const { x, y, w, h } = panel.gridPos;
  const box = document.createElement('div');
  box.className = 'panel';
  Object.assign(box.style, { left: (x / 24) * width + 'px', top: y * ${ROW_PX} + 'px', width: (w / 24) * width + 'px', height: h * ${ROW_PX} + 'px' });
  bottom = Math.max(bottom, (y + h) * ${ROW_PX});
  grid.appendChild(box);
  if (panel.type === 'row') { box.innerHTML = '<div class="row" style="background:none;border:none">' + panel.title + '</div>'; continue; }
  const inner = document.createElement('div');
  box.appendChild(inner);
  inner.innerHTML = '<div class="title"></div>';
  inner.firstChild.textContent = panel.title;
  const series = panel.series.filter((s) => s.points.some(([, v]) => Number.isFinite(v)));
  if (series.length === 0) { inner.insertAdjacentHTML('beforeend', '<div class="none">No data</div>'); continue; }
  if (panel.type === 'stat') {
    const text = series.map((s) => short(s.points.at(-1)[1])).join(' · ');
    inner.insertAdjacentHTML('beforeend', '<div class="stat">' + text + '</div>');
    continue;
  }
  const times = [...new Set(series.flatMap((s) => s.points.map(([t]) => t)))].sort((a, b) => a - b);
  const data = [times, ...series.map((s) => { const m = new Map(s.points); return times.map((t) => (m.has(t) && Number.isFinite(m.get(t)) ? m.get(t) : null)); })];
  new uPlot({
    width: (w / 24) * width - 26,
    height: h * ${ROW_PX} - 70,
    series: [{}, ...series.map((s, i) => ({ label: s.label, stroke: colours[i % colours.length], width: 1.5 }))],
    axes: [
      { stroke: '#8e8e8e', grid: { stroke: '#2c3235' } },
      { stroke: '#8e8e8e', grid: { stroke: '#2c3235' }, size: 70, values: (u, splits) => splits.map(short) },
    ],
    legend: { live: false },
    cursor: { show: false },
  }, data, inner);
}
grid.style.height = bottom + 'px';
window.drawn = true;
`;
