import { describe, expect, it } from 'vitest';
import type { NetworkServices } from '../context.js';
import { chainReadContext } from './readContext.js';

/** Services whose chain clock last saw block `clockBlock`, while the indexer has reached `indexedBlock`. */
function services(clockBlock: bigint | undefined, indexedBlock: bigint | undefined) {
  return {
    clock: {
      head: async () => (clockBlock === undefined ? undefined : { number: clockBlock, timestamp: 1_000n }),
      now: async () => 1_000n,
    },
    finality: {
      finalBlock: async () => (indexedBlock === undefined ? undefined : indexedBlock - 2n),
      indexedHead: () => (indexedBlock === undefined ? undefined : { number: indexedBlock, timestamp: 1_010n }),
    },
    network: { chain: { id: 31337 }, name: 'anvil' },
  } as unknown as NetworkServices;
}

describe("an intent's read context", () => {
  it('counts confirmations from the indexer’s head when the chain clock has not caught up with it', async () => {
    const context = await chainReadContext(services(10n, 20n), {} as never);
    expect(context.head?.number).toBe(20n);
    expect(context.finalBlock).toBe(18n);
  });

  it('counts from the chain clock when it is ahead, or when nothing is indexed', async () => {
    expect((await chainReadContext(services(30n, 20n), {} as never)).head?.number).toBe(30n);
    expect((await chainReadContext(services(30n, undefined), {} as never)).head?.number).toBe(30n);
  });
});
