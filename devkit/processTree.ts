// What Linux's /proc says about processes: who started whom, what runs, what is still alive, and which
// processes carry a variable in their environment. Stopping a child must stop everything it started, and a
// test run must be able to find whatever it left behind.
import { readdirSync, readFileSync } from 'node:fs';

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // the process ended while we looked, or is not ours to read
  }
}

const pids = () =>
  readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number);

/** Fields of /proc/<pid>/stat after the command name (which may contain spaces and parentheses). */
function statFields(pid: number): string[] | undefined {
  const stat = read(`/proc/${pid}/stat`);
  return stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
}

export const parentOf = (pid: number): number | undefined => {
  const ppid = statFields(pid)?.[1];
  return ppid === undefined ? undefined : Number(ppid);
};

/** Every process whose parent chain leads to `pid`. */
export function descendantsOf(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const child of pids()) {
    const parent = parentOf(child);
    if (parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), child]);
  }
  const found: number[] = [];
  const walk = (parent: number) => {
    for (const child of children.get(parent) ?? []) {
      found.push(child);
      walk(child);
    }
  };
  walk(pid);
  return found;
}

/** `pid` and the processes that started it, up to init. */
export function ancestorsOf(pid: number): number[] {
  const chain: number[] = [];
  for (let at: number | undefined = pid; at !== undefined && at > 0 && !chain.includes(at); at = parentOf(at)) {
    chain.push(at);
  }
  return chain;
}

export const commandOf = (pid: number): string =>
  read(`/proc/${pid}/cmdline`)?.replaceAll('\0', ' ').trim() ?? '(gone)';

/** Running, that is: neither gone nor a zombie (exited, and only waiting for a parent to reap it). */
export const isAlive = (pid: number): boolean => {
  const state = statFields(pid)?.[0];
  return state !== undefined && state !== 'Z';
};

/** Live processes whose environment has `name=value`: what a run that set it for its children started. */
export function processesWithEnv(name: string, value: string): number[] {
  const entry = `${name}=${value}`;
  return pids().filter((pid) => isAlive(pid) && (read(`/proc/${pid}/environ`)?.split('\0').includes(entry) ?? false));
}

/** Sends `signal`, ignoring a process that is already gone. */
export function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

/** Live members of process group `pgid` (a child started `detached` leads a group of its own). */
export function groupMembers(pgid: number): number[] {
  return pids().filter((pid) => statFields(pid)?.[2] === String(pgid) && isAlive(pid));
}
