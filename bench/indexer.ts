// npm run bench:indexer — the indexer's backfill rate (events per second) and memory next to a minimal
// one-table Ponder app measured in the same run, and its live latency from a mined block to the payment's
// row being readable. Both backfill the same chain of 100,000 escrow events; the minimal app handles
// only the 50,000 PaymentEscrowed among them, so the rates compare per handled event.
// Progress goes to stderr; stdout carries only the figures.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { parseEther } from 'viem';
import { startAnvil } from '../devkit/anvil.js';
import { deployBulkPayer, emitPaymentEvents } from '../devkit/bulkEvents.js';
import { type Child, startChild } from '../devkit/childProcess.js';
import { devAccounts } from '../devkit/devAccounts.js';
import { sendPayment, signDevIntent } from '../devkit/devPayments.js';
import { freePort } from '../devkit/freePort.js';
import { deployLocalStack } from '../devkit/localDeployment.js';
import { startPostgres } from '../devkit/postgres.js';
import { type IndexerEnv, readIndexerEnv } from '../indexer/launch/env.js';
import { ponderCli, ponderStartCommand } from '../indexer/launch/ponderStart.js';
import { localChain, walletClientFor } from '../lib/chain.js';
import { waitForIndexedBlock } from '../lib/indexerStatus.js';
import { NATIVE_TOKEN } from '../lib/intent.js';
import { networks } from '../lib/networks.js';
import { projectRoot } from '../lib/projectRoot.js';
import { compared, type Figure, printFigures } from './figures.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const REALTIME_SAMPLES = Number(process.env.BENCH_REALTIME_SAMPLES ?? 200);
const POLLING_MS = networks.anvil.pollingIntervalMs;

const progress = (message: string) => process.stderr.write(`bench:indexer  ${message}\n`);

interface BackfillRun {
  url: string;
  /** Ponder's own measure of the backfill: from its first fetched range to the last indexed event. */
  backfillMs: number;
  peakRssMb: number;
  stop(): Promise<void>;
}

/** Starts a Ponder app with JSON logs and resolves once it has indexed `head`. */
async function backfill(
  name: string,
  command: string,
  args: string[],
  env: Record<string, string>,
  head: bigint,
  port: number,
): Promise<BackfillRun> {
  let backfillMs: number | undefined;
  const child = startChild({
    name,
    command,
    args: [...args, '--log-format', 'json'],
    cwd: projectRoot,
    env,
    onLine: (line) => {
      const log = parseLogLine(line);
      if (log?.msg === 'Completed backfill indexing across all chains') backfillMs = log.duration;
    },
  });
  running.add(child);
  void child.exited.then(() => running.delete(child));
  const url = `http://127.0.0.1:${port}`;
  await Promise.race([
    waitForIndexedBlock(url, head, 15 * 60_000),
    child.exited.then(() => {
      throw new Error(`${name} exited before it caught up:\n${child.output()}`);
    }),
  ]);
  if (backfillMs === undefined) throw new Error(`${name} did not log its backfill duration:\n${child.output()}`);
  return { url, backfillMs, peakRssMb: peakRssMb(child.process.pid!), stop: () => child.stop() };
}

/** Ponder processes still running, stopped on the way out whatever happened. */
const running = new Set<Child>();

/** A line of Ponder's JSON log, or undefined for anything else it printed. */
function parseLogLine(line: string): { msg?: string; duration?: number } | undefined {
  try {
    return JSON.parse(line) as { msg?: string; duration?: number };
  } catch {
    return undefined;
  }
}

/** The process's peak resident set (VmHWM), in MiB. */
function peakRssMb(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmHWM for process ${pid}`);
  return Math.round(Number(match[1]) / 1024);
}

async function count(db: pg.Client, schema: string, table: string): Promise<number> {
  const { rows } = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM ${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(table)}`,
  );
  return Number(rows[0]!.n);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const postgres = await startPostgres({ persistent: false });
const anvil = await startAnvil();
const db = new pg.Client({ connectionString: postgres.url });
try {
  await db.connect();
  const chain = localChain(anvil.chainId, anvil.rpcUrl);
  const admin = walletClientFor(chain, devAccounts.admin);
  const deployment = await deployLocalStack(anvil.rpcUrl, anvil.chainId);
  progress(`emitting ${EVENTS} escrow events through BulkPayer…`);
  await emitPaymentEvents(admin, await deployBulkPayer(admin, deployment.escrowAddress), EVENTS);
  // Bury every event under Ponder's 30-block finality window, so all of them are backfill.
  await admin.request({ method: 'anvil_mine' as never, params: ['0x28'] as never });
  const head = await admin.getBlockNumber();

  const settingsOn = async (port: number): Promise<IndexerEnv> =>
    readIndexerEnv({
      DATABASE_URL: postgres.url,
      PMT_NETWORK: 'anvil',
      RPC_URL: anvil.rpcUrl,
      ESCROW_ADDRESS: deployment.escrowAddress,
      ESCROW_START_BLOCK: String(deployment.startBlock),
      INDEXER_PORT: String(port),
      INDEXER_VIEWS_SCHEMA: 'bench_views',
    });

  // The two apps run one after the other: this machine has two cores, and both want them.
  progress('backfilling with the minimal one-table app…');
  const minimalPort = await freePort();
  const minimalLaunch = await ponderStartCommand(await settingsOn(minimalPort), { schema: 'bench_minimal' });
  const minimalArgs = [
    '--no-deprecation',
    ponderCli,
    'start',
    '--root',
    join(projectRoot, 'bench', 'minimal-indexer'),
    '--schema',
    'bench_minimal',
    '--port',
    String(minimalPort),
  ];
  const minimal = await backfill('minimal app', process.execPath, minimalArgs, minimalLaunch.env, head, minimalPort);
  const minimalEvents = await count(db, 'bench_minimal', 'escrowed');
  await minimal.stop();

  progress('backfilling with the gateway indexer…');
  const indexerPort = await freePort();
  const launch = await ponderStartCommand(await settingsOn(indexerPort), { schema: 'bench_indexer' });
  const indexer = await backfill('indexer', launch.command, launch.args, launch.env, head, indexerPort);
  const indexerEvents = await count(db, 'bench_indexer', 'escrow_event');

  progress(`measuring block-to-row latency over ${REALTIME_SAMPLES} live payments…`);
  const buyer = walletClientFor(chain, devAccounts.buyer);
  const latencies: number[] = [];
  for (let i = 0; i < REALTIME_SAMPLES; i++) {
    const signed = await signDevIntent(buyer, deployment.escrowAddress, {
      token: NATIVE_TOKEN,
      amount: parseEther('0.001'),
      feeBps: 100,
      holdPeriod: 3_600n,
    });
    // Send at a random moment of the indexer's polling cycle: a loop that sends right after each row
    // appears would lock onto one phase of it and report that phase instead of the distribution.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * POLLING_MS));
    const hash = await sendPayment(buyer, deployment.escrowAddress, signed);
    // The clock starts when the block is served: anvil answers eth_sendRawTransaction before it has mined
    // the block, and with 100,000 payments of state, mining alone takes about a polling interval.
    while ((await buyer.getTransactionReceipt({ hash }).catch(() => undefined)) === undefined) {
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const mined = performance.now();
    while ((await db.query('SELECT 1 FROM bench_indexer.payment WHERE id = $1', [signed.intent.id])).rowCount === 0) {
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    latencies.push(performance.now() - mined);
  }
  await indexer.stop();
  latencies.sort((a, b) => a - b);

  const minimalRate = Math.round(minimalEvents / (minimal.backfillMs / 1000));
  const indexerRate = Math.round(indexerEvents / (indexer.backfillMs / 1000));
  const figures: Figure[] = [
    compared('indexer.backfill.events_per_s', indexerRate, 'events/s', minimalRate),
    compared('indexer.backfill.peak_rss_mb', indexer.peakRssMb, 'MiB', minimal.peakRssMb),
    { figure: 'indexer.realtime.p50_ms', value: Math.round(percentile(latencies, 50)), unit: 'ms' },
    { figure: 'indexer.realtime.p99_ms', value: Math.round(percentile(latencies, 99)), unit: 'ms' },
  ];
  progress(
    `minimal app: ${minimalEvents} events in ${minimal.backfillMs} ms; indexer: ${indexerEvents} events in ${indexer.backfillMs} ms`,
  );
  printFigures(figures);
} finally {
  await Promise.all([...running].map((child) => child.kill()));
  await db.end().catch(() => {});
  await anvil.stop();
  await postgres.stop();
}
