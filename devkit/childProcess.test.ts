import { describe, expect, it } from 'vitest';
import { startChild } from './childProcess.js';
import { descendantsOf, isAlive } from './processTree.js';

/** A launcher as `npm run` is one: a shell whose own exit leaves what it started running. */
const launcher = (detached: boolean) =>
  startChild({
    name: 'launcher',
    command: 'sh',
    // One grandchild in the launcher's group, one that left it (as a daemon's setsid does).
    args: ['-c', 'sleep 300 & setsid sleep 300 & echo started; wait'],
    detached,
  });

describe('a child that starts processes of its own', () => {
  it.each([
    ['stopped', true, 'stop'],
    ['stopped', false, 'stop'],
    ['killed', true, 'kill'],
  ] as const)('is %s with everything it started (detached: %s)', async (_, detached, how) => {
    const child = launcher(detached);
    await child.waitForOutput('started', 10_000);
    await expect.poll(() => descendantsOf(child.process.pid!), { timeout: 5_000 }).toHaveLength(2);
    const started = descendantsOf(child.process.pid!);
    await child[how]();
    expect(started.filter(isAlive)).toEqual([]);
  });
});
