// The one way dev tooling, tests and benches run a long-lived child (Ponder, anvil, the API): its output
// read line by line (so it never blocks on a full pipe) and kept for error messages, its exit observed,
// a readiness wait that gives up as soon as it dies, and a stop that escalates SIGTERM to SIGKILL and ends
// only when everything the child started has ended too: a child is often a launcher (`npm run`, tsx) whose
// own exit leaves what it started running, re-parented to init.
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { stripVTControlCharacters } from 'node:util';
import { descendantsOf, groupMembers, isAlive, signal } from './processTree.js';

/** How many of the latest output lines a child keeps for error messages. */
const KEPT_LINES = 5_000;
const READY_POLL_MS = 100;
/** How long an exited child's remaining output may take to arrive. */
const OUTPUT_DRAIN_MS = 1_000;
/** How long what a stopped child left running gets after SIGTERM, before SIGKILL. */
const LEFTOVER_GRACE_MS = 3_000;
/** A test run's mark (test/harness/globalSetup.ts), passed to every child so the run can find what it left. */
export const TEST_RUN_VARIABLE = 'PMT_TEST_RUN';

export interface ChildOptions {
  /** Names the child in error messages. */
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Each line of stdout and stderr as printed (colours included), e.g. to relay it. */
  onLine?: (line: string) => void;
  /** In a process group of its own (`process.kill(-pid)` then reaches what it starts, as `npm run` does). */
  detached?: boolean;
}

export interface Child {
  name: string;
  process: ChildProcess;
  /** Resolves once the process has exited, however it ended. */
  exited: Promise<void>;
  alive(): boolean;
  /** The latest lines it printed, without colour codes (Ponder colours its log when CI is set). */
  output(): string;
  /** Polls `url` until it answers 2xx; rejects with the output if the child exits or `timeoutMs` passes. */
  waitUntilReady(url: string, timeoutMs: number): Promise<void>;
  /** Polls its output until a line contains `text` (for a process that serves nothing to poll). */
  waitForOutput(text: string, timeoutMs: number): Promise<void>;
  /**
   * SIGTERM, then SIGKILL if it is still running after `graceMs`; resolves once it and every process it
   * started have exited.
   */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL to it and every process it started, as a crash would; resolves once they have exited. */
  kill(): Promise<void>;
}

export function startChild({ name, command, args, env, cwd, onLine, detached }: ChildOptions): Child {
  const mark = process.env[TEST_RUN_VARIABLE];
  const child = spawn(command, args, {
    cwd,
    env: mark && env ? { ...env, [TEST_RUN_VARIABLE]: mark } : env,
    detached,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  // Exited is the child's own exit (or a failure to start at all), not its pipes closing: processes it
  // started may hold those open. Its last lines usually follow within moments, so wait briefly for them.
  const exited = new Promise<void>((resolve) => {
    const drained = () => {
      const timer = setTimeout(resolve, OUTPUT_DRAIN_MS);
      child.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    };
    child.once('exit', drained);
    child.once('error', (err) => {
      lines.push(`${name} could not start: ${err.message}`);
      if (child.pid === undefined) resolve();
    });
  });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      onLine?.(line);
      lines.push(stripVTControlCharacters(line));
      if (lines.length > KEPT_LINES) lines.splice(0, lines.length - KEPT_LINES);
    });
  }
  const alive = () => child.exitCode === null && child.signalCode === null;
  const output = () => lines.join('\n');

  async function pollUntilReady(where: string, ready: () => Promise<boolean>, timeoutMs: number) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!alive())
        throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output()}`);
      if (await ready()) return;
      if (Date.now() > deadline)
        throw new Error(`${name} was not ready ${where} within ${timeoutMs / 1000} s:\n${output()}`);
      await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
    }
  }

  // What it started: its descendants and, when it leads one, its process group. Noted while it runs, since
  // once it has exited its children are init's.
  const started = new Set<number>();
  const noteStarted = () => {
    if (child.pid === undefined || !alive()) return;
    for (const descendant of descendantsOf(child.pid)) started.add(descendant);
    if (detached) for (const member of groupMembers(child.pid)) if (member !== child.pid) started.add(member);
  };
  const leftovers = () => [...started].filter(isAlive);

  async function endLeftovers() {
    const deadline = Date.now() + LEFTOVER_GRACE_MS;
    for (const leftover of leftovers()) signal(leftover, 'SIGTERM');
    while (leftovers().length > 0) {
      if (Date.now() > deadline) for (const leftover of leftovers()) signal(leftover, 'SIGKILL');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async function signalAndWait(name: NodeJS.Signals, graceMs?: number) {
    noteStarted();
    if (alive()) {
      if (name === 'SIGKILL') for (const leftover of leftovers()) signal(leftover, 'SIGKILL');
      child.kill(name);
    }
    const escalate =
      graceMs === undefined
        ? undefined
        : setTimeout(() => {
            noteStarted();
            child.kill('SIGKILL');
          }, graceMs);
    await exited;
    clearTimeout(escalate);
    await endLeftovers();
  }

  return {
    name,
    process: child,
    exited,
    alive,
    output,
    waitUntilReady: (url, timeoutMs) =>
      pollUntilReady(
        `at ${url}`,
        () =>
          fetch(url).then(
            (res) => res.ok,
            () => false,
          ),
        timeoutMs,
      ),
    waitForOutput: (text, timeoutMs) =>
      pollUntilReady(`(no "${text}" in its output)`, async () => output().includes(text), timeoutMs),
    stop: (graceMs = 10_000) => signalAndWait('SIGTERM', graceMs),
    kill: () => signalAndWait('SIGKILL'),
  };
}
