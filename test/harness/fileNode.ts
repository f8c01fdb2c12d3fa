// A chain and a database of one test file's own, for end-to-end files below the API stack (the indexer
// alone, the scripts): those files run two at a time (vitest.config.ts), and none may see another's chain,
// clock, nonces or tables. Call it at the top of the file; both are gone when the file's tests are done.
import { afterAll, inject } from 'vitest';
import { startAnvil } from '../../devkit/anvil.js';
import { freshDatabase } from './database.js';

export interface FileNode {
  rpcUrl: string;
  chainId: number;
  /** A database of its own on the run's PostgreSQL server. */
  databaseUrl: string;
}

export async function fileNode(name: string): Promise<FileNode> {
  const database = await freshDatabase(inject('databaseUrl'), name);
  const anvil = await startAnvil().catch(async (err: unknown) => {
    await database.drop();
    throw err;
  });
  // Registered first, so it runs after the file's own afterAll hooks have stopped what used these.
  afterAll(async () => {
    await anvil.stop();
    await database.drop();
  });
  return { rpcUrl: anvil.rpcUrl, chainId: anvil.chainId, databaseUrl: database.url };
}
