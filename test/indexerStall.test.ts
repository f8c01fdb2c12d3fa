// `npm run indexer` restarts a network's Ponder that stops indexing without exiting (seen after a
// PostgreSQL restart under `npm run bench:faults`: the process lived on, /ready answered 200, and that
// chain's payments went unseen). Here the Ponder is frozen with SIGSTOP: no block indexed for
// INDEXER_STALL_SECONDS while the chain moves on, so the supervisor stops it and starts it again.
import { afterAll, expect, inject, it } from 'vitest';
import { startAnvil } from '../devkit/anvil.js';
import { startChild } from '../devkit/childProcess.js';
import { freePort } from '../devkit/freePort.js';
import { deployLocalStack } from '../devkit/localDeployment.js';
import { commandOf, descendantsOf } from '../devkit/processTree.js';
import { indexedBlock } from '../lib/indexerStatus.js';
import { projectRoot } from '../lib/projectRoot.js';
import { freshDatabase } from './harness/database.js';

const database = await freshDatabase(inject('databaseUrl'), 'indexer_stall');
const anvil = await startAnvil({ blockTime: 1 });
afterAll(async () => {
  await anvil.stop();
  await database.drop();
});

it('restarts an indexer that indexes nothing while its chain moves on', async () => {
  const deployment = await deployLocalStack(anvil.rpcUrl, anvil.chainId);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const indexer = startChild({
    name: 'npm run indexer',
    command: process.execPath,
    args: ['--import', 'tsx', 'scripts/indexer.ts'],
    cwd: projectRoot,
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      PMT_NETWORK: 'anvil',
      RPC_URL: anvil.rpcUrl,
      ESCROW_ADDRESS: deployment.escrowAddress,
      ESCROW_START_BLOCK: String(deployment.startBlock),
      INDEXER_PORT: String(port),
      INDEXER_VIEWS_SCHEMA: 'views_stall',
      INDEXER_STALL_SECONDS: '3',
    },
  });
  try {
    await indexer.waitUntilReady(`${url}/ready`, 120_000);
    const ponders = () =>
      descendantsOf(indexer.process.pid!).filter((pid) => commandOf(pid).includes('ponder.js start'));
    const [frozen] = ponders();
    expect(frozen).toBeDefined();
    process.kill(frozen!, 'SIGSTOP');
    const stuckAt = (await indexedBlock(url).catch(() => undefined)) ?? 0n;

    await expect
      .poll(() => indexer.output(), { timeout: 30_000, interval: 250 })
      .toMatch(/indexer anvil: no block indexed for 3 s \(at (\d+|none), the chain at \d+\): stopping it/);
    await expect.poll(() => ponders().some((pid) => pid !== frozen), { timeout: 30_000 }).toBe(true);
    // The new one carries on from where the frozen one stopped.
    await expect
      .poll(async () => (await indexedBlock(url).catch(() => undefined)) ?? 0n, { timeout: 60_000, interval: 500 })
      .toBeGreaterThan(stuckAt + 3n);
  } finally {
    await indexer.stop(10_000);
  }
}, 180_000);
