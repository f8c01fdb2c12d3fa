// A run with a failing test must fail: `npm test`, `.ci/run` and CI only know what the exit status says.
// Both runs below go through `npm run test:fast` with the real global setup, which starts PostgreSQL and
// anvil in the runner's own process, where a library's exit hook once turned "1 failed" into exit 0.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { projectRoot } from '../lib/projectRoot.js';

function runFixture(name: 'passes' | 'fails') {
  const config = join('test', 'fixtures', 'exit-status', 'vitest.config.ts');
  const { DATABASE_URL: _shared, ...env } = process.env;
  const run = spawnSync('npm', ['run', 'test:fast', '--', '--config', config, name], {
    cwd: projectRoot,
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: run.status, signal: run.signal, output: `${run.stdout}\n${run.stderr}` };
}

it('exits 0 when every test passes', () => {
  const run = runFixture('passes');
  expect(run.output).toMatch(/1 passed/);
  expect(run.signal, run.output).toBeNull();
  expect(run.status, run.output).toBe(0);
}, 150_000);

it('exits non-zero when a test fails', () => {
  const run = runFixture('fails');
  expect(run.output).toMatch(/1 failed/);
  // Exited by itself with vitest's own failure status: not 0, and not killed by the timeout after a hang.
  expect(run.signal, run.output).toBeNull();
  expect(run.status, run.output).toBe(1);
}, 150_000);
