// npm run bench:indexer — the indexer's backfill rate (events per second) and memory next to a minimal
// one-table Ponder app measured in the same run, and its live latency from a mined block to the payment's
// row being readable. Both backfill the same chain of 100,000 escrow events; the minimal app handles
// only the 50,000 PaymentEscrowed among them, so the rates compare per handled event. Then two networks
// as a gateway runs them (one indexer per network, both at once, each chain with as many events): each
// chain's rate and each process's memory against the one chain alone, and the live latency on one chain
// with both nodes up, and with the other's node stopped.
// Progress goes to stderr; stdout carries only the figures.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { type Address, parseEther } from 'viem';
import { type Anvil, startAnvil } from '../devkit/anvil.js';
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

/** Mined block → the payment's row readable, for `samples` live payments on the chain of `buyer`. */
async function realtimeLatencies(
  buyer: ReturnType<typeof walletClientFor>,
  escrow: Address,
  db: pg.Client,
  schema: string,
  samples: number,
): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < samples; i++) {
    const signed = await signDevIntent(buyer, escrow, {
      token: NATIVE_TOKEN,
      amount: parseEther('0.001'),
      feeBps: 100,
      holdPeriod: 3_600n,
    });
    // Send at a random moment of the indexer's polling cycle: a loop that sends right after each row
    // appears would lock onto one phase of it and report that phase instead of the distribution.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * POLLING_MS));
    const hash = await sendPayment(buyer, escrow, signed);
    // The clock starts when the block is served: anvil answers eth_sendRawTransaction before it has mined
    // the block, and with 100,000 payments of state, mining alone takes about a polling interval.
    while ((await buyer.getTransactionReceipt({ hash }).catch(() => undefined)) === undefined) {
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const mined = performance.now();
    const payment = `SELECT 1 FROM ${pg.escapeIdentifier(schema)}.payment WHERE id = $1`;
    while ((await db.query(payment, [signed.intent.id])).rowCount === 0) {
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    latencies.push(performance.now() - mined);
  }
  return latencies.sort((a, b) => a - b);
}

/** A chain of `EVENTS` escrow events buried under Ponder's finality window, with the escrow deployed. */
async function chainOfEvents(anvil: Anvil) {
  const admin = walletClientFor(localChain(anvil.chainId, anvil.rpcUrl), devAccounts.admin);
  const deployment = await deployLocalStack(anvil.rpcUrl, anvil.chainId);
  progress(`emitting ${EVENTS} escrow events through BulkPayer on chain ${anvil.chainId}…`);
  await emitPaymentEvents(admin, await deployBulkPayer(admin, deployment.escrowAddress), EVENTS);
  // Bury every event under Ponder's 30-block finality window, so all of them are backfill.
  await admin.request({ method: 'anvil_mine' as never, params: ['0x28'] as never });
  return { deployment, head: await admin.getBlockNumber() };
}

const postgres = await startPostgres({ persistent: false });
const anvil = await startAnvil();
const secondAnvil = await startAnvil({ chainId: 31_338 });
const db = new pg.Client({ connectionString: postgres.url });
try {
  await db.connect();
  const chain = localChain(anvil.chainId, anvil.rpcUrl);
  const { deployment, head } = await chainOfEvents(anvil);
  const second = await chainOfEvents(secondAnvil);

  const settingsOn = async (port: number, network = 'anvil'): Promise<IndexerEnv> => {
    const [on, { deployment: deployed }] = network === 'anvil' ? [anvil, { deployment }] : [secondAnvil, second];
    return readIndexerEnv({
      DATABASE_URL: postgres.url,
      PMT_NETWORK: network,
      RPC_URL: on.rpcUrl,
      ESCROW_ADDRESS: deployed.escrowAddress,
      ESCROW_START_BLOCK: String(deployed.startBlock),
      INDEXER_PORT: String(port),
      INDEXER_VIEWS_SCHEMA: 'bench_views',
    });
  };

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

  await indexer.stop();

  progress('backfilling both chains at once, one indexer per network…');
  const [portA, portB] = [await freePort(), await freePort()];
  const launchA = await ponderStartCommand(await settingsOn(portA), { schema: 'bench_two_a' });
  const launchB = await ponderStartCommand(await settingsOn(portB, 'anvil-2'), { schema: 'bench_two_b' });
  const [onA, onB] = await Promise.all([
    backfill('indexer (anvil)', launchA.command, launchA.args, launchA.env, head, portA),
    backfill('indexer (anvil-2)', launchB.command, launchB.args, launchB.env, second.head, portB),
  ]);
  const twoChainRates = await Promise.all(
    [
      ['bench_two_a', onA],
      ['bench_two_b', onB],
    ].map(async ([schema, run]) =>
      Math.round((await count(db, schema as string, 'escrow_event')) / ((run as BackfillRun).backfillMs / 1000)),
    ),
  );

  const buyer = walletClientFor(chain, devAccounts.buyer);
  progress(`measuring block-to-row latency over ${REALTIME_SAMPLES} live payments, both nodes up…`);
  const latencies = await realtimeLatencies(buyer, deployment.escrowAddress, db, 'bench_two_a', REALTIME_SAMPLES);
  progress(`…and with the other chain's node stopped`);
  process.kill(secondAnvil.pid, 'SIGSTOP');
  const otherDown = await realtimeLatencies(
    buyer,
    deployment.escrowAddress,
    db,
    'bench_two_a',
    REALTIME_SAMPLES,
  ).finally(() => process.kill(secondAnvil.pid, 'SIGCONT'));
  await Promise.all([onA.stop(), onB.stop()]);

  const minimalRate = Math.round(minimalEvents / (minimal.backfillMs / 1000));
  const indexerRate = Math.round(indexerEvents / (indexer.backfillMs / 1000));
  const figures: Figure[] = [
    compared('indexer.backfill.events_per_s', indexerRate, 'events/s', minimalRate),
    compared('indexer.backfill.peak_rss_mb', indexer.peakRssMb, 'MiB', minimal.peakRssMb),
    // Per chain, the slower of the two, against one chain alone.
    compared('indexer.two_chains.backfill.events_per_s', Math.min(...twoChainRates), 'events/s', indexerRate),
    // Per process (each network has its own), the larger, against the one chain's.
    compared('indexer.two_chains.peak_rss_mb', Math.max(onA.peakRssMb, onB.peakRssMb), 'MiB', indexer.peakRssMb),
    { figure: 'indexer.realtime.p50_ms', value: Math.round(percentile(latencies, 50)), unit: 'ms' },
    { figure: 'indexer.realtime.p99_ms', value: Math.round(percentile(latencies, 99)), unit: 'ms' },
    compared(
      'indexer.realtime.other_chain_down.p50_ms',
      Math.round(percentile(otherDown, 50)),
      'ms',
      Math.round(percentile(latencies, 50)),
    ),
  ];
  progress(
    `minimal app: ${minimalEvents} events in ${minimal.backfillMs} ms; indexer: ${indexerEvents} events in ${indexer.backfillMs} ms`,
  );
  printFigures(figures);
} finally {
  await Promise.all([...running].map((child) => child.kill()));
  await db.end().catch(() => {});
  await anvil.stop();
  await secondAnvil.stop();
  await postgres.stop();
}
