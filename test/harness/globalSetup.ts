// Once per `vitest run`: the browser bundles, one PostgreSQL (embedded, or DATABASE_URL) and one anvil on free
// ports, stopped when the run ends, whether tests passed or not. The fast tier's files share the anvil and
// make databases of their own on the server; each end-to-end file, run beside another, starts a chain and
// a database of its own (./apiStack.ts, ./fileNode.ts).
import type { TestProject } from 'vitest/node';
import { startAnvil } from '../../devkit/anvil.js';
import { startPostgres } from '../../devkit/postgres.js';
import { buildWebAssets } from '../../web/build.js';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    rpcUrl: string;
    chainId: number;
  }
}

export default async function setup(project: TestProject) {
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
  };
}
