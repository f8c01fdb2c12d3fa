// The consoles' chart island: draws each `[data-chart]` figure's series with uPlot. The server renders the
// exact figures beside every chart (a table), so a page without script loses nothing but the picture.
// Amounts arrive as base-unit decimal strings: converted to a float only for where a point is drawn, while
// every figure a reader sees (the legend) is formatted from the exact string.
import uPlot from 'uplot';
import uplotCss from 'uplot/dist/uPlot.min.css';
import { formatUnits } from 'viem';
import type { ChartData, ChartSeries } from './chartData.js';

const COLORS = ['#2d5bd0', '#c2410c', '#15803d', '#7e22ce'];
const HEIGHT = 220;

/** The figure as a reader sees it: exact. */
function shown(series: ChartSeries, value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  const figure = series.decimals === undefined ? String(value) : formatUnits(BigInt(value), series.decimals);
  return series.unit ? `${figure} ${series.unit}` : figure;
}

/** Where the point is drawn: a float places a pixel, and is never shown. */
function plotted(series: ChartSeries, value: string | number | null): number | null {
  if (value === null) return null;
  return series.decimals === undefined ? Number(value) : Number(formatUnits(BigInt(value), series.decimals));
}

function draw(figure: HTMLElement) {
  const data = JSON.parse(figure.dataset.chart ?? '') as ChartData;
  const ink = getComputedStyle(figure).color;
  const axis = { stroke: ink, grid: { stroke: 'rgba(128,128,128,0.2)' }, ticks: { stroke: 'rgba(128,128,128,0.4)' } };
  const options: uPlot.Options = {
    width: figure.clientWidth || 800,
    height: HEIGHT,
    tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), 'Etc/UTC'),
    series: [
      { label: 'UTC' },
      ...data.series.map((series, i) => ({
        label: series.label,
        stroke: COLORS[i % COLORS.length],
        width: 2,
        value: (_chart: uPlot, _raw: number | null, _index: number, at: number | null) =>
          at === null ? '–' : shown(series, series.values[at]),
      })),
    ],
    axes: [axis, axis],
    scales: { y: { range: (_chart, _min, max) => [0, max > 0 ? max : 1] } },
  };
  const chart = new uPlot(
    options,
    [data.x, ...data.series.map((series) => series.values.map((value) => plotted(series, value)))],
    figure,
  );
  new ResizeObserver(() => chart.setSize({ width: figure.clientWidth, height: HEIGHT })).observe(figure);
  figure.dataset.drawn = 'true';
}

document.head.append(Object.assign(document.createElement('style'), { textContent: uplotCss }));
for (const figure of document.querySelectorAll<HTMLElement>('[data-chart]')) draw(figure);
