// Once per `vitest run`: the browser bundles, one PostgreSQL (embedded, or DATABASE_URL) and one anvil on free
// ports, stopped when the run ends, whether tests passed or not. The fast tier's files share the anvil and
// make databases of their own on the server; each end-to-end file, run beside another, starts a chain and
// a database of its own (./apiStack.ts, ./fileNode.ts).
// Every process the run starts carries the run's mark in its environment; once the run's own parts have
// stopped, anything still running with the mark was left behind by a test: it is killed, and the run fails.
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { startAnvil } from '../../devkit/anvil.js';
import { TEST_RUN_VARIABLE } from '../../devkit/childProcess.js';
import { startPostgres } from '../../devkit/postgres.js';
import { ancestorsOf, commandOf, parentOf, processesWithEnv, signal } from '../../devkit/processTree.js';
import { buildWebAssets } from '../../web/build.js';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    rpcUrl: string;
    chainId: number;
  }
}

/** Kills what the run left running and throws a list of it, or does nothing when nothing was left. */
async function failOnLeftovers(mark: string) {
  // A stop in progress elsewhere (a test file's afterAll racing this teardown) gets a moment to finish.
  // Vitest's own children (its workers, esbuild's service) inherit the mark too: it ends them itself.
  const ours = new Set(ancestorsOf(process.pid));
  const leftovers = () =>
    processesWithEnv(TEST_RUN_VARIABLE, mark).filter((pid) => !ours.has(pid) && parentOf(pid) !== process.pid);
  for (let tries = 0; tries < 20 && leftovers().length > 0; tries++) await new Promise((r) => setTimeout(r, 100));
  const left = leftovers().map((pid) => ({ pid, command: commandOf(pid) }));
  for (const { pid } of left) signal(pid, 'SIGKILL');
  if (left.length > 0) {
    // Vitest reports an error thrown here but still exits 0.
    process.exitCode = 1;
    throw new Error(
      `These processes, started by this test run, were still running after it (now killed): stop each child with its whole process tree (devkit/childProcess.ts).\n${left.map(({ pid, command }) => `  ${pid} ${command}`).join('\n')}`,
    );
  }
}

export default async function setup(project: TestProject) {
  const mark = randomBytes(8).toString('hex');
  process.env[TEST_RUN_VARIABLE] = mark;
  // Once, before any test file starts an API that serves them (the browser tests' checkout).
  await buildWebAssets();
  const postgres = await startPostgres({ persistent: false });
  const anvil = await startAnvil().catch(async (err: unknown) => {
    await postgres.stop();
    throw err;
  });
  project.provide('databaseUrl', postgres.url);
  project.provide('rpcUrl', anvil.rpcUrl);
  project.provide('chainId', anvil.chainId);
  return async () => {
    await anvil.stop();
    await postgres.stop();
    await failOnLeftovers(mark);
  };
}
