// npm run lint:contracts — forge fmt --check, then forge lint, which reports its findings but always exits
// 0: any finding fails the run here. forge lint only lints what it compiles, so it runs with a cache and
// output folder of its own, fresh each time: the build's cache would hide every finding after one build, and
// lint's artifacts (no bytecode) must not replace the build's.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { foundryBinary } from '../devkit/foundry.js';
import { projectRoot } from '../lib/projectRoot.js';

const contracts = join(projectRoot, 'contracts');
function forge(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const run = spawnSync(foundryBinary('forge'), args, { cwd: contracts, env, encoding: 'utf8' });
  if (run.error) throw new Error(`could not run forge ${args[0]}: ${run.error.message}; run \`npm ci\``);
  return run;
}

const format = forge(['fmt', '--check']);
process.stdout.write(format.stdout);
process.stderr.write(format.stderr);
if (format.status !== 0) {
  process.stderr.write('Solidity is not formatted: run `npm run format`.\n');
  process.exit(1);
}

const scratch = mkdtempSync(join(tmpdir(), 'pmt-forge-lint-'));
const lint = forge(['lint'], {
  ...process.env,
  FOUNDRY_OUT: join(scratch, 'out'),
  FOUNDRY_CACHE_PATH: join(scratch, 'cache'),
});
rmSync(scratch, { recursive: true, force: true });
const output = `${lint.stdout}${lint.stderr}`;
const findings = output.match(/^(error|warning|note)\[[\w-]+\]/gm) ?? [];
if (lint.status !== 0 || findings.length > 0) {
  process.stderr.write(
    `${output}\nforge lint: ${findings.length} finding(s)${lint.status === 0 ? '' : `, exit code ${lint.status}`}\n`,
  );
  process.exit(1);
}
