// Where the API and the operator commands find their database and network: the environment in
// production; a running `npm run dev` (its .dev/stack.json) on a developer's machine.
import { existsSync } from 'node:fs';
import type { KeyMode } from './apiKeys.js';
import { readDevStack, stackFilePath } from './devStack.js';
import { type NetworkName, networkNames, networkPreset } from './networks.js';

export interface AppEnv {
  databaseUrl: string;
  network: NetworkName;
  /** `test` or `live`, from the network: what kind of API keys this deployment issues. */
  keyMode: KeyMode;
}

export function readAppEnv(env: NodeJS.ProcessEnv = process.env): AppEnv {
  const devStack = existsSync(stackFilePath(env)) ? readDevStack(env) : undefined;
  const databaseUrl = env.DATABASE_URL || devStack?.databaseUrl;
  if (!databaseUrl) {
    throw new Error(
      'DATABASE_URL is not set and no local stack is running: set DATABASE_URL, or start `npm run dev` first.',
    );
  }
  const network = env.PMT_NETWORK || devStack?.network || 'anvil';
  if (!networkNames.includes(network as NetworkName)) {
    throw new Error(`PMT_NETWORK=${network} is not a known network; use one of ${networkNames.join(', ')}.`);
  }
  return { databaseUrl, network: network as NetworkName, keyMode: networkPreset(network as NetworkName).mode };
}
