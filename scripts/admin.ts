// npm run admin -- create --email <email>
// Creates an admin of the admin console with a password, read from standard input (asked for twice,
// unechoed, on a terminal). The first admin is made this way; later ones can be invited from the console.
// Recorded in the audit log as the host's operator command. Uses DATABASE_URL, or the running `npm run dev`.
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { recordAudit } from '../lib/audit.js';
import { createAdmin } from '../lib/console/users.js';
import { withDb } from '../lib/db/client.js';
import { operatorEnvironment } from './operatorEnv.js';

const USAGE = 'usage: npm run admin -- create --email <email>   (the password is read from standard input)';

function fail(message: string): never {
  process.stderr.write(`npm run admin: ${message}\n${USAGE}\n`);
  process.exit(1);
}

/** The password: one line of piped input, or typed twice on a terminal without being shown. */
async function readPassword(): Promise<string> {
  const lines = createInterface({ input: process.stdin, terminal: false });
  if (!process.stdin.isTTY) {
    for await (const line of lines) return line;
    return fail('no password on standard input');
  }
  lines.close();
  const ask = async (prompt: string) => {
    process.stderr.write(prompt);
    process.stdin.setRawMode(true);
    let typed = '';
    for await (const chunk of process.stdin) {
      const text = String(chunk);
      if (text === '\u0003') fail('cancelled');
      if (text === '\r' || text === '\n') break;
      typed = text === '\u007f' ? typed.slice(0, -1) : typed + text;
    }
    process.stdin.setRawMode(false);
    process.stderr.write('\n');
    return typed;
  };
  const first = await ask('Password for the new admin: ');
  if ((await ask('Once more: ')) !== first) fail('the two passwords differ');
  return first;
}

const { positionals, values } = (() => {
  try {
    return parseArgs({ allowPositionals: true, options: { email: { type: 'string' } } });
  } catch (err) {
    return fail((err as Error).message);
  }
})();
if (positionals.length !== 1 || positionals[0] !== 'create')
  fail(`unknown command ${JSON.stringify(positionals.join(' '))}`);
const email = z.email().safeParse(values.email?.trim());
if (!email.success) fail(`--email needs an email address, got ${JSON.stringify(values.email ?? '')}`);

try {
  const password = await readPassword();
  const env = await operatorEnvironment();
  const created = await withDb(env.databaseUrl, (db) =>
    db.transaction(async (tx) => {
      const outcome = await createAdmin(tx, { email: email.data, password });
      if (outcome.ok) {
        await recordAudit(tx, {
          actorKind: 'command',
          action: 'admin.create',
          target: outcome.user.id,
          after: { email: outcome.user.email, role: 'admin' },
        });
      }
      return outcome;
    }),
  );
  if (!created.ok) fail(created.problem);
  process.stdout.write(`${JSON.stringify({ id: created.user.id, email: created.user.email })}\n`);
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
}
