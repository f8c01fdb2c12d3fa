// Where the operator commands (`npm run merchant`) find their database and network: the environment.
// On a developer's machine, scripts fill it from a running `npm run dev` first (devkit/stackFile.ts).
import type { KeyMode } from './apiKeys/keys.js';
import { readSettings } from './settings/read.js';

export interface OperatorEnv {
  databaseUrl: string;
  /** The preset's name, or `custom`. */
  network: string;
  /** `test` or `live`, from the network: what kind of API keys this deployment issues. */
  keyMode: KeyMode;
  /** Where the API is reached, for the links the commands print; unset: links are relative to it. */
  publicUrl: string;
}

export function readOperatorEnv(env: NodeJS.ProcessEnv = process.env): OperatorEnv {
  const { vars, network } = readSettings('operator', env);
  return {
    databaseUrl: vars.DATABASE_URL,
    network: network.name,
    keyMode: network.mode,
    publicUrl: vars.PUBLIC_URL?.replace(/\/$/, '') ?? '',
  };
}
