// What every task of one worker process shares: its settings, the chain client, the indexer's views and
// the keeper's signer. Built once per process by jobs/worker.ts.
import type { JobHelpers } from 'graphile-worker';
import { createPublicClient, http, type LocalAccount, type PublicClient } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { type ChainViews, chainViews } from '../lib/chainViews.js';
import type { WorkerConfig } from './config.js';
import { keeperAccount } from './keeper/account.js';
import { type KeeperSession, withKeeperSession } from './keeper/session.js';

export interface JobServices {
  config: WorkerConfig;
  chain: PublicClient;
  /**
   * Resolves while the network's node answers, and throws at once while it does not (asked again every
   * few seconds): a job of a network whose node is down fails fast and retries later, rather than holding
   * one of the worker's few job slots through every timeout while other networks' jobs wait.
   */
  nodeAnswers(): Promise<void>;
  views: ChainViews;
  keeper: LocalAccount;
  /** The arbiter's signer, when ARBITER_PRIVATE_KEY is set: it sends rulings through its own keeper sessions. */
  arbiter?: LocalAccount;
}

export function createJobServices(config: WorkerConfig): JobServices {
  const chain = createPublicClient({
    chain: config.chain,
    transport: http(config.rpcUrl, { timeout: 10_000, retryCount: 2 }),
    pollingInterval: config.pollingIntervalMs,
  });
  return {
    config,
    chain,
    nodeAnswers: nodeProbe(config),
    views: chainViews(config.viewsSchema),
    keeper: keeperAccount(config.keeper),
    arbiter: config.arbiterPrivateKey && privateKeyToAccount(config.arbiterPrivateKey),
  };
}

/** How long the node has to answer the probe, and how long its answer (either way) stands. */
const PROBE_TIMEOUT_MS = 2_000;
const PROBE_MAX_AGE_MS = 5_000;

function nodeProbe({ chain, rpcUrl, network }: WorkerConfig): () => Promise<void> {
  const probe = createPublicClient({ chain, transport: http(rpcUrl, { timeout: PROBE_TIMEOUT_MS, retryCount: 0 }) });
  let last: { at: number; answer: Promise<void> } | undefined;
  return () => {
    if (!last || Date.now() - last.at > PROBE_MAX_AGE_MS) {
      const answer = probe.getBlockNumber({ cacheTime: 0 }).then(
        () => undefined,
        (err: unknown) => {
          throw new Error(
            `the node of ${network} did not answer (${err instanceof Error ? err.message.split('\n')[0] : String(err)}): this job is retried later, and other networks' jobs go on`,
          );
        },
      );
      last = { at: Date.now(), answer };
    }
    return last.answer;
  };
}

/** Runs `use` in a keeper session (jobs/keeper/session.ts) on a connection of the worker's pool. */
export function withKeeper<T>(
  helpers: JobHelpers,
  services: JobServices,
  use: (session: KeeperSession) => Promise<T>,
): Promise<T> {
  return withSigner(helpers, services, services.keeper, use);
}

/**
 * Runs `use` in a session of `account`: the keeper, or another role's signer (the arbiter), whose
 * transactions get the same write-ahead record, nonce lock and reconciling as the keeper's.
 */
export function withSigner<T>(
  helpers: JobHelpers,
  services: JobServices,
  account: LocalAccount,
  use: (session: KeeperSession) => Promise<T>,
): Promise<T> {
  return helpers.withPgClient((client) =>
    withKeeperSession(
      client,
      {
        config: services.config.keeper,
        account,
        client: services.chain,
        chainId: services.config.chain.id,
        finality: services.config.finality,
        log: helpers.logger,
      },
      use,
    ),
  );
}
