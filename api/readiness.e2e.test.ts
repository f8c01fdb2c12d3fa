// /readyz against a real indexer: ready while it keeps up with the chain, not ready (503, with the lag)
// once it falls further behind than READY_MAX_INDEXER_LAG_BLOCKS, and ready again when it catches up.
import { createTestClient, http } from 'viem';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ApiStack, startApiStack } from '../test/harness/apiStack.js';

let stack: ApiStack;

beforeAll(async () => {
  stack = await startApiStack({ READY_MAX_INDEXER_LAG_BLOCKS: '5' });
});
afterAll(async () => {
  await stack?.stop();
});

const readiness = async () => {
  const response = await fetch(`${stack.url}/readyz`);
  return { status: response.status, body: (await response.json()) as any };
};

it('is ready while the indexer keeps up, and says how far behind it is when it does not', async () => {
  await expect.poll(async () => (await readiness()).status, { timeout: 15_000 }).toBe(200);
  expect((await readiness()).body).toMatchObject({
    status: 'ready',
    checks: { database: { ok: true }, indexer: { ok: true, max_lag_blocks: 5 }, operator: { ok: true } },
  });

  const indexer = stack.indexer.process.pid!;
  process.kill(indexer, 'SIGSTOP');
  try {
    await createTestClient({ mode: 'anvil', transport: http(stack.indexer.settings.rpcUrl) }).mine({ blocks: 10 });
    await expect.poll(async () => (await readiness()).status, { timeout: 15_000 }).toBe(503);
    const { body } = await readiness();
    expect(body.status).toBe('not_ready');
    expect(body.checks.database.ok).toBe(true);
    expect(body.checks.indexer.ok).toBe(false);
    expect(body.checks.indexer.lag_blocks).toBeGreaterThan(5);
  } finally {
    process.kill(indexer, 'SIGCONT');
  }
  await expect.poll(async () => (await readiness()).status, { timeout: 15_000 }).toBe(200);
});
