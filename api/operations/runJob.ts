// POST /v1/admin/jobs — the operator runs a periodic job now instead of at its next schedule: the payout
// run or the auto-release sweep. Queued under a job key, so asking twice while it waits queues one run;
// recorded in the audit log.
import { type RouteHandler, z } from '@hono/zod-openapi';
import type { PayloadlessTask } from '../../lib/jobPayloads.js';
import { enqueueJob } from '../../lib/jobQueue.js';
import { adminRoute } from '../adminRoute.js';
import { auditChange } from '../audit/record.js';
import type { ApiEnv } from '../context.js';

/** The tasks an operator may run by hand: periodic ones, so each takes no payload. */
const manualJobs = [
  'payouts__run',
  'payments__auto_release',
  'keeper__reconcile',
] as const satisfies readonly PayloadlessTask[];

export type ManualJob = (typeof manualJobs)[number];

const body = z
  .strictObject({ task: z.enum(manualJobs).openapi({ description: 'The job to run now' }) })
  .openapi('JobRun');

export const route = adminRoute({
  method: 'post',
  operationId: 'adminRunJob',
  path: '/v1/admin/jobs',
  summary: 'Run a periodic job now (admin)',
  request: { body: { content: { 'application/json': { schema: body } }, required: true } },
  responses: {
    200: {
      description: 'The job, queued',
      content: {
        'application/json': {
          schema: z.object({ object: z.literal('job'), task: z.enum(manualJobs) }).openapi('JobQueued'),
        },
      },
    },
  },
});

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  const { task } = c.req.valid('json');
  const { services } = c.var;
  await c.var.db.transaction(async (db) => {
    await enqueueJob(db, services.config.workerSchema, task, {}, `manual:${task}`);
    await auditChange(c, db, { action: 'job.run', target: task });
  });
  return c.json({ object: 'job' as const, task }, 200);
};
