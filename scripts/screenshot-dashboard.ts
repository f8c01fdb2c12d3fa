// npm run screenshot:dashboard — with `npm run dev` running: scrapes the stack with Debian's Prometheus
// (`apt-get install prometheus`) while sending it traffic (`npm run demo` a few times, and some refused
// requests), then draws ops/grafana/pmt-gateway.json's panels from that scrape into
// docs/images/dashboard.png for the README.
import { spawnSync } from 'node:child_process';
import { get } from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startPrometheus } from '../devkit/dashboard/prometheus.js';
import { renderDashboard } from '../devkit/dashboard/render.js';
import { readDevStack } from '../devkit/stackFile.js';
import { projectRoot } from '../lib/projectRoot.js';

const DEMO_RUNS = 4;
const MIN_SCRAPE_SECONDS = 150;

/** One request on a connection of its own (the demo's pauses outlast the API's keep-alive). */
function answer(url: string, headers: Record<string, string> = {}): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false, headers }, (response) => {
      response.resume();
      resolve(response.statusCode);
    }).once('error', reject);
  });
}

const stack = readDevStack();
const host = (url: string) => new URL(url).host;
const prometheus = await startPrometheus({
  'pmt-api': [host(stack.apiUrl)],
  'pmt-worker': [host(stack.workerUrl)],
  'pmt-indexer': stack.networks.map((network) => host(network.indexerUrl)),
});
try {
  const start = Math.floor(Date.now() / 1000);
  console.error(`prometheus at ${prometheus.url}; sending traffic to ${stack.apiUrl}`);
  for (let run = 0; run < DEMO_RUNS; run++) {
    const demo = spawnSync('npm', ['run', '--silent', 'demo'], { cwd: projectRoot, encoding: 'utf8' });
    if (demo.status !== 0) throw new Error(`npm run demo failed:\n${demo.stderr}`);
    // A merchant integration's mistakes: a missing key, an unknown intent.
    await Promise.all(Array.from({ length: 10 }, () => answer(`${stack.apiUrl}/v1/payment_intents`)));
    await answer(`${stack.apiUrl}/v1/payment_intents/pi_unknown`, { authorization: `Bearer ${stack.merchant.apiKey}` });
  }
  const waited = Math.floor(Date.now() / 1000) - start;
  if (waited < MIN_SCRAPE_SECONDS) await sleep((MIN_SCRAPE_SECONDS - waited) * 1000);
  const screenshot = join(projectRoot, 'docs', 'images', 'dashboard.png');
  await renderDashboard({
    dashboardFile: join(projectRoot, 'ops', 'grafana', 'pmt-gateway.json'),
    prometheusUrl: prometheus.url,
    start,
    end: Math.floor(Date.now() / 1000),
    screenshot,
  });
  console.error(`wrote ${screenshot}`);
} finally {
  await prometheus.stop();
}
