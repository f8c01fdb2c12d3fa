// Every task the worker runs, by the name its jobs carry, with the schema of the payload it takes: the one
// list that the worker's task files, the crontab, the operator's "run now" buttons and everything that adds
// a job are typed against, so renaming a task or changing its payload fails the type check wherever it is
// named. A name never changes once released: jobs already queued in a database carry it.
import { z } from 'zod';

const noPayload = z.object({});

export const jobPayloads = {
  consoles__cleanup: noPayload,
  deposits__return: noPayload,
  deposits__sweep: noPayload,
  disputes__resolve: z.object({ rulingId: z.string() }),
  idempotency__cleanup: noPayload,
  keeper__reconcile: noPayload,
  payment_intents__expire: noPayload,
  payments__auto_release: noPayload,
  payouts__run: noPayload,
  refunds__resume: noPayload,
  refunds__send: z.object({ refundId: z.string() }),
  webhooks__deliver: z.object({ deliveryId: z.string() }),
  webhooks__resume: noPayload,
} satisfies Record<`${string}__${string}`, z.ZodType>;

export type TaskName = keyof typeof jobPayloads;

/** What a job of task `T` is added with. */
export type JobPayload<T extends TaskName> = z.input<(typeof jobPayloads)[T]>;

/** The tasks whose jobs carry nothing: what a schedule, a scan or an operator starts with `{}`. */
export type PayloadlessTask = {
  [T in TaskName]: JobPayload<T> extends Record<string, never> ? T : never;
}[TaskName];
