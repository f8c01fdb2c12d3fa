// Waiting for a freshly spawned server (indexer, API, worker) to say it is ready: its readiness URL
// answers 200. Gives up at once if the process exits, instead of polling a dead port until the timeout.
import type { ChildProcess } from 'node:child_process';

const POLL_MS = 100;

export async function waitUntilReady(
  name: string,
  readyUrl: string,
  child: ChildProcess,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}) before it was ready`);
    }
    if (
      await fetch(readyUrl).then(
        (res) => res.ok,
        () => false,
      )
    )
      return;
    if (Date.now() > deadline) throw new Error(`${name} was not ready at ${readyUrl} within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
