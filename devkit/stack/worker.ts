// How the dev stack runs the worker: `scripts/worker.ts` in its own process, configured like a production
// worker through its environment, with the dev keeper key (anvil's public account, KEEPER_ROLE), and
// webhooks allowed to reach this machine.
import { join } from 'node:path';
import { WORKER_RUNNING } from '../../jobs/worker.js';
import { inheritedEnv } from '../../lib/envVars.js';
import { projectRoot } from '../../lib/projectRoot.js';
import { devAccounts, devPrivateKey } from '../devAccounts.js';
import { type DevChainSettings, devChainEnv } from './chainSettings.js';
import type { ProcessSpec } from './processGroup.js';

export interface DevWorkerSettings extends DevChainSettings {
  /** The API's address, for `checkout_url` in webhook payloads. */
  publicUrl: string;
}

const DEFAULT_WORKER_PORT = 9464;

export function devWorkerProcess(settings: DevWorkerSettings): ProcessSpec & { url: string } {
  const port = Number(process.env.WORKER_PORT ?? DEFAULT_WORKER_PORT);
  return {
    name: 'worker',
    command: process.execPath,
    args: ['--import', 'tsx', join(projectRoot, 'scripts/worker.ts')],
    cwd: projectRoot,
    env: {
      ...inheritedEnv(),
      ...devChainEnv(settings),
      PUBLIC_URL: settings.publicUrl,
      KEEPER_PRIVATE_KEY: devPrivateKey(devAccounts.keeper),
      ARBITER_PRIVATE_KEY: devPrivateKey(devAccounts.arbiter),
      // `npm run demo` receives its webhooks on this machine.
      WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
      OUTBOX_INTERVAL_MS: '100',
      WORKER_PORT: String(port),
    },
    ready: { line: WORKER_RUNNING },
    url: `http://127.0.0.1:${port}`,
  };
}
