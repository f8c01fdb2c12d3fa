// `.env` for development: variables it sets fill in what the environment leaves unset (the environment
// wins), so one file configures `npm run api`, `worker`, `indexer`, `deploy` and `config:check` alike.
// Production passes the environment itself (systemd's EnvironmentFile, a container's env); a `.env` there
// works the same way.
import { existsSync } from 'node:fs';

export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
