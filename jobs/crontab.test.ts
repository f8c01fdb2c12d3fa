// The crontab is read when the worker starts: a typo there would only show in production, and a task
// that needs a payload would fail every run (a scheduled job carries none of its own).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCrontab } from 'graphile-worker';
import { expect, it } from 'vitest';
import { jobPayloads, type TaskName } from '../lib/jobPayloads.js';
import { projectRoot } from '../lib/projectRoot.js';

it('schedules only tasks of the queue, each with a payload it accepts', () => {
  const items = parseCrontab(readFileSync(join(projectRoot, 'jobs', 'crontab'), 'utf8'));
  expect(items.length).toBeGreaterThan(0);
  for (const item of items) {
    expect(Object.keys(jobPayloads), item.identifier).toContain(item.task);
    const payload = jobPayloads[item.task as TaskName].safeParse(item.payload ?? {});
    expect(payload.success, item.identifier).toBe(true);
  }
});
