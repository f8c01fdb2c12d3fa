// npm run dev — the whole gateway on one machine. This launcher only starts devkit/stack/run.ts in a
// process group of its own and relays Ctrl-C to it once: a terminal's Ctrl-C would otherwise hit every
// part at the same moment, and PostgreSQL would go down while the indexer still writes its shutdown.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const stack = spawn(
  process.execPath,
  ['--import', 'tsx', join(import.meta.dirname, '..', 'devkit', 'stack', 'run.ts')],
  {
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  },
);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => stack.kill('SIGTERM'));
stack.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
