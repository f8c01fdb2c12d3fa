// promtool for the ops tests: its output, or an error with what it printed (or, when it is missing, what to
// install: the tests fail rather than skip).
import { execFileSync } from 'node:child_process';
import { projectRoot } from '../../lib/projectRoot.js';

export function promtool(...args: string[]): string {
  try {
    return execFileSync('promtool', args, { cwd: projectRoot, encoding: 'utf8', stdio: 'pipe' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(
        "promtool is not on PATH: install Debian's prometheus package (apt-get install -y prometheus) for promtool",
      );
    }
    const { status, stdout, stderr } = err as { status: number | null; stdout: string; stderr: string };
    throw new Error(`promtool ${args.join(' ')} exited ${status}:\n${stdout}${stderr}`);
  }
}
