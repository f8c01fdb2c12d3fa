// Where the operator commands (`npm run merchant`) find their database and network: the environment.
// On a developer's machine, scripts fill it from a running `npm run dev` first (devkit/stackFile.ts).
import type { KeyMode } from './apiKeys/keys.js';
import { databaseUrlVar, envObject, networkVar, parseEnv } from './envVars.js';
import { type NetworkName, networkPreset } from './networks.js';

export interface OperatorEnv {
  databaseUrl: string;
  network: NetworkName;
  /** `test` or `live`, from the network: what kind of API keys this deployment issues. */
  keyMode: KeyMode;
}

const envSchema = envObject({ DATABASE_URL: databaseUrlVar, PMT_NETWORK: networkVar });

export function readOperatorEnv(env: NodeJS.ProcessEnv = process.env): OperatorEnv {
  const vars = parseEnv(
    envSchema,
    env,
    'The command',
    'Set DATABASE_URL (and PMT_NETWORK), or start `npm run dev` first.',
  );
  return { databaseUrl: vars.DATABASE_URL, network: vars.PMT_NETWORK, keyMode: networkPreset(vars.PMT_NETWORK).mode };
}
