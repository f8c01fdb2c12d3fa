import { describe, expect, it } from 'vitest';
import { chainClock } from './chainClock.js';

function fakeChain(blocks: { number: bigint; timestamp: bigint }[]) {
  let calls = 0;
  let failing = false;
  return {
    client: {
      getBlock: async () => {
        calls += 1;
        if (failing) throw new Error('node down');
        return blocks[Math.min(calls - 1, blocks.length - 1)]!;
      },
    } as never,
    calls: () => calls,
    fail: (value: boolean) => (failing = value),
  };
}

describe('chainClock', () => {
  it('takes the later of wall time and block time', async () => {
    const ahead = fakeChain([{ number: 5n, timestamp: 2_000n }]);
    expect(await chainClock(ahead.client, 100, () => 1_000_000).now()).toBe(2_000n);
    const behind = fakeChain([{ number: 5n, timestamp: 500n }]);
    expect(await chainClock(behind.client, 100, () => 1_000_000).now()).toBe(1_000n);
  });

  it('asks the node again only once the head is older than the polling interval, without waiting for it', async () => {
    let wall = 0;
    const chain = fakeChain([
      { number: 1n, timestamp: 1n },
      { number: 2n, timestamp: 2n },
    ]);
    const clock = chainClock(chain.client, 100, () => wall);
    expect((await clock.head())?.number).toBe(1n);
    wall = 100;
    expect((await clock.head())?.number).toBe(1n);
    expect(chain.calls()).toBe(1);
    wall = 101;
    expect((await clock.head())?.number).toBe(1n); // the stale head answers while the refresh runs
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect((await clock.head())?.number).toBe(2n);
  });

  it('keeps the last head, or the wall clock alone, while the node is unreachable', async () => {
    let wall = 10_000;
    const chain = fakeChain([{ number: 9n, timestamp: 50n }]);
    chain.fail(true);
    const clock = chainClock(chain.client, 100, () => wall);
    expect(await clock.head()).toBeUndefined();
    expect(await clock.now()).toBe(10n);
    chain.fail(false);
    wall += 1_000;
    await clock.head(); // asks again, in the background
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect((await clock.head())?.number).toBe(9n);
    chain.fail(true);
    wall += 1_000;
    const asked = chain.calls();
    await clock.head();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(chain.calls()).toBeGreaterThan(asked); // it did ask, and the failure kept the last head
    expect((await clock.head())?.number).toBe(9n);
  });

  it('makes only the first callers wait for the node, which a node down since start asks once per polling interval', async () => {
    let wall = 0;
    const chain = fakeChain([{ number: 1n, timestamp: 1n }]);
    chain.fail(true);
    const clock = chainClock(chain.client, 100, () => wall);
    for (let call = 0; call < 5; call++) expect(await clock.head()).toBeUndefined();
    expect(chain.calls()).toBe(1);
    wall = 101;
    chain.fail(false);
    expect(await clock.head()).toBeUndefined(); // asked again, in the background
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(chain.calls()).toBe(2);
    expect((await clock.head())?.number).toBe(1n);
  });
});
