import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { projectRoot } from '../lib/projectRoot.js';

const check = (chromiumPath: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/check-chromium.ts'], {
    cwd: projectRoot,
    env: { ...process.env, CHROMIUM_PATH: chromiumPath },
    encoding: 'utf8',
  });

it('stops with one line naming what to install when the browser is not there', () => {
  const run = check('/nonexistent/chromium');
  expect(run.status).toBe(1);
  expect(run.stdout).toBe('');
  expect(run.stderr.trimEnd().split('\n')).toEqual([
    expect.stringMatching(/CHROMIUM_PATH=\/nonexistent\/chromium is not an executable; install Chromium/),
  ]);
});

it('says nothing and lets the run go on when it is', () => {
  const run = check(process.execPath);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
});
