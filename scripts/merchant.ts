// npm run merchant -- create --name <name> --email <email> [--verified]
// Creates a merchant with its first secret API key and prints `{"id":…,"apiKey":…,"inviteUrl":…}` on stdout:
// the key and the dashboard invitation for the merchant's email are shown this once. `--verified` lets it
// take live payments at once. The database is found as the API finds it (DATABASE_URL, or the running
// `npm run dev`).
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { passwordLink } from '../lib/console/links.js';
import { withDb } from '../lib/db/client.js';
import { createMerchant, newMerchantSchema } from '../lib/merchants/create.js';
import { operatorEnvironment } from './operatorEnv.js';

const USAGE = 'usage: npm run merchant -- create --name <name> --email <email> [--verified]';

function fail(message: string): never {
  process.stderr.write(`npm run merchant: ${message}\n${USAGE}\n`);
  process.exit(1);
}

const { positionals, values } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: { name: { type: 'string' }, email: { type: 'string' }, verified: { type: 'boolean' } },
    });
  } catch (err) {
    return fail((err as Error).message);
  }
})();
if (positionals.length !== 1 || positionals[0] !== 'create')
  fail(`unknown command ${JSON.stringify(positionals.join(' '))}`);

const { verified, ...identity } = values;
const input = newMerchantSchema.safeParse(identity);
if (!input.success) fail(z.prettifyError(input.error));

try {
  const env = await operatorEnvironment();
  const { inviteToken, ...created } = await withDb(env.databaseUrl, (db) =>
    createMerchant(db, input.data, env.keyMode, { verified }),
  );
  const inviteUrl = inviteToken && passwordLink(env.publicUrl, 'merchant', inviteToken);
  process.stdout.write(`${JSON.stringify({ ...created, ...(inviteUrl ? { inviteUrl } : {}) })}\n`);
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
}
