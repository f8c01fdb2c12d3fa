// A task as jobs/tasks files write it: its name, whose payload schema (lib/jobPayloads.ts) checks each
// job's payload (payloads come from the database, so they are checked like any input), and a function of
// the payload, graphile-worker's helpers and the process's services.
import type { JobHelpers, Task } from 'graphile-worker';
import type { z } from 'zod';
import { jobPayloads, type TaskName } from '../lib/jobPayloads.js';
import type { JobServices } from './services.js';

type CheckedPayloads = { [T in TaskName]: z.output<(typeof jobPayloads)[T]> };

// The map once more, typed key by key: indexed with a generic name this gives that name's schema, where
// `jobPayloads` itself would give any task's.
const payloadSchemas: { [T in TaskName]: z.ZodType<CheckedPayloads[T]> } = jobPayloads;

/** The task named `T`; carrying its name lets the worker's list refuse a task filed under another. */
export interface JobTask<T extends TaskName> {
  name: T;
  withServices(services: JobServices): Task;
}

export function jobTask<T extends TaskName>(
  name: T,
  run: (payload: CheckedPayloads[T], helpers: JobHelpers, services: JobServices) => Promise<void>,
): JobTask<T> {
  return {
    name,
    withServices: (services) => async (raw, helpers) => {
      const parsed = payloadSchemas[name].safeParse(raw ?? {});
      if (!parsed.success) {
        throw new Error(`job ${helpers.job.task_identifier} has an invalid payload: ${parsed.error.message}`);
      }
      await run(parsed.data, helpers, services);
    },
  };
}
