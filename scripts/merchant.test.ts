// The operator command against a real PostgreSQL: it creates a merchant and a hashed key, prints them
// once as JSON, and refuses bad input without writing anything.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashApiKey } from '../lib/apiKeys/keys.js';
import { secretHash } from '../lib/console/tokens.js';
import { projectRoot } from '../lib/projectRoot.js';
import { fileNode } from '../test/harness/fileNode.js';
import { query } from '../test/harness/indexer.js';

const { databaseUrl } = await fileNode('merchant_command');

function merchantCommand(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(projectRoot, 'scripts', 'merchant.ts'), ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
    // No dev stack to fall back on: only DATABASE_URL.
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PMT_NETWORK: 'anvil',
      PMT_DEV_DIR: join(projectRoot, 'no-such-folder'),
    },
  });
}

const countMerchants = async () =>
  Number((await query<{ n: string }>(databaseUrl, 'SELECT count(*) AS n FROM app.merchant'))[0]!.n);

describe('npm run merchant -- create', () => {
  it('creates the merchant, its first key and its dashboard invitation, stores only hashes, and prints them once', async () => {
    const run = merchantCommand('create', '--name', '  Acme Coffee ', '--email', 'owner@acme.example');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const created = JSON.parse(run.stdout) as { id: string; apiKey: string; inviteUrl: string };
    expect(created).toEqual({
      id: expect.stringMatching(/^mch_[0-9A-Za-z]{24}$/),
      apiKey: expect.stringMatching(/^sk_test_[0-9A-Za-z]{32}$/),
      // No PUBLIC_URL here: the link is relative to wherever the API is reached.
      inviteUrl: expect.stringMatching(/^\/console\/password\?token=[0-9A-Za-z]{43}$/),
    });
    const token = new URL(created.inviteUrl, 'http://api.test').searchParams.get('token')!;
    const invitations = await query(
      databaseUrl,
      'SELECT t.purpose FROM app.console_token t JOIN app.console_user u ON u.id = t.user_id WHERE u.merchant_id = $1 AND t.token_hash = $2',
      [created.id, secretHash(token)],
    );
    expect(invitations).toEqual([{ purpose: 'invite' }]);

    const [merchant] = await query(databaseUrl, 'SELECT name, email FROM app.merchant WHERE id = $1', [created.id]);
    expect(merchant).toEqual({ name: 'Acme Coffee', email: 'owner@acme.example' });
    const keys = await query<Record<string, unknown>>(databaseUrl, 'SELECT * FROM app.api_key WHERE merchant_id = $1', [
      created.id,
    ]);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({
      mode: 'test',
      prefix: created.apiKey.slice(0, 12),
      secret_hash: hashApiKey(created.apiKey),
      revoked_at: null,
    });
    expect(JSON.stringify(keys)).not.toContain(created.apiKey.slice(12));
  });

  it('refuses bad input with a clear message and writes nothing', async () => {
    merchantCommand('create', '--name', 'Warm-up', '--email', 'warm@up.example'); // the schema exists from here on
    const before = await countMerchants();
    const cases: [string[], RegExp][] = [
      [['create', '--name', 'No Email'], /email/],
      [['create', '--name', 'Bad Email', '--email', 'not-an-email'], /a valid email address/],
      [['create', '--name', '   ', '--email', 'blank@name.example'], /a name is required/],
      [['delete', '--name', 'X', '--email', 'x@y.example'], /unknown command/],
      [['create', '--name', 'X', '--email', 'x@y.example', '--admin'], /Unknown option '--admin'/],
    ];
    for (const [args, message] of cases) {
      const run = merchantCommand(...args);
      expect(run.status, args.join(' ')).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(message);
      expect(run.stderr).toContain('usage: npm run merchant -- create');
    }
    expect(await countMerchants()).toBe(before);
  });
});
