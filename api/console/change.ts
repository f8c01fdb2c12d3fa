// A change a console user makes: the API route called in process for them, and on success an audit entry
// of what it did (the route's answer, less any secret it shows once). A refusal comes back as the API's
// own message, for the page to show.
import type { Context } from 'hono';
import type { ApiEnv } from '../context.js';
import { type ApiRefusal, consoleApi, refused } from './apiClient.js';
import { auditChange } from './audit.js';

/** Fields an answer shows once and the audit log must never keep. */
const SHOWN_ONCE = ['secret'];

export type ChangeOutcome<T> = { ok: true; body: T } | { ok: false; status: number; problem: string };

export async function consoleChange<T extends Record<string, unknown>>(
  c: Context<ApiEnv>,
  change: {
    method: 'POST' | 'DELETE';
    path: string;
    body?: unknown;
    idempotencyKey?: string;
    /** `refund.create`, `api_key.roll`, … */
    action: string;
    /** What changed, when the answer's own `id` is not it. */
    target?: string;
    before?: Record<string, unknown>;
  },
): Promise<ChangeOutcome<T>> {
  const answer = await consoleApi(c)<T>(change.method, change.path, {
    body: change.body,
    idempotencyKey: change.idempotencyKey,
  });
  if (refused(answer)) {
    return { ok: false, status: answer.status, problem: (answer.body as unknown as ApiRefusal).error.message };
  }
  const after = Object.fromEntries(Object.entries(answer.body).filter(([key]) => !SHOWN_ONCE.includes(key)));
  await auditChange(c, {
    action: change.action,
    target: change.target ?? (typeof answer.body.id === 'string' ? answer.body.id : undefined),
    before: change.before,
    after,
  });
  return { ok: true, body: answer.body };
}
