// npm run lint:contracts — forge fmt --check, then forge lint, which reports its findings but always exits
// 0: any finding fails the run here. `--no-cache` makes it lint every file, not only those changed since
// the last build (the cache would otherwise hide every finding after one build).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { foundryBinary } from '../lib/foundry.js';
import { projectRoot } from '../lib/indexerBuild.js';

const contracts = join(projectRoot, 'contracts');
const forge = (args: string[]) => spawnSync(foundryBinary('forge'), args, { cwd: contracts, encoding: 'utf8' });

const format = forge(['fmt', '--check']);
process.stdout.write(format.stdout);
process.stderr.write(format.stderr);
if (format.status !== 0) {
  process.stderr.write('Solidity is not formatted: run `npm run format`.\n');
  process.exit(1);
}

const lint = forge(['lint', '--no-cache']);
const output = `${lint.stdout}${lint.stderr}`;
const findings = output.match(/^(error|warning|note)\[[\w-]+\]/gm) ?? [];
if (lint.status !== 0 || findings.length > 0) {
  process.stderr.write(
    `${output}\nforge lint: ${findings.length} finding(s)${lint.status === 0 ? '' : `, exit code ${lint.status}`}\n`,
  );
  process.exit(1);
}
