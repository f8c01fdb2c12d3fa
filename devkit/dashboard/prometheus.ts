// Debian's Prometheus, scraping a running dev stack with the committed alert rules: what the dashboard's
// screenshot is drawn from. Scrapes every 2 s so that a few minutes of traffic make a readable picture.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../lib/projectRoot.js';
import { type Child, startChild } from '../childProcess.js';
import { freePort } from '../freePort.js';

export interface LocalPrometheus {
  url: string;
  stop(): Promise<void>;
}

/** `targets` by the scrape job names of ops/prometheus/prometheus.yml, as `host:port`. */
export async function startPrometheus(targets: Record<'pmt-api' | 'pmt-worker' | 'pmt-indexer', string[]>) {
  const folder = mkdtempSync(join(tmpdir(), 'pmt-prometheus-'));
  const jobs = Object.entries(targets).map(
    ([job, target]) => `  - job_name: ${job}\n    static_configs:\n      - targets: ${JSON.stringify(target)}`,
  );
  const config = join(folder, 'prometheus.yml');
  writeFileSync(
    config,
    [
      'global:\n  scrape_interval: 2s\n  evaluation_interval: 2s',
      `rule_files:\n  - ${join(projectRoot, 'ops', 'prometheus', 'alerts.yml')}`,
      `scrape_configs:\n${jobs.join('\n')}`,
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const child: Child = startChild({
    name: 'prometheus',
    command: 'prometheus',
    args: [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(folder, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
  });
  const url = `http://127.0.0.1:${port}`;
  await child.waitUntilReady(`${url}/-/ready`, 30_000);
  return {
    url,
    async stop() {
      await child.stop();
      rmSync(folder, { recursive: true, force: true });
    },
  } satisfies LocalPrometheus;
}
