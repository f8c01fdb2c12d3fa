// The environment the operator commands (`npm run merchant`, `npm run admin`) run in: the process's own
// and `.env`, or on a developer's machine with no database configured, the running `npm run dev`'s. The
// app schema is migrated first, so a command works on a fresh database.
import { migrateAppSchema } from '../lib/db/migrate.js';
import { type OperatorEnv, readOperatorEnv } from '../lib/operatorEnv.js';
import { loadDotEnv } from '../lib/settings/dotenv.js';

export async function operatorEnvironment(): Promise<OperatorEnv> {
  loadDotEnv();
  // Dev tooling is loaded only on a machine where no database is configured.
  const settings =
    process.env.DATABASE_URL || process.env.DATABASE_URL_FILE
      ? process.env
      : (await import('../devkit/stackFile.js')).withDevStackDefaults();
  const env = readOperatorEnv(settings);
  await migrateAppSchema(env.databaseUrl);
  return env;
}
