// A change a console user makes: the API route called in process for them (which records it in the audit
// log with the change, api/audit/record.ts). A refusal comes back as the API's own message, for the page
// to show.
import type { Context } from 'hono';
import type { ApiEnv } from '../context.js';
import { answerOf, type ConsoleApi, consoleApi, type RouteResponse } from './apiClient.js';

/** `change` calls the route, e.g. `(api) => api.v1.refunds.$post({ json, header })`; always as the user itself. */
export const consoleChange = <R extends RouteResponse>(c: Context<ApiEnv>, change: (api: ConsoleApi) => Promise<R>) =>
  answerOf(change(consoleApi(c)));
