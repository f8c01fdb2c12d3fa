import { describe, expect, it } from 'vitest';
import { withinTime } from './readiness.js';

describe("a network's checks within time", () => {
  it('are its own when they come in time', async () => {
    const checks = Promise.resolve({ indexer: { ok: true, lag_blocks: 0 } });
    await expect(withinTime(checks, ['indexer'] as const, 50)).resolves.toEqual({
      indexer: { ok: true, lag_blocks: 0 },
    });
  });

  it('fail, each named, when the node does not answer in time', async () => {
    const silent = new Promise<never>(() => {});
    await expect(withinTime(silent, ['indexer', 'keeper'] as const, 20)).resolves.toEqual({
      indexer: { ok: false, error: 'no answer within 20 ms (is the node reachable?)' },
      keeper: { ok: false, error: 'no answer within 20 ms (is the node reachable?)' },
    });
  });
});
