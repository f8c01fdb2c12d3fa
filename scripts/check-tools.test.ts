import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { projectRoot } from '../lib/projectRoot.js';

const check = (chromiumPath: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/check-tools.ts'], {
    cwd: projectRoot,
    env: { ...process.env, CHROMIUM_PATH: chromiumPath },
    encoding: 'utf8',
  });

it('stops with one line naming what to install when the browser is not there', () => {
  const run = check('/nonexistent/chromium');
  expect(run.status).toBe(1);
  expect(run.stdout).toBe('');
  expect(run.stderr.trimEnd().split('\n')).toEqual([
    expect.stringMatching(
      /^The browser tests cannot run: CHROMIUM_PATH=\/nonexistent\/chromium is not an executable; install Chromium/,
    ),
  ]);
});

it('says nothing and lets the run go on when it is', () => {
  const run = check(process.execPath);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
});

it('names each program that is not on PATH, one line each, when apt cannot be used', () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/check-tools.ts'], {
    cwd: projectRoot,
    env: { ...process.env, PATH: '/nonexistent', CHROMIUM_PATH: process.execPath },
    encoding: 'utf8',
  });
  expect(run.status).toBe(1);
  expect(run.stderr.trimEnd().split('\n')).toEqual([
    'The TLS front-door tests cannot run: Caddy is not installed; install Caddy 2 (Debian: sudo apt-get install -y caddy) or put caddy on PATH',
    'The TLS front-door tests cannot run: nginx is not installed; install nginx (Debian: sudo apt-get install -y nginx) or put nginx on PATH',
    'The TLS front-door tests cannot run: openssl is not installed; install OpenSSL (Debian: sudo apt-get install -y openssl) or put openssl on PATH',
    "The alert rule tests cannot run: promtool is not installed; install Prometheus's promtool (Debian: sudo apt-get install -y prometheus) or put promtool on PATH",
  ]);
});
