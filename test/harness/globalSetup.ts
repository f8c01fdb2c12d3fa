// Once per `vitest run`: one PostgreSQL (embedded, or DATABASE_URL) and one anvil on free ports, shared by
// every test file and stopped when the run ends, whether tests passed or not. Tests that rewrite chain
// history (reorgs) start an anvil of their own instead of disturbing this one.
import type { TestProject } from 'vitest/node';
import { startAnvil } from '../../devkit/anvil.js';
import { startPostgres } from '../../devkit/postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    rpcUrl: string;
    chainId: number;
  }
}

export default async function setup(project: TestProject) {
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
