// A process kept running as systemd keeps the gateway's (ops/systemd, `Restart=`): started again a moment
// after it exits, however it ended, until the bench stops it. The fault bench kills these at will.
import { type Child, type ChildOptions, startChild } from '../../devkit/childProcess.js';

export interface SupervisedOptions extends ChildOptions {
  /** Ready once this URL answers 2xx, or once the process prints this line. */
  ready: { url: string } | { line: string };
  /** How long after an exit it is started again (systemd's `RestartSec`). */
  restartDelayMs: number;
}

const READY_TIMEOUT_MS = 180_000;

export class Supervised {
  #child: Child;
  #stopping = false;
  /** How often the process was started again. */
  restarts = 0;

  private constructor(readonly options: SupervisedOptions) {
    this.#child = this.#spawn();
  }

  /** Starts the process and resolves once it is ready. */
  static async start(options: SupervisedOptions): Promise<Supervised> {
    const supervised = new Supervised(options);
    await supervised.ready();
    return supervised;
  }

  get child(): Child {
    return this.#child;
  }

  /** Until the running process (or the one started after it) is ready. */
  async ready(timeoutMs = READY_TIMEOUT_MS): Promise<void> {
    const { ready } = this.options;
    if ('url' in ready) await this.#child.waitUntilReady(ready.url, timeoutMs);
    else await this.#child.waitForOutput(ready.line, timeoutMs);
  }

  /** Sends `signal` to the running process (SIGKILL: no chance to clean up); it is started again after. */
  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    this.#child.process.kill(signal);
  }

  /** Until the process killed last has been replaced by a fresh one that is ready. */
  async restarted(before: number, timeoutMs = READY_TIMEOUT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.restarts <= before) {
      if (Date.now() > deadline) throw new Error(`${this.options.name} was not started again`);
      await new Promise((tick) => setTimeout(tick, 50));
    }
    await this.ready(Math.max(1, deadline - Date.now()));
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    await this.#child.stop(10_000);
  }

  #spawn(): Child {
    const child = startChild(this.options);
    void child.exited.then(() => {
      if (this.#stopping) return;
      setTimeout(() => {
        if (this.#stopping) return;
        this.#child = this.#spawn();
        this.restarts++;
      }, this.options.restartDelayMs);
    });
    return child;
  }
}
