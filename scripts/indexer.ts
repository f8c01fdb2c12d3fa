// npm run indexer [-- --network <name>] — the indexers, configured by the environment (see README, "Running
// the indexer"): one `ponder start` per network served (or only the one named), each on the schema named
// after this build and its deployment, serving on INDEXER_PORT + its place in NETWORKS. A network whose
// indexer fails (its node unreachable, Ponder stopping on an RPC error) is started again on its own, with
// backoff, while the others go on: one chain's outage never stops another's payments; and so is one that
// stops indexing without exiting (INDEXER_STALL_SECONDS, indexer/launch/stallWatch.ts). Once a network's
// indexer is ready, the combined views include it. Ctrl-C and SIGTERM are passed on so Ponder shuts down
// cleanly.
import { type ChildProcess, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { combineNetworkViews } from '../indexer/launch/combinedViews.js';
import { type IndexerEnv, readIndexerEnvs } from '../indexer/launch/env.js';
import { releaseIndexerLock } from '../indexer/launch/lock.js';
import { ponderStartCommand } from '../indexer/launch/ponderStart.js';
import { watchForStall } from '../indexer/launch/stallWatch.js';
import { loadDotEnv } from '../lib/settings/dotenv.js';
import { stopMessage } from '../lib/settings/problems.js';

/** Restart delays: doubling from 1 s to a minute, back to 1 s after a run that lasted a minute. */
const FIRST_RETRY_MS = 1_000;
const LONGEST_RETRY_MS = 60_000;
/** How long a stalled indexer gets to shut down before it is killed. */
const STALL_KILL_GRACE_MS = 10_000;

const running = new Set<ChildProcess>();
let stopping: NodeJS.Signals | undefined;
const stopped = new AbortController();
/** Waits `ms`, or less when the indexers are told to stop. */
const pause = (ms: number) => sleep(ms, undefined, { signal: stopped.signal }).catch(() => undefined);

async function superviseIndexer(settings: IndexerEnv): Promise<void> {
  const log = (line: string) => console.error(`indexer ${settings.network}: ${line}`);
  let retryMs = FIRST_RETRY_MS;
  while (!stopping) {
    const startedAt = Date.now();
    const outcome = await runIndexer(settings, log).catch((err: unknown) => (err as Error).message);
    if (stopping) return;
    retryMs = Date.now() - startedAt >= LONGEST_RETRY_MS ? FIRST_RETRY_MS : retryMs;
    log(`${outcome}; starting it again in ${retryMs / 1000} s (the other networks go on)`);
    await pause(retryMs);
    retryMs = Math.min(retryMs * 2, LONGEST_RETRY_MS);
  }
}

/** Runs one `ponder start` until it exits; says how it ended. */
async function runIndexer(settings: IndexerEnv, log: (line: string) => void): Promise<string> {
  const launch = await ponderStartCommand(settings);
  if (stopping) return `not started: ${stopping}`;
  log(`writing schema ${launch.schema}, serving ${launch.url}`);
  const ponder = spawn(launch.command, launch.args, { cwd: launch.cwd, env: launch.env, stdio: 'inherit' });
  running.add(ponder);
  const exited = new Promise<string>((resolve) =>
    ponder.on('exit', (code, signal) => resolve(signal ? `stopped by ${signal}` : `exited with code ${code}`)),
  );
  void combineOnceReady(settings, launch.url, exited, log);
  const watch = watchForStall({
    url: launch.url,
    rpcUrl: settings.rpcUrl,
    stallMs: settings.stallSeconds * 1000,
    onStall(stuckAt, head) {
      log(
        `no block indexed for ${settings.stallSeconds} s (at ${stuckAt ?? 'none'}, the chain at ${head}): stopping it`,
      );
      ponder.kill('SIGTERM');
      // A stuck process may not finish its shutdown either.
      setTimeout(() => ponder.kill('SIGKILL'), STALL_KILL_GRACE_MS).unref();
    },
  });
  const outcome = await exited;
  watch.stop();
  running.delete(ponder);
  // Ponder is gone, so its lock is stale: lift it, and the next start need not wait for it to expire.
  await releaseIndexerLock(settings.databaseUrl, launch.schema).catch((err: unknown) =>
    log(`could not release the schema lock: ${String(err)}`),
  );
  return outcome;
}

/** Waits for Ponder's /ready (it has switched its views to this build), then points the combined views at it. */
async function combineOnceReady(
  settings: IndexerEnv,
  url: string,
  exited: Promise<string>,
  log: (line: string) => void,
): Promise<void> {
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  while (!gone && !stopping) {
    const ready = await fetch(`${url}/ready`).then(
      (res) => res.ok,
      () => false,
    );
    if (ready) {
      try {
        const { sources } = await combineNetworkViews(
          settings.databaseUrl,
          settings.viewsSchema,
          settings.servedNetworks,
        );
        log(`ready; views in ${settings.viewsSchema} combine ${Object.keys(sources).join(', ')}`);
        return;
      } catch (err) {
        log(`could not combine the views (${(err as Error).message}); trying again`);
      }
    }
    await pause(1_000);
  }
}

loadDotEnv();
try {
  const { values } = parseArgs({ options: { network: { type: 'string' } } });
  const served = readIndexerEnvs();
  const chosen = values.network ? served.filter(({ network }) => network === values.network) : served;
  if (chosen.length === 0) {
    throw new Error(
      `--network ${values.network} is not served: NETWORKS lists ${served.map(({ network }) => network).join(', ')}`,
    );
  }
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      stopping = signal;
      stopped.abort();
      for (const child of running) child.kill(signal);
    });
  }
  await Promise.all(chosen.map(superviseIndexer));
  process.exit(0);
} catch (err) {
  console.error(stopMessage('npm run indexer', err));
  process.exit(1);
}
