// npm run docs:config — writes docs/configuration.md from the settings table (lib/settings/variables.ts).
// `--check` writes nothing and fails if the committed file differs from what the table produces.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../lib/projectRoot.js';
import { configurationReference } from '../lib/settings/reference.js';

const file = join(projectRoot, 'docs', 'configuration.md');
const reference = configurationReference();
if (process.argv.includes('--check')) {
  if (readFileSync(file, 'utf8') !== reference) {
    console.error('docs/configuration.md is out of date with lib/settings/variables.ts: run `npm run docs:config`');
    process.exit(1);
  }
} else {
  writeFileSync(file, reference);
}
