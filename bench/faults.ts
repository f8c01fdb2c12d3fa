// npm run bench:faults — the gateway under a steady load of business on two chains while its database,
// nodes and processes fail, one fault at a time (bench/faults/catalog.ts). For each fault, after it ends
// the load stops and an auditor compares both chains with the gateway until they agree and every /readyz
// is green again:
//   faults.<name>.lost         disagreements left when the recovery window closes: a payment, event,
//                              delivery, refund or balance on chain the gateway does not show (must be 0)
//   faults.<name>.duplicated   an effect on chain more often than the gateway asked for it (must be 0)
//   faults.<name>.recovery_s   from the fault's end until the auditor agrees and /readyz is green again
//   faults.<name>.error_rate   of the API calls made during the fault, the share that failed (no answer or
//                              a 5xx; clients retried them with their Idempotency-Key)
//   faults.<name>.internal_errors   500s the API answered during the fault and its recovery (must be 0:
//                              an outage is a 503 with Retry-After)
//   faults.<name>.redelivered  webhooks the receiver accepted again (a retry after a timeout; informational)
//   faults.<name>.alerts_fired alerts of ops/prometheus/alerts.yml that fired during the fault or its
//                              recovery, read from Debian's Prometheus scraping the stack, with the
//                              rules' time compressed (bench/faults/prometheus.ts); each is printed
//                              with when it fired and cleared
// The run exits 1 when any fault lost or duplicated something, answered a 500 or never recovered.
// BENCH_FAULTS picks faults by name (comma-separated; all by default), BENCH_FAULT_SCALE shrinks their
// durations, BENCH_BUYERS sets buyers per chain. Progress goes to stderr (BENCH_VERBOSE: the processes'
// logs too), figures to stdout.
import { setTimeout as sleep } from 'node:timers/promises';
import { audit, type Findings } from './faults/auditor.js';
import { faults } from './faults/catalog.js';
import { BusinessDay } from './faults/load.js';
import { type AlertWatch, type Prometheus, startPrometheus, TIME_COMPRESSION } from './faults/prometheus.js';
import { type FaultStack, startFaultStack } from './faults/stack.js';
import { type Figure, printFigures } from './figures.js';

const chosen = process.env.BENCH_FAULTS?.split(',').map((name) => name.trim());
const scale = Number(process.env.BENCH_FAULT_SCALE ?? 1);
const buyersPerChain = Number(process.env.BENCH_BUYERS ?? 2);
/** Steady load before each fault, and the longest a recovery may take before what is left counts as lost. */
const WARM_MS = Math.max(3_000, 15_000 * scale);
const RECOVERY_WINDOW_MS = 240_000;
/** How long after a recovery the alerts that fired are given to clear: their compressed windows' length. */
const ALERT_CLEAR_MS = (1_800_000 / TIME_COMPRESSION) * 1.5;

const progress = (message: string) => process.stderr.write(`bench:faults  ${message}\n`);
const verbose = process.env.BENCH_VERBOSE ? (line: string) => process.stderr.write(`${line}\n`) : () => {};

const selected = chosen ? faults.filter((fault) => chosen.includes(fault.name)) : faults;
const unknown = chosen?.filter((name) => !faults.some((fault) => fault.name === name)) ?? [];
if (unknown.length > 0) {
  process.stderr.write(
    `bench:faults: no fault named ${unknown.join(', ')}; known: ${faults.map((f) => f.name).join(', ')}\n`,
  );
  process.exit(2);
}

async function ready(stack: FaultStack): Promise<boolean> {
  const urls = [`${stack.apiUrl}/readyz`, ...stack.workerReadyUrls];
  const answers = await Promise.all(
    urls.map((url) =>
      fetch(url, { signal: AbortSignal.timeout(5_000) }).then(
        (r) => r.ok,
        () => false,
      ),
    ),
  );
  return answers.every(Boolean);
}

/** Audits until the gateway agrees with the chains and is ready, or the window closes; the last findings. */
async function recover(stack: FaultStack, load: BusinessDay): Promise<{ findings: Findings; at?: number }> {
  const closes = Date.now() + RECOVERY_WINDOW_MS;
  let findings: Findings = { lost: ['no audit completed'], duplicated: [], redelivered: 0 };
  let toldAt = Date.now();
  while (Date.now() < closes) {
    if (Date.now() - toldAt > 30_000) {
      toldAt = Date.now();
      progress(`  not yet: ${[...findings.lost, ...findings.duplicated].slice(0, 3).join('; ')}`);
    }
    try {
      findings = await audit(stack, load);
      if (findings.lost.length === 0 && findings.duplicated.length === 0 && (await ready(stack))) {
        return { findings, at: Date.now() };
      }
    } catch (err) {
      findings = { lost: [`audit failed: ${(err as Error).message.split('\n')[0]}`], duplicated: [], redelivered: 0 };
    }
    await sleep(1_000);
  }
  return { findings };
}

/** Until no alert fires, so that what fires during a fault is that fault's; gives up after a minute. */
async function quiet(prometheus: Prometheus): Promise<void> {
  for (let waited = 0; waited < 60_000 && (await prometheus.firing()).length > 0; waited += 1_000) await sleep(1_000);
}

/** Each alert that fired, how long after the fault began, and how long after its end it cleared. */
async function alertsOf(prometheus: Prometheus, watch: AlertWatch, began: number, ended: number): Promise<string[]> {
  const cleared = new Map<string, number>();
  for (let waited = 0; waited < ALERT_CLEAR_MS && cleared.size < watch.fired.size; waited += 1_000) {
    const firing = await prometheus.firing().catch(() => [...watch.fired.keys()]);
    for (const name of watch.fired.keys())
      if (!firing.includes(name) && !cleared.has(name)) cleared.set(name, Date.now());
    await sleep(1_000);
  }
  await watch.stop();
  return [...watch.fired].map(([name, at]) => {
    const clear = cleared.get(name);
    return `${name} fired ${((at - began) / 1000).toFixed(0)} s into the fault, ${clear === undefined ? 'still firing' : `cleared ${((clear - ended) / 1000).toFixed(0)} s after its end`}`;
  });
}

const stack = await startFaultStack(verbose);
const figures: Figure[] = [];
let prometheus: Prometheus | undefined;
try {
  prometheus = await startPrometheus({
    api: new URL(stack.apiUrl).host,
    workers: stack.workerReadyUrls.map((url) => new URL(url).host),
    indexers: stack.chains.map(({ network, indexerUrl }) => ({ network, target: new URL(indexerUrl).host })),
  });
  const load = new BusinessDay(stack, buyersPerChain);
  await load.open();
  for (const fault of selected) {
    await quiet(prometheus);
    progress(`${fault.name}: steady load for ${WARM_MS / 1000} s`);
    await load.start();
    await sleep(WARM_MS);
    const began = Date.now();
    const watch = prometheus.watch();
    progress(`${fault.name}: injecting`);
    await fault.run(stack, scale);
    const ended = Date.now();
    progress(`${fault.name}: ended after ${((ended - began) / 1000).toFixed(1)} s; load stopping, auditing`);
    const [, outcome] = await Promise.all([load.stop(), recover(stack, load)]);
    const settled = outcome.at !== undefined ? outcome : await recover(stack, load);
    const alerts = await alertsOf(prometheus, watch, began, ended);
    const errors = load.api.errorsBetween(began, ended);
    const internal = load.api.errorsBetween(began, settled.at ?? Date.now()).internal;
    const name = `faults.${fault.name}`;
    figures.push(
      { figure: `${name}.lost`, value: settled.findings.lost.length, unit: 'count' },
      { figure: `${name}.duplicated`, value: settled.findings.duplicated.length, unit: 'count' },
      {
        figure: `${name}.recovery_s`,
        value: settled.at === undefined ? -1 : Math.round((settled.at - ended) / 100) / 10,
        unit: 's',
      },
      {
        figure: `${name}.error_rate`,
        value: errors.attempts === 0 ? 0 : Math.round((errors.failed / errors.attempts) * 1000) / 1000,
        unit: 'ratio',
      },
      { figure: `${name}.internal_errors`, value: internal, unit: 'count' },
      { figure: `${name}.redelivered`, value: settled.findings.redelivered, unit: 'count' },
      { figure: `${name}.alerts_fired`, value: alerts.length, unit: 'count' },
    );
    for (const alert of alerts) progress(`  alert: ${alert}`);
    for (const line of [...settled.findings.lost, ...settled.findings.duplicated].slice(0, 20)) progress(`  ${line}`);
    progress(
      `${fault.name}: ${settled.findings.lost.length} lost, ${settled.findings.duplicated.length} duplicated, ` +
        `recovered ${settled.at === undefined ? 'never' : `in ${((settled.at - ended) / 1000).toFixed(1)} s`}; ` +
        `${load.intents.length} intents so far`,
    );
  }
  for (const error of load.errors.slice(0, 20)) progress(`load: ${error}`);
} finally {
  await prometheus?.stop();
  await stack.stop();
}
printFigures(figures);
// A fault that lost or duplicated anything, answered a 500 or never recovered fails the run.
const failed = figures.filter(
  ({ figure, value }) =>
    (/\.(lost|duplicated|internal_errors)$/.test(figure) && value > 0) || (figure.endsWith('.recovery_s') && value < 0),
);
if (failed.length > 0) {
  progress(`failed: ${failed.map(({ figure, value }) => `${figure} = ${value}`).join(', ')}`);
  process.exitCode = 1;
}
