// Every benchmark, run as `npm run bench:*` runs it but at tiny sizes, so that none can rot unseen: it
// must start, measure, stop everything it started, exit 0, and print on stdout nothing but its figures,
// one JSON object per line, each figure the README's table names. Each gets a database of its own on the
// run's PostgreSQL (DATABASE_URL, which the benches use instead of starting one), to spare a server start.
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { startChild } from '../devkit/childProcess.js';
import { projectRoot } from '../lib/projectRoot.js';
import { freshDatabase } from '../test/harness/database.js';
import type { Figure } from './figures.js';

const benches = [
  {
    script: 'gas',
    sizes: {},
    figures: ['gas.transfer_native', 'gas.pay_native', 'gas.pay_erc20', 'gas.sweep_native', 'gas.sweep_erc20'],
  },
  {
    script: 'api',
    sizes: { BENCH_DURATION_S: '1', BENCH_API_WORKERS: '1' },
    figures: [
      'api.healthz.rps',
      'api.create_intent.rps',
      'api.create_intent_idempotent.rps',
      'api.create_intent.p99_ms_at_500rps',
      'api.get_intent.rps',
    ],
  },
  {
    script: 'indexer',
    sizes: { BENCH_EVENTS: '200', BENCH_REALTIME_SAMPLES: '3' },
    figures: [
      'indexer.backfill.events_per_s',
      'indexer.backfill.peak_rss_mb',
      'indexer.two_chains.backfill.events_per_s',
      'indexer.two_chains.peak_rss_mb',
      'indexer.realtime.p50_ms',
      'indexer.realtime.other_chain_down.p50_ms',
    ],
  },
  {
    script: 'jobs',
    sizes: { BENCH_WEBHOOK_SAMPLES: '3', BENCH_DELIVERIES: '10', BENCH_RELEASES: '10' },
    figures: ['jobs.webhook.p50_ms', 'jobs.webhook.deliveries_per_s', 'jobs.release.payments_per_s'],
  },
  {
    // Its own PostgreSQL whatever DATABASE_URL says (the bench stops and starts it); one fault, briefly.
    script: 'faults',
    sizes: { BENCH_FAULTS: 'api_sigkill', BENCH_FAULT_SCALE: '0.1', BENCH_BUYERS: '1' },
    figures: [
      'faults.api_sigkill.lost',
      'faults.api_sigkill.duplicated',
      'faults.api_sigkill.recovery_s',
      'faults.api_sigkill.error_rate',
    ],
  },
] as const;

/** Runs `bench/<script>.ts` to its end; resolves with its exit code, its stdout lines and all it printed. */
async function runBench(script: string, sizes: Record<string, string>) {
  const database = await freshDatabase(inject('databaseUrl'), `bench_${script}`);
  onTestFinished(() => database.drop());
  const stdout: string[] = [];
  const child = startChild({
    name: `bench:${script}`,
    command: process.execPath,
    args: ['--import', 'tsx', `bench/${script}.ts`],
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: database.url, ...sizes },
  });
  child.process.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk.toString()));
  await child.exited;
  return {
    code: child.process.exitCode,
    lines: stdout.join('').split('\n').filter(Boolean),
    output: child.output(),
  };
}

describe.each(benches)('npm run bench:$script', ({ script, sizes, figures }) => {
  it('measures at tiny sizes and prints only its figures, one JSON object a line', async () => {
    const run = await runBench(script, sizes);
    expect(run.code, run.output).toBe(0);
    const printed = run.lines.map((line) => JSON.parse(line) as Figure);
    for (const figure of printed) {
      expect(Object.keys(figure).sort()).toEqual(
        'ratio' in figure ? ['baseline', 'figure', 'ratio', 'unit', 'value'] : ['figure', 'unit', 'value'],
      );
      expect(figure.figure).toMatch(new RegExp(`^${script}\\.[a-z0-9_.]+$`));
      expect(Number.isFinite(figure.value) && figure.value >= 0, `${figure.figure}: ${figure.value}`).toBe(true);
      if (figure.baseline !== undefined) expect(figure.baseline).toBeGreaterThan(0);
    }
    expect(printed.map(({ figure }) => figure)).toEqual(expect.arrayContaining([...figures]));
  }, 240_000);
});
