import { createPublicClient, http } from 'viem';
import { describe, expect, it } from 'vitest';
import { startAnvil } from './anvil.js';

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('startAnvil', () => {
  it('starts a chain on a free port and stops it without leaving the process behind', async () => {
    const anvil = await startAnvil({ chainId: 1287 });
    try {
      const client = createPublicClient({ transport: http(anvil.rpcUrl) });
      expect(await client.getChainId()).toBe(1287);
      expect(isRunning(anvil.pid)).toBe(true);
    } finally {
      await anvil.stop();
    }
    expect(isRunning(anvil.pid)).toBe(false);
  });

  it('reports why anvil could not start', async () => {
    const first = await startAnvil();
    try {
      const port = Number(new URL(first.rpcUrl).port);
      await expect(startAnvil({ port })).rejects.toThrow(/anvil exited with code \d+ before listening/);
    } finally {
      await first.stop();
    }
  });
});
