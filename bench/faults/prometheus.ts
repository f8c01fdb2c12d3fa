// Debian's Prometheus scraping the fault bench's stack with the production alert rules
// (ops/prometheus/alerts.yml), their time compressed TIME_COMPRESSION-fold so that a fault of a minute
// can fire them: every `for:`, every range window and every threshold on a `*_seconds` metric is divided
// by it (a 5-minute `for:` waits 15 s; "older than 900 s" means older than 45 s). What fires, and when
// it clears, is read from Prometheus's own API.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { freePort } from '../../devkit/freePort.js';
import { projectRoot } from '../../lib/projectRoot.js';

export const TIME_COMPRESSION = 20;

export interface Targets {
  api: string;
  workers: string[];
  indexers: { network: string; target: string }[];
}

export interface AlertWatch {
  /** Alerts seen firing since `watch` began, with when each first fired. */
  fired: Map<string, number>;
  /** Stops watching. */
  stop(): Promise<void>;
}

export interface Prometheus {
  url: string;
  /** The names of the alerts firing now. */
  firing(): Promise<string[]>;
  /** Polls the firing alerts every second until stopped. */
  watch(): AlertWatch;
  stop(): Promise<void>;
}

const SECONDS = { s: 1, m: 60, h: 3_600 } as const;
const compressed = (amount: string, unit: keyof typeof SECONDS, minimum: number) =>
  `${Math.max(minimum, Math.ceil((Number(amount) * SECONDS[unit]) / TIME_COMPRESSION))}s`;

interface Rule {
  expr: string;
  for?: string;
}

/** The alert rules with their time compressed (see the top of this file). */
export function compressedRules(rulesYaml: string): string {
  const rules = parse(rulesYaml) as { groups: { rules: Rule[] }[] };
  for (const rule of rules.groups.flatMap((group) => group.rules)) {
    if (rule.for) rule.for = rule.for.replace(/^(\d+)([smh])$/, (_, n, unit) => compressed(n, unit, 2));
    rule.expr = rule.expr
      // A rate needs two samples in its window: at a scrape a second, 5 s is the least.
      .replace(/\[(\d+)([smh])\]/g, (_, n, unit) => `[${compressed(n, unit, 5)}]`)
      .replace(/(_seconds\)?\s*>\s*)(\d+)/g, (_, before, n) => `${before}${Math.ceil(Number(n) / TIME_COMPRESSION)}`);
  }
  return stringify(rules);
}

export async function startPrometheus(targets: Targets): Promise<Prometheus> {
  const folder = mkdtempSync(join(tmpdir(), 'pmt-bench-prometheus-'));
  writeFileSync(
    join(folder, 'alerts.yml'),
    compressedRules(readFileSync(join(projectRoot, 'ops/prometheus/alerts.yml'), 'utf8')),
  );
  const job = (name: string, static_configs: unknown[]) => ({
    job_name: name,
    metrics_path: '/metrics',
    static_configs,
  });
  writeFileSync(
    join(folder, 'prometheus.yml'),
    stringify({
      global: { scrape_interval: '1s', evaluation_interval: '1s', scrape_timeout: '900ms' },
      rule_files: ['alerts.yml'],
      scrape_configs: [
        job('pmt-api', [{ targets: [targets.api] }]),
        job('pmt-worker', [{ targets: targets.workers }]),
        job(
          'pmt-indexer',
          targets.indexers.map(({ network, target }) => ({ targets: [target], labels: { network } })),
        ),
      ],
    }),
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server: ChildProcess = spawn(
    'prometheus',
    [
      `--config.file=${join(folder, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(folder, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((done) => server.once('exit', () => done()).once('error', () => done()));
  const stop = async () => {
    server.kill('SIGTERM');
    await exited;
    rmSync(folder, { recursive: true, force: true });
  };
  const firing = async () => {
    const answer = (await (await fetch(`${url}/api/v1/alerts`)).json()) as {
      data: { alerts: { labels: { alertname: string }; state: string }[] };
    };
    return [...new Set(answer.data.alerts.filter((a) => a.state === 'firing').map((a) => a.labels.alertname))];
  };
  for (let waited = 0; ; waited += 200) {
    if (server.exitCode !== null) throw new Error('prometheus exited at start: is its config valid?');
    if (
      await fetch(`${url}/-/ready`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (waited > 30_000) {
      await stop();
      throw new Error('prometheus was not ready within 30 s');
    }
    await new Promise((tick) => setTimeout(tick, 200));
  }
  return {
    url,
    firing,
    watch() {
      const fired = new Map<string, number>();
      let watching = true;
      const polling = (async () => {
        while (watching) {
          for (const name of await firing().catch(() => [])) if (!fired.has(name)) fired.set(name, Date.now());
          await new Promise((tick) => setTimeout(tick, 1_000));
        }
      })();
      return {
        fired,
        async stop() {
          watching = false;
          await polling;
        },
      };
    },
    stop,
  };
}
