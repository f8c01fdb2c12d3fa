// The end-to-end tier's order: its slowest files first, so that its two workers finish together instead of
// one working alone through a long file at the end. Vitest orders by the last run's timings, which a
// fresh clone (every CI run) does not have; these files are the slowest there, each one to three minutes.
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const SLOWEST = [
  'test/production-install.test.ts',
  'test/dev-stack.test.ts',
  'test/checkout/pay.browser.test.ts',
  'test/deploy.test.ts',
  'test/consoles/admin.browser.test.ts',
  'jobs/tasks/payouts__run.e2e.test.ts',
  'test/production-run.test.ts',
  'jobs/webhooks/webhooks.e2e.test.ts',
];

export default class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const at = SLOWEST.indexOf(relative(file.project.config.root, file.moduleId));
      return at === -1 ? SLOWEST.length : at;
    };
    // A stable sort: the rest keep vitest's own order.
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}
