// A change a console user makes: the API route called in process for them (which records it in the audit
// log with the change, api/audit.ts). A refusal comes back as the API's own message, for the page to show.
import type { Context } from 'hono';
import type { ApiEnv } from '../context.js';
import { type ApiRefusal, consoleApi, refused } from './apiClient.js';

export type ChangeOutcome<T> = { ok: true; body: T } | { ok: false; status: number; problem: string };

export async function consoleChange<T extends Record<string, unknown>>(
  c: Context<ApiEnv>,
  change: { method: 'POST' | 'DELETE'; path: string; body?: unknown; idempotencyKey?: string },
): Promise<ChangeOutcome<T>> {
  const answer = await consoleApi(c)<T>(change.method, change.path, {
    body: change.body,
    idempotencyKey: change.idempotencyKey,
  });
  if (refused(answer)) {
    return { ok: false, status: answer.status, problem: (answer.body as unknown as ApiRefusal).error.message };
  }
  return { ok: true, body: answer.body };
}
