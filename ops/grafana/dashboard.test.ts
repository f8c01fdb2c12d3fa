// The dashboard and the alerts query only metrics that exist: a misspelt or renamed metric makes a panel
// silently empty and an alert silently never fire, and neither Grafana nor Prometheus complains. Ponder's
// names are read from the installed Ponder, so an upgrade that renames one fails here rather than on a
// dashboard nobody is looking at.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { projectRoot } from '../../lib/projectRoot.js';
import { promtool } from '../prometheus/promtool.js';

/** Mirrors the table in docs/metrics.md: change both together. */
const specifiedMetrics = [
  'pmt_http_requests_total',
  'pmt_http_request_duration_seconds',
  'pmt_intents_created_total',
  'pmt_account_balance_wei',
  'pmt_signer_has_role',
  'pmt_keeper_fees_paid_wei_total',
  'pmt_keeper_transactions',
  'pmt_keeper_transactions_replaced_total',
  'pmt_keeper_pending_oldest_seconds',
  'pmt_job_runs_total',
  'pmt_webhook_deliveries',
  'pmt_webhook_oldest_undelivered_seconds',
  'pmt_payout_failures_total',
  'pmt_payments',
  'pmt_intents_paid_total',
  'pmt_release_overdue_payments',
  'pmt_release_overdue_oldest_seconds',
  'pmt_indexer_lag_blocks',
  'pmt_deposit_scan_lag_blocks',
  'pmt_deposit_unswept_oldest_seconds',
  'pmt_escrow_balance',
  'pmt_escrow_owed',
  'pmt_escrow_surplus',
  'pmt_escrow_paused',
  'pmt_metrics_collect_errors_total',
];

/** Histograms are queried through the series Prometheus derives from them. */
const histograms = ['pmt_http_request_duration_seconds'];

const ponderSource = readFileSync(join(projectRoot, 'node_modules/ponder/dist/esm/internal/metrics.js'), 'utf8');
const ponderMetrics = [...ponderSource.matchAll(/name: "(ponder_\w+)"/g)].map((match) => match[1]!);

interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { h: number; w: number; x: number; y: number };
  datasource?: { type: string; uid: string };
  targets?: { expr: string; refId: string; datasource?: { type: string; uid: string } }[];
}

const dashboard = JSON.parse(readFileSync(join(projectRoot, 'ops/grafana/pmt-gateway.json'), 'utf8'));
const panels: Panel[] = dashboard.panels;
const queryPanels = panels.filter((panel) => panel.type !== 'row');
const dashboardExprs = queryPanels.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr));
const alertExprs: string[] = parse(readFileSync(join(projectRoot, 'ops/prometheus/alerts.yml'), 'utf8'))
  .groups.flatMap((group: { rules: { expr: string }[] }) => group.rules)
  .map((rule: { expr: string }) => rule.expr);

/** Metric names in a PromQL expression: label values such as job="pmt-api" have hyphens, not underscores. */
const metricsIn = (expr: string, prefix: string) => expr.match(new RegExp(`\\b${prefix}_\\w+`, 'g')) ?? [];
const baseName = (name: string) => {
  const histogram = histograms.find((base) => new RegExp(`^${base}_(bucket|sum|count)$`).test(name));
  return histogram ?? name;
};

describe('metric names', () => {
  it('Ponder’s were found in the installed Ponder, so the check below means something', () => {
    expect(ponderMetrics).toContain('ponder_sync_block');
  });

  it('the alerts use only specified pmt_* metrics', () => {
    const used = alertExprs.flatMap((expr) => metricsIn(expr, 'pmt').map(baseName));
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((name) => !specifiedMetrics.includes(name))).toEqual([]);
  });

  it('the dashboard uses only specified pmt_* metrics and Ponder’s own', () => {
    const pmt = dashboardExprs.flatMap((expr) => metricsIn(expr, 'pmt').map(baseName));
    expect(pmt.filter((name) => !specifiedMetrics.includes(name))).toEqual([]);
    const ponder = dashboardExprs.flatMap((expr) => metricsIn(expr, 'ponder'));
    expect(ponder.length).toBeGreaterThan(0);
    const isPonders = (name: string) =>
      ponderMetrics.includes(name) || ponderMetrics.includes(name.replace(/_(bucket|sum|count)$/, ''));
    expect(ponder.filter((name) => !isPonders(name))).toEqual([]);
  });

  it('are the ones docs/metrics.md lists', () => {
    const documented = [
      ...readFileSync(join(projectRoot, 'docs/metrics.md'), 'utf8').matchAll(/^\| `(pmt_\w+)`/gm),
    ].map((match) => match[1]);
    expect(documented.sort()).toEqual([...specifiedMetrics].sort());
  });

  it('the dashboard shows every specified metric', () => {
    const shown = new Set(dashboardExprs.flatMap((expr) => metricsIn(expr, 'pmt').map(baseName)));
    expect(specifiedMetrics.filter((name) => !shown.has(name))).toEqual([]);
  });
});

// biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax, which Grafana expands.
const prometheus = { type: 'prometheus', uid: '${datasource}' };

describe('dashboard', () => {
  it('is schema 39 and asks for its Prometheus data source', () => {
    expect(dashboard.schemaVersion).toBe(39);
    expect(dashboard.templating.list).toContainEqual(
      expect.objectContaining({ name: 'datasource', type: 'datasource', query: 'prometheus' }),
    );
    for (const panel of queryPanels) {
      expect(panel.datasource, panel.title).toEqual(prometheus);
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
      for (const target of panel.targets ?? []) expect(target.datasource, panel.title).toEqual(panel.datasource);
    }
  });

  it('has its rows, unique panel ids, and panels within the grid', () => {
    expect(panels.filter((panel) => panel.type === 'row').map((panel) => panel.title)).toEqual(
      expect.arrayContaining(['Money', 'Keeper', 'Jobs & webhooks', 'API', 'Indexer']),
    );
    const ids = panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { title, gridPos } of panels) expect(gridPos.x + gridPos.w, title).toBeLessThanOrEqual(24);
  });

  // Grafana shows a PromQL error only when someone opens the panel; promtool parses every query now.
  it('has queries Prometheus parses', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pmt-dashboard-'));
    try {
      const rules = dashboardExprs.map((expr, i) => ({
        record: `dashboard:query_${i}`,
        expr: expr.replaceAll(/\$__(rate_interval|interval|range)/g, '5m'),
      }));
      writeFileSync(join(dir, 'queries.yml'), JSON.stringify({ groups: [{ name: 'dashboard', rules }] }));
      expect(promtool('check', 'rules', join(dir, 'queries.yml'))).toContain('SUCCESS');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
