// Two tiers in `npm test`, one run each (`npm run test:fast`, `npm run test:e2e`), and a third outside it
// (`npm run test:long`) for fault variants too slow for every run (`*.long.test.ts`). The fast tier
// is logic and in-process code on the run's shared PostgreSQL: no Ponder, no servers, no browser, under a
// minute. The end-to-end tier is everything that crosses processes: the API over HTTP with contracts and
// an indexer, the indexer itself, the dev stack, scripts and the browser. Its files run two at a time, each
// on a chain and a database of its own (test/harness/apiStack.ts, test/harness/fileNode.ts): they spend
// most of their time waiting on other processes. The long tier runs like the end-to-end one.
// test/test-tiers.test.ts checks that every test file is in exactly one tier.
import { configDefaults, defineConfig } from 'vitest/config';
import SlowestFirst from './test/harness/slowestFirst.js';

const exclude = [...configDefaults.exclude, 'contracts/out/**', 'contracts/cache/**', 'test/fixtures/**'];

/** Tests beside their code that cross processes (a whole stack, a browser) say so in their names. */
const endToEndBeside = ['**/*.e2e.test.ts', '**/*.browser.test.ts'];
const long = '**/*.long.test.ts';

/** What a tier that crosses processes needs: a few files at a time, and patience with polls. */
const acrossProcesses = {
  maxWorkers: 2,
  // After the fast tier when both run in one `vitest run`: a group has one worker count.
  sequence: { groupOrder: 1 },
  // What a test polls for crosses processes (a page, the indexer, a worker) on a busy 2-core machine:
  // a second is not enough there. A poll that must be quicker says so itself.
  expect: { poll: { timeout: 10_000 } },
};

export default defineConfig({
  test: {
    globalSetup: ['test/harness/globalSetup.ts'],
    // The e2e tier's slowest files first (a fresh clone has no timings of a last run to order by).
    sequence: { sequencer: SlowestFirst },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'fast',
          include: [
            'lib/**/*.test.ts',
            'indexer/**/*.test.ts',
            'api/**/*.test.ts',
            'jobs/**/*.test.ts',
            'web/**/*.test.ts',
            'ops/**/*.test.ts',
            'test/import-rules.test.ts',
            'test/test-tiers.test.ts',
          ],
          exclude: [...exclude, ...endToEndBeside, long],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          ...acrossProcesses,
          include: [
            ...endToEndBeside,
            'test/**/*.test.ts',
            'scripts/**/*.test.ts',
            'devkit/**/*.test.ts',
            'contracts/**/*.test.ts',
          ],
          exclude: [...exclude, long, 'test/import-rules.test.ts', 'test/test-tiers.test.ts'],
        },
      },
      {
        extends: true,
        test: { name: 'long', ...acrossProcesses, include: [long], exclude },
      },
    ],
  },
});
