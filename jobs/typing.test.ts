// Type-level tests, checked by `npm run typecheck` (at run time they assert nothing): a job names a task of
// lib/jobPayloads.ts and carries that task's payload, wherever it is added, and each task file gets the
// payload of the name it is filed under.
import { expectTypeOf, it } from 'vitest';
import type { AnyDb } from '../lib/db/client.js';
import { enqueueJob, enqueueJobByUrl, enqueueRunNow } from '../lib/jobQueue.js';
import { type JobTask, jobTask } from './task.js';

it('adds a job only of a task the worker has, with that task’s payload', () => {
  const adds = (db: AnyDb) => [
    // @ts-expect-error no task has this name
    enqueueJob(db, 'queue', 'refunds__sent', { refundId: 'r' }),
    // @ts-expect-error a refund's job names its refund
    enqueueJob(db, 'queue', 'refunds__send', {}),
    // @ts-expect-error a delivery's id is webhooks__deliver's payload, not refunds__send's
    enqueueJob(db, 'queue', 'refunds__send', { deliveryId: 'd' }),
    // @ts-expect-error payouts__run takes no payload
    enqueueJob(db, 'queue', 'payouts__run', { refundId: 'r' }),
    // @ts-expect-error a run on demand carries nothing, so only tasks that take nothing run so
    enqueueRunNow(db, 'queue', 'refunds__send'),
    // @ts-expect-error the same holds outside a transaction
    enqueueJobByUrl('postgres://', 'queue', 'webhooks__deliver', {}),
  ];
  expectTypeOf(adds).toBeFunction();
});

it('hands a task its own payload, and lets the worker file it under its own name only', () => {
  expectTypeOf(jobTask<'refunds__send'>)
    .parameter(1)
    .parameter(0)
    .toEqualTypeOf<{ refundId: string }>();
  expectTypeOf<JobTask<'payouts__run'>>().not.toExtend<JobTask<'refunds__send'>>();
});
