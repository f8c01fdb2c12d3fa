// Every test file runs in exactly one tier (vitest.config.ts): a file in neither would never run, and one
// in both would run twice.
import { execFileSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { projectRoot } from '../lib/projectRoot.js';

const listed = (tier: string) =>
  execFileSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'list', '--filesOnly', '--project', tier], {
    cwd: projectRoot,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  })
    .split('\n')
    .map((line) => line.replace(/^\[\w+\]\s*/, '').trim())
    .filter(Boolean);

it('puts every test file in exactly one tier', () => {
  const testFiles = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.test.ts'], {
    cwd: projectRoot,
    encoding: 'utf8',
  })
    .split('\n')
    .filter(Boolean)
    .sort();
  const fast = listed('fast');
  const e2e = listed('e2e');
  const long = listed('long');
  const all = [...fast, ...e2e, ...long];
  expect(all.filter((file, at) => all.indexOf(file) !== at)).toEqual([]);
  expect(all.sort()).toEqual(testFiles);
  expect(fast).toContain('lib/money.test.ts');
  expect(e2e).toContain('api/security.e2e.test.ts');
  expect(long).toContain('test/indexer-crash.long.test.ts');
}, 60_000);
