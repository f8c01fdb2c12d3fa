// Where the operator commands (`npm run merchant`) find their database and network: the environment.
// On a developer's machine, scripts fill it from a running `npm run dev` first (devkit/stackFile.ts).
import type { KeyMode } from './apiKeys/keys.js';
import { type NetworkName, networkNames, networkPreset } from './networks.js';

export interface OperatorEnv {
  databaseUrl: string;
  network: NetworkName;
  /** `test` or `live`, from the network: what kind of API keys this deployment issues. */
  keyMode: KeyMode;
}

export function readOperatorEnv(env: NodeJS.ProcessEnv = process.env): OperatorEnv {
  const databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    throw new Error(
      'DATABASE_URL is not set and no local stack is running: set DATABASE_URL, or start `npm run dev` first.',
    );
  }
  const network = env.PMT_NETWORK || 'anvil';
  if (!networkNames.includes(network as NetworkName)) {
    throw new Error(`PMT_NETWORK=${network} is not a known network; use one of ${networkNames.join(', ')}.`);
  }
  return { databaseUrl, network: network as NetworkName, keyMode: networkPreset(network as NetworkName).mode };
}
