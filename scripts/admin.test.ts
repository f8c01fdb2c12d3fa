// The first admin, made on the host: the password comes from standard input, only its argon2id hash is
// stored, the act is in the audit log, and bad input writes nothing.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { signIn } from '../lib/console/users.js';
import { connectDb } from '../lib/db/client.js';
import { projectRoot } from '../lib/projectRoot.js';
import { type FreshDatabase, freshDatabase } from '../test/harness/database.js';
import { query } from '../test/harness/indexer.js';

let database: FreshDatabase;
beforeAll(async () => {
  database = await freshDatabase(inject('databaseUrl'), 'admin_command');
});
afterAll(() => database?.drop());

function adminCommand(input: string, ...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(projectRoot, 'scripts', 'admin.ts'), ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
    input,
    env: { ...process.env, DATABASE_URL: database.url, PMT_NETWORK: 'anvil', PMT_DEV_DIR: join(projectRoot, 'none') },
  });
}

const PASSWORD = 'a long enough passphrase';

it('creates an admin who can sign in, and records it', async () => {
  const run = adminCommand(`${PASSWORD}\n`, 'create', '--email', 'Ops@Gateway.test');
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const created = JSON.parse(run.stdout) as { id: string; email: string };
  expect(created).toEqual({ id: expect.stringMatching(/^usr_/), email: 'ops@gateway.test' });
  const [stored] = await query<{ password_hash: string }>(
    database.url,
    'SELECT password_hash FROM app.console_user WHERE id = $1',
    [created.id],
  );
  expect(stored!.password_hash).toMatch(/^\$argon2id\$/);
  expect(stored!.password_hash).not.toContain(PASSWORD);
  const connection = connectDb(database.url, { max: 1 });
  try {
    expect(await signIn(connection.db, { role: 'admin', email: 'ops@gateway.test', password: PASSWORD })).toMatchObject(
      {
        ok: true,
      },
    );
  } finally {
    await connection.close();
  }
  const audit = await query(database.url, 'SELECT actor_kind, action, target FROM app.audit_log');
  expect(audit).toEqual([{ actor_kind: 'command', action: 'admin.create', target: created.id }]);
}, 60_000);

it('refuses a short password, a taken email and a malformed one, writing nothing', async () => {
  const count = async () => (await query(database.url, 'SELECT id FROM app.console_user')).length;
  const before = await count();
  const short = adminCommand('short\n', 'create', '--email', 'new@gateway.test');
  expect(short.status).toBe(1);
  expect(short.stderr).toMatch(/^npm run admin: A password needs at least 12 characters\./);
  const taken = adminCommand(`${PASSWORD}\n`, 'create', '--email', 'ops@gateway.test');
  expect(taken.stderr).toMatch(/^npm run admin: An admin with the email ops@gateway\.test exists already\./);
  const malformed = adminCommand(`${PASSWORD}\n`, 'create', '--email', 'not-an-email');
  expect(malformed.stderr).toMatch(/--email needs an email address, got "not-an-email"/);
  expect(await count()).toBe(before);
}, 60_000);
