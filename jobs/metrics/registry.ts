// The worker's Prometheus metrics (docs/metrics.md): job runs from graphile-worker's events, and gauges of
// the gateway's state read once per scrape (gatewayState.ts), each network's with its `network` label. A
// source that cannot be read leaves its gauges out of that scrape and counts an error, so an alert sees
// "unknown" rather than a stale "fine"; one network's node being down leaves the others' gauges in place.
import type { WorkerEvents } from 'graphile-worker';
import { Counter, Gauge, Registry } from 'prom-client';
import { zeroAddress } from 'viem';
import { paymentStatuses } from '../../lib/chainViews.js';
import type { Db } from '../../lib/db/client.js';
import { keeperTransactionStates, webhookDeliveryStates } from '../../lib/db/schema/index.js';
import {
  type AppState,
  type ChainState,
  type DepositState,
  type IndexedState,
  readAppState,
  readChainState,
  readDepositState,
  readIndexedState,
} from '../../lib/gatewayState.js';
import type { JobServices } from '../services.js';

interface Snapshot {
  app?: AppState;
  deposits?: DepositState;
  indexed?: IndexedState;
  chain?: ChainState;
}

/** Concurrent gauges of one scrape share one read; a scrape a second later reads again. */
const SNAPSHOT_MAX_AGE_MS = 1_000;

/** Sets a gauge's values; for a network's gauge, each under that network's label. */
interface GaugeSetter<L extends string> {
  set(value: number): void;
  set(labels: Partial<Record<L, string>>, value: number): void;
}

const setterFor = <L extends string>(gauge: Gauge<L | 'network'>, network?: string): GaugeSetter<L> => ({
  set: (first: number | Partial<Record<L, string>>, value?: number) => {
    const labels = typeof first === 'number' ? {} : first;
    const extra = network === undefined ? {} : { network };
    gauge.set(
      { ...labels, ...extra } as Partial<Record<L | 'network', string>>,
      typeof first === 'number' ? first : value!,
    );
  },
});

export function workerMetrics(networks: readonly JobServices[], db: Db, events: WorkerEvents): Registry {
  const registry = new Registry();
  const collectErrors = new Counter({
    name: 'pmt_metrics_collect_errors_total',
    help: 'Scrapes in which a source of gauges could not be read (its gauges are then absent).',
    labelNames: ['source'] as const,
    registers: [registry],
  });
  for (const source of ['database', 'indexer', 'chain']) collectErrors.inc({ source }, 0);
  const jobRuns = new Counter({
    name: 'pmt_job_runs_total',
    help: 'Job runs by task and outcome.',
    labelNames: ['task', 'outcome'] as const,
    registers: [registry],
  });
  events.on('job:success', ({ job }) => jobRuns.inc({ task: job.task_identifier, outcome: 'success' }));
  events.on('job:error', ({ job }) => jobRuns.inc({ task: job.task_identifier, outcome: 'failure' }));

  let latest: { at: number; snapshots: Promise<Snapshot[]> } | undefined;
  const snapshots = () => {
    if (!latest || Date.now() - latest.at > SNAPSHOT_MAX_AGE_MS) {
      latest = { at: Date.now(), snapshots: Promise.all(networks.map(read)) };
    }
    return latest.snapshots;
  };
  const attempt = async <T>(source: string, reading: Promise<T>) =>
    reading.catch(() => {
      collectErrors.inc({ source });
      return undefined;
    });
  async function read({ config, chain, keeper, views }: JobServices): Promise<Snapshot> {
    const [app, indexed, deposits] = await Promise.all([
      attempt('database', readAppState(db, keeper.address, config.chain.id)),
      attempt('indexer', readIndexedState(db, { ...config, chainId: config.chain.id })),
      attempt('indexer', readDepositState(db, views, { ...config, chainId: config.chain.id })),
    ]);
    const tokens = [...(indexed?.owed.keys() ?? [zeroAddress])];
    const onChain = await attempt(
      'chain',
      readChainState(chain, { escrow: config.escrowAddress, keeper: keeper.address, tokens }),
    );
    return { app, indexed, deposits, chain: onChain };
  }

  /** A gauge of each network (labelled with its name), or of the gateway (`perNetwork: false`: the first network's reading). */
  const gauge = <L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    set: (gauge: GaugeSetter<L>, snapshot: Snapshot, services: JobServices) => void,
    { perNetwork = true } = {},
  ) =>
    new Gauge<L | 'network'>({
      name,
      help,
      labelNames: perNetwork ? [...labelNames, 'network'] : labelNames,
      registers: [registry],
      async collect() {
        const current = await snapshots();
        this.reset();
        if (!perNetwork) return set(setterFor(this), current[0]!, networks[0]!);
        current.forEach((snapshot, at) => {
          set(setterFor(this, networks[at]!.config.network), snapshot, networks[at]!);
        });
      },
    });

  gauge('pmt_account_balance_wei', "Native balance of the gateway's own accounts, in wei.", ['account'], (g, s) => {
    if (s.chain) g.set({ account: 'keeper' }, Number(s.chain.keeperBalance));
  });
  gauge('pmt_keeper_fees_paid_wei_total', 'Gas fees the keeper has paid, in wei (at most).', [], (g, s) => {
    if (s.app) g.set(Number(s.app.keeperFeesPaidWei));
  });
  gauge('pmt_keeper_transactions', 'Keeper transactions by state.', ['state'], (g, s) => {
    if (s.app) for (const state of keeperTransactionStates) g.set({ state }, s.app.keeperTransactions[state] ?? 0);
  });
  gauge('pmt_keeper_transactions_replaced_total', 'Keeper attempts beyond the first (fee bumps).', [], (g, s) => {
    if (s.app) g.set(s.app.keeperReplaced);
  });
  gauge('pmt_keeper_pending_oldest_seconds', 'Age of the oldest pending keeper transaction.', [], (g, s) => {
    if (s.app) g.set(s.app.keeperPendingOldestSeconds);
  });
  // Webhooks are the gateway's, not any one network's.
  const gateway = { perNetwork: false };
  gauge(
    'pmt_webhook_deliveries',
    'Webhook deliveries by state.',
    ['state'],
    (g, s) => {
      if (s.app) for (const state of webhookDeliveryStates) g.set({ state }, s.app.webhookDeliveries[state] ?? 0);
    },
    gateway,
  );
  gauge(
    'pmt_webhook_oldest_undelivered_seconds',
    'Age of the oldest pending webhook delivery.',
    [],
    (g, s) => {
      if (s.app) g.set(s.app.webhookOldestUndeliveredSeconds);
    },
    gateway,
  );
  gauge('pmt_payout_failures_total', 'Payouts not sent, or refused by their recipient.', [], (g, s) => {
    if (s.app && s.indexed) g.set(s.app.payoutFailures + s.indexed.payoutFailures);
  });
  gauge('pmt_payments', 'Indexed payments by state.', ['state'], (g, s) => {
    if (s.indexed) for (const state of paymentStatuses) g.set({ state }, s.indexed.payments[state] ?? 0);
  });
  gauge('pmt_intents_paid_total', 'Intents with a payment in the escrow.', [], (g, s) => {
    if (s.indexed) g.set(s.indexed.intentsPaid);
  });
  gauge('pmt_release_overdue_payments', 'Undisputed payments past their hold period, not released.', [], (g, s) => {
    if (s.indexed) g.set(s.indexed.releaseOverdue);
  });
  gauge('pmt_release_overdue_oldest_seconds', 'How far past its hold period the oldest of those is.', [], (g, s) => {
    if (s.indexed) g.set(s.indexed.releaseOverdueOldestSeconds);
  });
  gauge('pmt_indexer_lag_blocks', "Blocks between the chain's head and the indexer's.", [], (g, s) => {
    if (s.chain && s.indexed?.indexedBlock !== undefined) g.set(Number(s.chain.head - s.indexed.indexedBlock));
  });
  gauge(
    'pmt_deposit_scan_lag_blocks',
    "Blocks between the indexer's head and the last block the deposit scanner walked.",
    [],
    (g, s) => {
      if (s.deposits?.scanLagBlocks !== undefined) g.set(s.deposits.scanLagBlocks);
    },
  );
  gauge('pmt_deposit_unswept_oldest_seconds', 'How long the oldest deposit due for a sweep has waited.', [], (g, s) => {
    if (s.deposits) g.set(s.deposits.unsweptOldestSeconds);
  });
  gauge('pmt_escrow_paused', '1 while the escrow is paused.', [], (g, s) => {
    if (s.chain) g.set(s.chain.paused ? 1 : 0);
  });
  const solvency = (name: string, help: string, value: (onChain: bigint, owed: bigint) => bigint) =>
    gauge(name, help, ['token', 'symbol'], (g, s, { config }) => {
      if (!s.chain || !s.indexed) return;
      for (const [token, owed] of s.indexed.owed) {
        const onChain = s.chain.escrowBalances.get(token);
        if (onChain === undefined) continue;
        const symbol = token === zeroAddress ? config.chain.nativeCurrency.symbol : token;
        g.set({ token, symbol }, Number(value(onChain, owed)));
      }
    });
  solvency('pmt_escrow_balance', "The escrow's balance of the token, in base units.", (onChain) => onChain);
  solvency('pmt_escrow_owed', 'What the escrow owes in the token, in base units.', (_, owed) => owed);
  solvency(
    'pmt_escrow_surplus',
    'Balance minus owed, in base units: below 0 is insolvent.',
    (onChain, owed) => onChain - owed,
  );
  return registry;
}
