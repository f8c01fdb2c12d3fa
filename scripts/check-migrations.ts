// npm run check:migrations — fails when the tables in lib/db/schema/ have changed without a migration for them.
// drizzle-kit generates into a scratch copy of lib/db/migrations; any new file there is a missing migration.
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../lib/projectRoot.js';

const committed = join(projectRoot, 'lib', 'db', 'migrations');
// drizzle-kit takes --out relative to the working directory only.
const scratch = join('node_modules', '.cache', 'pmt-migrations-check');

rmSync(join(projectRoot, scratch), { recursive: true, force: true });
cpSync(committed, join(projectRoot, scratch), { recursive: true });
const generate = spawnSync(
  join(projectRoot, 'node_modules', '.bin', 'drizzle-kit'),
  ['generate', '--dialect', 'postgresql', '--schema', 'lib/db/schema', '--casing', 'snake_case', '--out', scratch],
  { cwd: projectRoot, encoding: 'utf8' },
);
if (generate.status !== 0) {
  process.stderr.write(`drizzle-kit generate failed:\n${generate.stdout}${generate.stderr}`);
  process.exit(1);
}
const missing = readdirSync(join(projectRoot, scratch)).filter((file) => !readdirSync(committed).includes(file));
rmSync(join(projectRoot, scratch), { recursive: true, force: true });
if (missing.length > 0) {
  process.stderr.write(
    'lib/db/schema/ has changes no migration covers: run `npm run db:generate` and commit the new files.\n',
  );
  process.exit(1);
}
