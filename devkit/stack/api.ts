// How the dev stack runs the merchant API: `scripts/api.ts` in its own process, configured like a
// production API through its environment, with the dev operator key and a dev admin key kept in .dev.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inheritedEnv } from '../../lib/envVars.js';
import { projectRoot } from '../../lib/projectRoot.js';
import { randomBase62 } from '../../lib/randomToken.js';
import { devAccounts, devPrivateKey } from '../devAccounts.js';
import { type DevChainSettings, devChainEnv } from './chainSettings.js';
import type { ProcessSpec } from './processGroup.js';

const DEFAULT_API_PORT = 4000;

export interface DevApiSettings extends DevChainSettings {
  /** The dev folder, where the dev admin key is kept. */
  folder: string;
}

/** The dev admin credential, made once and kept (mode 0600) so it stays the same across restarts. */
function devAdminKey(folder: string): string {
  const file = join(folder, 'admin-key');
  if (!existsSync(file)) writeFileSync(file, `admin_${randomBase62(40)}\n`, { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

export function devApiProcess(
  settings: DevApiSettings,
): ProcessSpec & { url: string; publicUrl: string; adminApiKey: string } {
  const port = Number(process.env.API_PORT ?? DEFAULT_API_PORT);
  // Scripts and the stack's own calls go straight to the address the API listens on; browsers, checkout_url
  // and the banner use the public URL (localhost, as the README's examples and the demo shop do).
  const url = `http://127.0.0.1:${port}`;
  const adminApiKey = devAdminKey(settings.folder);
  const publicUrl = (process.env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, '');
  return {
    name: 'api',
    command: process.execPath,
    args: ['--import', 'tsx', join(projectRoot, 'scripts/api.ts')],
    cwd: projectRoot,
    env: {
      ...inheritedEnv(),
      ...devChainEnv(settings),
      API_PORT: String(port),
      PUBLIC_URL: publicUrl,
      OPERATOR_PRIVATE_KEY: devPrivateKey(devAccounts.operator),
      ADMIN_API_KEY: adminApiKey,
    },
    ready: { url: `${url}/healthz` },
    url,
    publicUrl,
    adminApiKey,
  };
}
