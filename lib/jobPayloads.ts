// Every task the worker runs, by the name its jobs carry, with the schema of the payload it takes: the one
// list that the worker's task files, the crontab, the operator's "run now" buttons and everything that adds
// a job are typed against, so renaming a task or changing its payload fails the type check wherever it is
// named. A name never changes once released: jobs already queued in a database carry it.
import { z } from 'zod';

const noPayload = z.object({});

/**
 * A task run on each network served: a job naming no network (the schedule's, a "run now") is handed on
 * as one job per network (jobs/task.ts), so that a network whose node is down fails only its own.
 */
const perNetwork = z.object({ network: z.string().optional() });

export const jobPayloads = {
  consoles__cleanup: noPayload,
  deposits__return: perNetwork,
  deposits__return_foreign: perNetwork,
  deposits__sweep: perNetwork,
  disputes__resolve: z.object({ rulingId: z.string() }),
  idempotency__cleanup: noPayload,
  keeper__reconcile: perNetwork,
  payment_intents__expire: perNetwork,
  payments__auto_release: perNetwork,
  payouts__run: perNetwork,
  refunds__resume: perNetwork,
  refunds__send: z.object({ refundId: z.string() }),
  webhooks__deliver: z.object({ deliveryId: z.string() }),
  webhooks__resume: noPayload,
} satisfies Record<`${string}__${string}`, z.ZodType>;

export type TaskName = keyof typeof jobPayloads;

/** What a job of task `T` is added with. */
export type JobPayload<T extends TaskName> = z.input<(typeof jobPayloads)[T]>;

/** The tasks whose jobs need nothing: what a schedule, a scan or an operator starts with `{}`. */
export type PayloadlessTask = {
  [T in TaskName]: Record<string, never> extends JobPayload<T> ? T : never;
}[TaskName];

/** The tasks run on each network served (their payload may name one). */
export const perNetworkTasks = (Object.keys(jobPayloads) as TaskName[]).filter(
  (task) => jobPayloads[task] === perNetwork,
);
