// `npm run api` as a process of its own (scripts/api.ts), on a free port: for what only the entry script
// does (clustering, error reporting) and for killing an API under load.
import { type Child, startChild } from '../../devkit/childProcess.js';
import { freePort } from '../../devkit/freePort.js';
import { projectRoot } from '../../lib/projectRoot.js';

export interface ApiProcess {
  child: Child;
  url: string;
}

/** Starts `npm run api` with `env` over this process's and resolves once `/healthz` answers. */
export async function startApiProcess(env: Record<string, string>, name = 'api'): Promise<ApiProcess> {
  const port = await freePort();
  const child = startChild({
    name,
    command: process.execPath,
    args: ['--import', 'tsx', 'scripts/api.ts'],
    cwd: projectRoot,
    env: { ...process.env, ...env, API_PORT: String(port) },
  });
  const url = `http://127.0.0.1:${port}`;
  await child.waitUntilReady(`${url}/healthz`, 60_000);
  return { child, url };
}
