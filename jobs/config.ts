// The worker's settings, from its environment through the one settings table (lib/settings/).
import type { Address, Chain, Hex } from 'viem';
import { networkViewsSchema } from '../lib/chainViews.js';
import type { Finality } from '../lib/finality.js';
import type { NetworksById } from '../lib/resources/chainFact.js';
import { SettingsError } from '../lib/settings/problems.js';
import { processLabels, readSettings } from '../lib/settings/read.js';

export interface KeeperConfig {
  /** The keeper's key (`KEEPER_ROLE` on the escrow), read from the environment or a file, never logged. */
  privateKey: Hex;
  /** A transaction not mined this long after it was sent is sent again at the same nonce with higher fees. */
  replaceAfterMs: number;
  /** Signed attempts per nonce; after the last, the nonce is taken back by a 0-value transaction to itself. */
  maxAttempts: number;
  /** A cap on the fee per gas the keeper pays, in wei; unset means no cap. */
  maxFeePerGas?: bigint;
  /** Where a test kills the worker mid-send (`KEEPER_FAULT`); refused on live networks. */
  fault?: KeeperFault;
}

export type KeeperFault = 'after-sign' | 'after-record' | 'after-broadcast';

export interface WebhookConfig {
  /** Seconds to wait before each retry of a failed delivery; after the last, the delivery has failed. */
  retrySchedule: number[];
  /** A delivery answered with 2xx within this is delivered. */
  timeoutMs: number;
  /** An endpoint that has failed for this long without one success is disabled. */
  disableAfterMs: number;
  /** Deliver to loopback and private addresses (local development on test networks only). */
  allowPrivateAddresses: boolean;
}

/** About 3 days in all: 5 s, 5 min, 30 min, 2 h, 5 h, then 10 h seven times (as Svix and Stripe space theirs). */
export const DEFAULT_RETRY_SCHEDULE = [
  5, 300, 1_800, 7_200, 18_000, 36_000, 36_000, 36_000, 36_000, 36_000, 36_000, 36_000,
];

export interface WorkerConfig {
  databaseUrl: string;
  /** Jobs one process runs at once. */
  concurrency: number;
  /** How often an idle worker looks for jobs, in ms; new jobs also wake it at once (LISTEN/NOTIFY). */
  pollIntervalMs: number;
  /** graphile-worker's schema (`graphile_worker`). */
  workerSchema: string;
  /** The preset's name, or `custom`. */
  network: string;
  /** Whether the network holds real money (events' `livemode`). */
  livemode: boolean;
  chain: Chain;
  rpcUrl: string;
  /** How often to ask the node for a new block, in ms. */
  pollingIntervalMs: number;
  escrowAddress: Address;
  /** The name of each network served, by chain id (`network` in the objects shown). */
  chains: NetworksById;
  /** Where the views combining every network's indexed tables live (`pmt`). */
  viewsSchema: string;
  /** The network's own indexer views (`pmt_anvil`): its indexer's checkpoint, the head its finality counts from. */
  networkViewsSchema: string;
  finality: Finality;
  keeper: KeeperConfig;
  /** The arbiter's key (`ARBITER_ROLE`), when the worker sends the admin console's rulings. */
  arbiterPrivateKey?: Hex;
  /** Payments per `releaseBatch` transaction. */
  releaseBatchSize: number;
  /** How often the webhook outbox looks for newly final escrow events, in ms. */
  outboxIntervalMs: number;
  /** How often the deposit scanner looks for transfers into deposit addresses in newly final blocks, in ms. */
  depositScanIntervalMs: number;
  webhooks: WebhookConfig;
  /** Where buyers reach the API, for `checkout_url` in webhook payloads (as the API's PUBLIC_URL). */
  publicUrl: string;
  /** Where the worker serves /metrics, /healthz and /readyz. */
  host: string;
  port: number;
  /** /readyz fails while the indexer is further than this behind the chain's head. */
  readyMaxIndexerLagBlocks: number;
  /** /readyz fails while the keeper holds less than this, in wei. */
  keeperMinBalance: bigint;
  /** Where unhandled errors are reported (lib/errorReporting.ts); nowhere when unset. */
  sentryDsn?: string;
}

/**
 * The worker's config for each network it serves, the default first: each what that network's jobs, keeper
 * sessions, outbox and deposit scanner see (the shared settings alike in all).
 */
export function readWorkerConfigs(env: NodeJS.ProcessEnv = process.env): WorkerConfig[] {
  const { vars, networks } = readSettings('worker', env);
  const modes = new Set(networks.map(({ network }) => network.mode));
  if (modes.size > 1) {
    throw new SettingsError(processLabels.worker, [
      `NETWORKS: lists test and live networks (${networks.map(({ network }) => `${network.name}: ${network.mode}`).join(', ')}); one gateway serves one mode: list the test networks in one gateway and the live ones in another`,
    ]);
  }
  const chains = new Map(networks.map(({ network }) => [network.chain.id, network]));
  return networks.map(({ network, escrow, vars: own }) => ({
    databaseUrl: vars.DATABASE_URL,
    concurrency: vars.WORKER_CONCURRENCY,
    pollIntervalMs: vars.WORKER_POLL_INTERVAL_MS,
    workerSchema: vars.WORKER_SCHEMA,
    network: network.name,
    livemode: network.mode === 'live',
    chain: network.chain,
    rpcUrl: network.rpcUrl,
    pollingIntervalMs: network.pollingIntervalMs,
    escrowAddress: escrow.address,
    chains,
    viewsSchema: vars.INDEXER_VIEWS_SCHEMA,
    networkViewsSchema: networkViewsSchema(vars.INDEXER_VIEWS_SCHEMA, network.name),
    finality: network.finality,
    keeper: {
      privateKey: own.KEEPER_PRIVATE_KEY as Hex,
      replaceAfterMs: vars.KEEPER_REPLACE_AFTER_SECONDS * 1000,
      maxAttempts: vars.KEEPER_MAX_ATTEMPTS,
      maxFeePerGas: own.KEEPER_MAX_FEE_PER_GAS,
      fault: vars.KEEPER_FAULT,
    },
    arbiterPrivateKey: own.ARBITER_PRIVATE_KEY as Hex | undefined,
    releaseBatchSize: vars.RELEASE_BATCH_SIZE,
    outboxIntervalMs: vars.OUTBOX_INTERVAL_MS,
    depositScanIntervalMs: vars.DEPOSIT_SCAN_INTERVAL_MS,
    webhooks: {
      retrySchedule: vars.WEBHOOK_RETRY_SCHEDULE ?? DEFAULT_RETRY_SCHEDULE,
      timeoutMs: vars.WEBHOOK_TIMEOUT_MS,
      disableAfterMs: vars.WEBHOOK_DISABLE_AFTER_SECONDS * 1000,
      allowPrivateAddresses: vars.WEBHOOK_ALLOW_PRIVATE_ADDRESSES,
    },
    publicUrl: vars.PUBLIC_URL?.replace(/\/$/, '') ?? '',
    host: vars.WORKER_HOST,
    port: vars.WORKER_PORT,
    readyMaxIndexerLagBlocks: vars.READY_MAX_INDEXER_LAG_BLOCKS,
    keeperMinBalance: own.KEEPER_MIN_BALANCE_WEI,
    sentryDsn: vars.SENTRY_DSN,
  }));
}
