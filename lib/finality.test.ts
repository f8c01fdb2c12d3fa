import { describe, expect, it } from 'vitest';
import { decodeCheckpointHead, finalBlock, finalBlockSource, finalityOf } from './finality.js';

/** A node whose `finalized` block is `finalized` (or that fails when it is an Error). */
const node = (finalized: bigint | Error) => ({
  getBlock: async () => {
    if (finalized instanceof Error) throw finalized;
    return { number: finalized } as never;
  },
});

describe('finalBlock', () => {
  it('counts a depth under the indexer head, and has nothing final before the depth is reached', async () => {
    const depth = { kind: 'depth', blocks: 3 } as const;
    expect(await finalBlock(depth, 10n, node(new Error('never asked')))).toBe(7n);
    expect(await finalBlock(depth, 2n, node(new Error('never asked')))).toBeUndefined();
    expect(await finalBlock({ kind: 'depth', blocks: 0 }, 10n, node(0n))).toBe(10n);
    expect(await finalBlock(depth, undefined, node(0n))).toBeUndefined();
  });

  it("takes the node's finalized block, but never beyond what the indexer has seen", async () => {
    const tag = { kind: 'finalizedTag' } as const;
    expect(await finalBlock(tag, 100n, node(95n))).toBe(95n);
    expect(await finalBlock(tag, 90n, node(95n))).toBe(90n);
    await expect(finalBlock(tag, 90n, node(new Error('node down')))).rejects.toThrow('node down');
  });

  it('lets FINALITY_DEPTH replace the preset', () => {
    expect(finalityOf({ kind: 'finalizedTag' }, 4)).toEqual({ kind: 'depth', blocks: 4 });
    expect(finalityOf({ kind: 'finalizedTag' }, undefined)).toEqual({ kind: 'finalizedTag' });
  });
});

it("reads the block number and time off Ponder's checkpoint", () => {
  // 10 digits of timestamp, 16 of chain id, 16 of block number, then transaction index, type, event index.
  const checkpoint = `1764000000${'31337'.padStart(16, '0')}${'1234'.padStart(16, '0')}${'0'.repeat(16)}5${'0'.repeat(16)}`;
  expect(decodeCheckpointHead(checkpoint)).toEqual({ number: 1234n, timestamp: 1764000000n });
});

describe('finalBlockSource', () => {
  it('keeps the last value read when the node fails, and throws when it has none', async () => {
    let finalized: bigint | Error = 5n;
    let now = 0;
    const db = {
      execute: async () => ({ rows: [{ latest_checkpoint: `${'0'.repeat(26)}${'9'.padStart(16, '0')}` }] }),
    };
    const source = finalBlockSource({
      finality: { kind: 'finalizedTag' },
      client: {
        getBlock: async () =>
          finalized instanceof Error ? Promise.reject(finalized) : ({ number: finalized } as never),
      },
      db: db as never,
      networkViewsSchema: 'pmt_anvil',
      maxAgeMs: 100,
      wallClock: () => now,
    });
    expect(await source.finalBlock()).toBe(5n);
    finalized = 7n;
    expect(await source.finalBlock()).toBe(5n); // still fresh
    now = 101;
    // Stale: the node is asked again in the background, and the next read past the age has its answer.
    expect(await source.finalBlock()).toBe(5n);
    now = 202;
    expect(await source.finalBlock()).toBe(7n);
    finalized = new Error('node down');
    now = 300;
    expect(await source.finalBlock()).toBe(7n);

    const failing = finalBlockSource({
      finality: { kind: 'finalizedTag' },
      client: node(new Error('node down')),
      db: db as never,
      networkViewsSchema: 'pmt_anvil',
      maxAgeMs: 100,
    });
    await expect(failing.finalBlock()).rejects.toThrow('the node has not answered with its finalized block yet');
  });

  it('answers from the last finalized block while the node hangs, without waiting for it', async () => {
    let now = 0;
    let asked = 0;
    let hanging = false;
    const source = finalBlockSource({
      finality: { kind: 'finalizedTag' },
      client: {
        getBlock: () => {
          asked += 1;
          return hanging ? new Promise<never>(() => {}) : Promise.resolve({ number: 5n } as never);
        },
      },
      db: {
        execute: async () => ({ rows: [{ latest_checkpoint: `${'0'.repeat(26)}${'9'.padStart(16, '0')}` }] }),
      } as never,
      networkViewsSchema: 'pmt_anvil',
      maxAgeMs: 100,
      wallClock: () => now,
    });
    expect(await source.finalBlock()).toBe(5n);
    hanging = true;
    now = 500;
    expect(await source.finalBlock()).toBe(5n);
    expect(asked, 'the node was asked again, in the background').toBe(2);
  });
});
