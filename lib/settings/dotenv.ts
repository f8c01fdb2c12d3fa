// `.env` for development: variables it sets fill in what the environment leaves unset (the environment
// wins), so one file configures `npm run api`, `worker`, `indexer`, `deploy` and `config:check` alike.
// Production passes the environment itself (systemd's EnvironmentFile, a container's env); a `.env` left
// in the working directory there still fills in, and what it sets is named as such when it clashes.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';

/** The variables `.env` set (and the environment had not), and where that file is. */
const fromDotEnv = new Map<string, string>();

export function loadDotEnv(path = '.env'): void {
  if (!existsSync(path)) return;
  for (const [name, value] of Object.entries(parseEnv(readFileSync(path, 'utf8')))) {
    if (process.env[name] !== undefined) continue;
    process.env[name] = value;
    fromDotEnv.set(name, resolve(path));
  }
}

/** `.env`'s path when it set `name`: for errors that must say where a value came from. */
export const dotEnvSource = (name: string): string | undefined => fromDotEnv.get(name);
