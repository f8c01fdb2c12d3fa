// The alert rules as Prometheus itself reads them: promtool checks the rules and the example scrape config
// and runs the rules' unit tests (alerts.test.yml). promtool is required rather than skipped when missing,
// so a machine without it cannot pass with the alerts untested. The rest holds every alert to what
// on-call relies on: a severity that routes, a runbook entry, and a test that fires it and one that does not.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { projectRoot } from '../../lib/projectRoot.js';
import { promtool } from './promtool.js';

interface AlertRule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

interface AlertTest {
  eval_time: string;
  alertname: string;
  exp_alerts?: { exp_labels?: Record<string, string>; exp_annotations?: Record<string, string> }[];
}

const readYaml = (path: string) => parse(readFileSync(join(projectRoot, path), 'utf8'));

const { groups } = readYaml('ops/prometheus/alerts.yml') as { groups: { name: string; rules: AlertRule[] }[] };
const alerts = groups
  .flatMap((group) => group.rules)
  .filter((rule): rule is AlertRule & { alert: string } => !!rule.alert);
const { tests } = readYaml('ops/prometheus/alerts.test.yml') as { tests: { alert_rule_test?: AlertTest[] }[] };
const cases = tests.flatMap((test) => test.alert_rule_test ?? []);

/** The alerts the gateway's on-call depends on; more may be added, none of these dropped. */
const requiredAlerts = [
  'PMTEscrowInsolvent',
  'PMTKeeperBalanceLow',
  'PMTReleasesOverdue',
  'PMTKeeperTransactionsFailing',
  'PMTWebhookBacklog',
  'PMTIndexerLagging',
  'PMTApiErrorRate',
  'PMTApiLatency',
  'PMTEscrowPaused',
  'PMTOperatorRoleMissing',
  'PMTPayoutFailures',
  'PMTJobsFailing',
  'PMTTargetDown',
  'PMTMetricsCollectFailing',
];

describe('promtool', () => {
  it('accepts the alert rules', () => {
    expect(promtool('check', 'rules', 'ops/prometheus/alerts.yml')).toContain('SUCCESS');
  });

  it('passes the rules’ unit tests', () => {
    expect(promtool('test', 'rules', 'ops/prometheus/alerts.test.yml')).toContain('SUCCESS');
  });

  it('accepts the example scrape config and the rule file it names', () => {
    expect(promtool('check', 'config', 'ops/prometheus/prometheus.yml')).toContain('SUCCESS');
  });
});

describe('alerts', () => {
  it('are one group, pmt-gateway, with every alert on-call depends on, each named once', () => {
    expect(groups.map((group) => group.name)).toEqual(['pmt-gateway']);
    const names = alerts.map((rule) => rule.alert);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(requiredAlerts));
  });

  it('each route by severity and link their runbook entry', () => {
    for (const { alert, labels, annotations } of alerts) {
      expect(labels?.severity, alert).toMatch(/^(page|ticket)$/);
      expect(annotations?.summary, alert).toBeTruthy();
      expect(annotations?.description, alert).toBeTruthy();
      expect(annotations?.runbook_url, alert).toBe(`docs/runbook.md#${alert.toLowerCase()}`);
    }
  });

  it('each have a test where they fire, with their labels and annotations, and one where they do not', () => {
    for (const { alert } of alerts) {
      const ofAlert = cases.filter((test) => test.alertname === alert);
      const firing = ofAlert.filter((test) => (test.exp_alerts ?? []).length > 0);
      expect(firing.length, `${alert} fires in a test`).toBeGreaterThan(0);
      expect(
        ofAlert.filter((test) => (test.exp_alerts ?? []).length === 0).length,
        `${alert} stays quiet in a test`,
      ).toBeGreaterThan(0);
      for (const expected of firing.flatMap((test) => test.exp_alerts ?? [])) {
        expect(expected.exp_labels?.severity, alert).toMatch(/^(page|ticket)$/);
        expect(Object.keys(expected.exp_annotations ?? {}).sort(), alert).toEqual([
          'description',
          'runbook_url',
          'summary',
        ]);
      }
    }
  });

  it('each have a section in docs/metrics.md', () => {
    const sections = readFileSync(join(projectRoot, 'docs/metrics.md'), 'utf8').match(/^### \w+$/gm) ?? [];
    expect(sections.map((heading) => heading.slice(4)).sort()).toEqual(alerts.map((rule) => rule.alert).sort());
  });

  it('are all that the tests name', () => {
    const names = new Set(alerts.map((rule) => rule.alert));
    expect(cases.map((test) => test.alertname).filter((name) => !names.has(name))).toEqual([]);
  });
});
