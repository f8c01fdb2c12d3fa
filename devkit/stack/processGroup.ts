// The dev stack's long-running children (indexer, API and worker): each one's output
// line by line behind a colored name, a readiness wait, and a shutdown in reverse start order.
import pc from 'picocolors';
import { type Child, startChild } from '../childProcess.js';

export interface ProcessSpec {
  name: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  /** Ready once this URL answers 2xx, or (for a process that serves nothing) once it prints this line. */
  ready: { url: string } | { line: string };
  /** Runs once the process has exited on `stop`, before anything started earlier is stopped. */
  afterStop?: () => Promise<unknown>;
}

const colors = [pc.cyan, pc.magenta, pc.yellow, pc.green, pc.blue];
const READY_TIMEOUT_MS = 180_000;
const STOP_GRACE_MS = 10_000;

/** Prints `line` behind a colored, aligned `name │`, the one log format of `npm run dev`. */
export function logLine(name: string, line: string, color: (text: string) => string = pc.gray) {
  process.stdout.write(`${color(name.padEnd(15))}${pc.dim('│')} ${line}\n`);
}

export class ProcessGroup {
  readonly #children: { spec: ProcessSpec; child: Child }[] = [];
  #stopping = false;

  /** Starts `spec` and resolves once it is ready; rejects if it exits or stalls first. */
  async start(spec: ProcessSpec, onUnexpectedExit: (name: string, code: number | null) => void): Promise<void> {
    if (this.#stopping) throw new Error(`not starting ${spec.name}: the stack is stopping`);
    const color = colors[this.#children.length % colors.length]!;
    const child = startChild({ ...spec, onLine: (line) => logLine(spec.name, line, color) });
    this.#children.push({ spec, child });
    void child.exited.then(() => {
      if (!this.#stopping) onUnexpectedExit(spec.name, child.process.exitCode);
    });
    const ready =
      'url' in spec.ready
        ? child.waitUntilReady(spec.ready.url, READY_TIMEOUT_MS)
        : child.waitForOutput(spec.ready.line, READY_TIMEOUT_MS);
    await ready.catch((err: Error) => {
      // Its log is on the terminal already.
      throw new Error(`${err.message.split('\n')[0]}; its log is above`);
    });
  }

  /** Stops every child, newest first (SIGTERM, then SIGKILL after a grace period). */
  async stop(): Promise<void> {
    this.#stopping = true;
    for (const { spec, child } of [...this.#children].reverse()) {
      await child.stop(STOP_GRACE_MS);
      await spec.afterStop?.().catch((err: unknown) => logLine(spec.name, `cleanup after stop failed: ${String(err)}`));
    }
  }
}
