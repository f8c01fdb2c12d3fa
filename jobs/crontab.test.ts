// The crontab is read when the worker starts: a typo there would only show in production.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCrontab } from 'graphile-worker';
import { expect, it } from 'vitest';
import { projectRoot } from '../lib/projectRoot.js';
import { tasks } from './worker.js';

it('schedules only tasks the worker has', () => {
  const items = parseCrontab(readFileSync(join(projectRoot, 'jobs', 'crontab'), 'utf8'));
  expect(items.length).toBeGreaterThan(0);
  for (const item of items) expect(Object.keys(tasks), item.identifier).toContain(item.task);
});
