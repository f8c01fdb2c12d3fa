// A task as jobs/tasks files write it: a payload schema (payloads come from the database, so they are
// checked like any input) and a function of the payload, graphile-worker's helpers and the process's
// services.
import type { JobHelpers, Task } from 'graphile-worker';
import type { z } from 'zod';
import type { JobServices } from './services.js';

export type JobTask = (services: JobServices) => Task;

export function jobTask<Schema extends z.ZodType>(
  payload: Schema,
  run: (payload: z.infer<Schema>, helpers: JobHelpers, services: JobServices) => Promise<void>,
): JobTask {
  return (services) => async (raw, helpers) => {
    const parsed = payload.safeParse(raw ?? {});
    if (!parsed.success) {
      throw new Error(`job ${helpers.job.task_identifier} has an invalid payload: ${parsed.error.message}`);
    }
    await run(parsed.data, helpers, services);
  };
}
