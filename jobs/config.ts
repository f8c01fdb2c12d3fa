// The worker's settings, all from environment variables (the dev stack sets them for its worker).
import { readFileSync } from 'node:fs';
import { type Address, type Chain, getAddress, type Hex, isHex } from 'viem';
import { z } from 'zod';
import {
  addressVar,
  databaseUrlVar,
  envObject,
  finalityDepthVar,
  networkVar,
  parseEnv,
  schemaNameVar,
  wholeNumber,
} from '../lib/envVars.js';
import { type Finality, finalityOf } from '../lib/finality.js';
import { DEFAULT_WORKER_SCHEMA } from '../lib/jobQueue.js';
import { type NetworkName, networkPreset, reachedChain } from '../lib/networks.js';

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

export const keeperFaults = ['after-sign', 'after-record', 'after-broadcast'] as const;
export type KeeperFault = (typeof keeperFaults)[number];

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
  network: NetworkName;
  /** Whether the network holds real money (events' `livemode`). */
  livemode: boolean;
  chain: Chain;
  rpcUrl: string;
  escrowAddress: Address;
  /** Where the indexer's stable views live (`pmt`). */
  viewsSchema: string;
  finality: Finality;
  keeper: KeeperConfig;
  /** Payments per `releaseBatch` transaction. */
  releaseBatchSize: number;
  /** How often the webhook outbox looks for newly final escrow events, in ms. */
  outboxIntervalMs: number;
  webhooks: WebhookConfig;
  /** Where buyers reach the API, for `checkout_url` in webhook payloads (as the API's PUBLIC_URL). */
  publicUrl: string;
}

const privateKey = z
  .string()
  .trim()
  .refine((value) => isHex(value) && value.length === 66, 'a 0x-prefixed 32-byte hex private key');

const workerEnv = envObject({
  DATABASE_URL: databaseUrlVar,
  WORKER_CONCURRENCY: wholeNumber.pipe(z.number().int().min(1).max(100)).default(5),
  WORKER_POLL_INTERVAL_MS: wholeNumber.pipe(z.number().int().min(100)).default(2_000),
  WORKER_SCHEMA: schemaNameVar.default(DEFAULT_WORKER_SCHEMA),
  PMT_NETWORK: networkVar,
  RPC_URL: z.url().optional(),
  ESCROW_ADDRESS: addressVar,
  INDEXER_VIEWS_SCHEMA: schemaNameVar.default('pmt'),
  FINALITY_DEPTH: finalityDepthVar,
  KEEPER_PRIVATE_KEY: privateKey.optional(),
  KEEPER_PRIVATE_KEY_FILE: z.string().optional(),
  KEEPER_REPLACE_AFTER_SECONDS: wholeNumber.pipe(z.number().int().min(1)).default(120),
  KEEPER_MAX_ATTEMPTS: wholeNumber.pipe(z.number().int().min(1).max(20)).default(5),
  KEEPER_MAX_FEE_PER_GAS: z.string().regex(/^\d+$/, 'a whole number of wei').transform(BigInt).optional(),
  KEEPER_FAULT: z.enum(keeperFaults).optional(),
  RELEASE_BATCH_SIZE: wholeNumber.pipe(z.number().int().min(1).max(500)).default(50),
  OUTBOX_INTERVAL_MS: wholeNumber.pipe(z.number().int().min(50)).default(250),
  WEBHOOK_RETRY_SCHEDULE: z
    .string()
    .regex(/^\d+(,\d+)*$/, 'seconds before each retry, comma-separated')
    .transform((list) => list.split(',').map(Number))
    .optional(),
  WEBHOOK_TIMEOUT_MS: wholeNumber.pipe(z.number().int().min(100).max(60_000)).default(10_000),
  WEBHOOK_DISABLE_AFTER_SECONDS: wholeNumber.pipe(z.number().int().min(1)).default(3 * 86_400),
  WEBHOOK_ALLOW_PRIVATE_ADDRESSES: z.enum(['true', 'false']).default('false'),
  PUBLIC_URL: z.url().optional(),
});

const HINT = 'See the README, "Running the worker".';

/** The keeper key from `KEEPER_PRIVATE_KEY`, or the first line of the file `KEEPER_PRIVATE_KEY_FILE` names. */
function keeperKey(vars: z.infer<typeof workerEnv>): Hex {
  if (vars.KEEPER_PRIVATE_KEY && vars.KEEPER_PRIVATE_KEY_FILE) {
    throw new Error(`npm run worker: set KEEPER_PRIVATE_KEY or KEEPER_PRIVATE_KEY_FILE, not both. ${HINT}`);
  }
  if (vars.KEEPER_PRIVATE_KEY) return vars.KEEPER_PRIVATE_KEY as Hex;
  if (!vars.KEEPER_PRIVATE_KEY_FILE) {
    throw new Error(
      `npm run worker: the keeper key is not set: KEEPER_PRIVATE_KEY or KEEPER_PRIVATE_KEY_FILE. ${HINT}`,
    );
  }
  let text: string;
  try {
    text = readFileSync(vars.KEEPER_PRIVATE_KEY_FILE, 'utf8');
  } catch (err) {
    throw new Error(
      `npm run worker: cannot read KEEPER_PRIVATE_KEY_FILE (${vars.KEEPER_PRIVATE_KEY_FILE}): ${(err as Error).message}`,
    );
  }
  const parsed = privateKey.safeParse(text.split('\n')[0]);
  if (!parsed.success) {
    throw new Error(`npm run worker: KEEPER_PRIVATE_KEY_FILE does not hold ${parsed.error.issues[0]!.message}`);
  }
  return parsed.data as Hex;
}

export function readWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const vars = parseEnv(workerEnv, env, 'npm run worker', HINT);
  const preset = networkPreset(vars.PMT_NETWORK);
  const allowPrivateAddresses = vars.WEBHOOK_ALLOW_PRIVATE_ADDRESSES === 'true';
  if (allowPrivateAddresses && preset.mode !== 'test') {
    throw new Error(
      `npm run worker: WEBHOOK_ALLOW_PRIVATE_ADDRESSES is for local development, refused on ${vars.PMT_NETWORK}`,
    );
  }
  if (vars.KEEPER_FAULT && preset.mode !== 'test') {
    throw new Error(`npm run worker: KEEPER_FAULT kills the worker on purpose and is refused on ${vars.PMT_NETWORK}`);
  }
  return {
    databaseUrl: vars.DATABASE_URL,
    concurrency: vars.WORKER_CONCURRENCY,
    pollIntervalMs: vars.WORKER_POLL_INTERVAL_MS,
    workerSchema: vars.WORKER_SCHEMA,
    network: vars.PMT_NETWORK,
    livemode: preset.mode === 'live',
    ...reachedChain(preset, vars.RPC_URL),
    escrowAddress: getAddress(vars.ESCROW_ADDRESS),
    viewsSchema: vars.INDEXER_VIEWS_SCHEMA,
    finality: finalityOf(preset.finality, vars.FINALITY_DEPTH),
    keeper: {
      privateKey: keeperKey(vars),
      replaceAfterMs: vars.KEEPER_REPLACE_AFTER_SECONDS * 1000,
      maxAttempts: vars.KEEPER_MAX_ATTEMPTS,
      maxFeePerGas: vars.KEEPER_MAX_FEE_PER_GAS,
      fault: vars.KEEPER_FAULT,
    },
    releaseBatchSize: vars.RELEASE_BATCH_SIZE,
    outboxIntervalMs: vars.OUTBOX_INTERVAL_MS,
    webhooks: {
      retrySchedule: vars.WEBHOOK_RETRY_SCHEDULE ?? DEFAULT_RETRY_SCHEDULE,
      timeoutMs: vars.WEBHOOK_TIMEOUT_MS,
      disableAfterMs: vars.WEBHOOK_DISABLE_AFTER_SECONDS * 1000,
      allowPrivateAddresses,
    },
    publicUrl: vars.PUBLIC_URL?.replace(/\/$/, '') ?? '',
  };
}
