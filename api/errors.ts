// The one error shape every response uses, Stripe's: `{ "error": { "type", "code", "message", "param" } }`.
// Handlers throw ApiError; anything else becomes a 500 whose details stay in the log, never the response.

import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { isDatabaseBusy, isDatabaseUnreachable, withoutQueryParameters } from '../lib/db/client.js';
import { reportError } from '../lib/errorReporting.js';
import type { ApiEnv } from './context.js';
import { type ErrorCode, type ErrorType, errorCodes, errorTypes } from './errorCodes.js';

/** An answer other than success: its status and type follow from the code (api/errorCodes.ts). */
export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly type: ErrorType;
  /** Sent as `Retry-After` (every 503 has one). */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly param?: string,
  ) {
    super(message);
    const known: { status: ContentfulStatusCode; type: ErrorType; retryAfterSeconds?: number } = errorCodes[code];
    ({ status: this.status, type: this.type, retryAfterSeconds: this.retryAfterSeconds } = known);
  }
}

export const notFound = (what: string, id: string, param = 'id') =>
  new ApiError('resource_missing', `No such ${what}: '${id}'`, param);

export const errorSchema = z
  .object({
    error: z.object({
      type: z.enum(errorTypes),
      code: z.enum(Object.keys(errorCodes) as [ErrorCode, ...ErrorCode[]]).openapi({ example: 'parameter_invalid' }),
      message: z.string(),
      param: z.string().optional().openapi({ description: 'The request field the error is about, if any' }),
    }),
  })
  .openapi('Error');

export function errorBody(error: ApiError) {
  return {
    error: {
      type: error.type,
      code: error.code,
      message: error.message,
      ...(error.param ? { param: error.param } : {}),
    },
  };
}

/** A zod failure as the first problem it found, named by its path (`metadata.order_id`). */
export function fromZodError(error: z.ZodError): ApiError {
  const issue = error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    const param = [...issue.path, key].join('.');
    return new ApiError('parameter_unknown', `Received unknown parameter: ${param}`, param);
  }
  const param = issue.path.join('.') || undefined;
  // A body rule written for the API names its code and says everything in its message.
  const ruleCode = issue.code === 'custom' ? (issue.params?.code as ErrorCode | undefined) : undefined;
  if (ruleCode) return new ApiError(ruleCode, issue.message, param);
  // zod leaves the input out of its issues; its message is the one place that says the field was absent.
  const missing = issue.code === 'invalid_type' && / received undefined$/.test(issue.message);
  if (missing) return new ApiError('parameter_missing', `Missing required param: ${param}.`, param);
  return new ApiError('parameter_invalid', param ? `Invalid ${param}: ${issue.message}` : issue.message, param);
}

/** What `err`, thrown while answering `c`, is to the caller: itself if an ApiError, else one (logged when it is ours). */
export function apiErrorOf(err: Error, c: Context<ApiEnv>): ApiError {
  let error: ApiError;
  if (err instanceof ApiError) error = err;
  else if (err instanceof z.ZodError) error = fromZodError(err);
  else if (err instanceof HTTPException && err.status < 500) {
    error = new ApiError('invalid_request', err.message || 'The request could not be read.');
    if (/malformed json/i.test(err.message))
      error = new ApiError('body_invalid_json', 'The request body is not valid JSON.');
  } else if (isDatabaseBusy(err)) {
    c.var.log?.warn({ err: withoutQueryParameters(err) }, 'the database is busy');
    error = new ApiError(
      'database_busy',
      'The database is busy and could not take this request in time. Retry after the Retry-After header’s seconds (with the same Idempotency-Key, a retry never applies a request twice).',
    );
  } else if (isDatabaseUnreachable(err)) {
    c.var.log?.error({ err: withoutQueryParameters(err) }, 'the database is unreachable');
    error = new ApiError(
      'database_unavailable',
      'The database is unreachable (down or restarting). Retry after the Retry-After header’s seconds (with the same Idempotency-Key, a retry never applies a request twice).',
    );
  } else if (missingRelation(err)) {
    c.var.log?.error({ err: withoutQueryParameters(err) }, 'the indexer views are missing');
    error = new ApiError(
      'indexer_unavailable',
      'Chain data is not available yet: the indexer has not created its views. Retry shortly.',
    );
  } else {
    c.var.log?.error({ err: withoutQueryParameters(err) }, 'request failed');
    reportError(err, { request_id: c.var.requestId });
    error = new ApiError(
      'internal_error',
      `Something went wrong on our side. Retry later; if it persists, quote request id ${c.var.requestId}.`,
    );
  }
  if (error.retryAfterSeconds !== undefined) c.header('Retry-After', String(error.retryAfterSeconds));
  return error;
}

/** The API's error handler: the error as JSON, with its status (and `Retry-After` when it has one). */
export function onApiError(err: Error, c: Context<ApiEnv>) {
  const error = apiErrorOf(err, c);
  return c.json(errorBody(error), error.status);
}

/** PostgreSQL's undefined_table: the indexer has not (yet) created the views schema the API reads. */
export function missingRelation(err: Error): boolean {
  const cause = (err as { cause?: { code?: string } }).cause;
  return cause?.code === '42P01';
}

const errorDescriptions = {
  400: 'Invalid request',
  401: 'Missing or invalid API key',
  403: 'The key may not do this',
  404: 'No such object (or it belongs to another merchant)',
  409: 'Conflict: the object is in a state that forbids the action (the error says which)',
  413: 'Body too large',
  415: 'Body is not JSON (send `Content-Type: application/json`)',
  422: 'Idempotency key reused with another request',
  429: 'Rate limited: retry after `Retry-After` seconds',
  500: 'Something failed on our side; the message quotes the request id',
  503: 'A dependency (database, chain, price source, indexer) is unavailable or busy: retry after `Retry-After` seconds',
} as const;

type ErrorStatus = keyof typeof errorDescriptions;
type ErrorResponse = { description: string; content: { 'application/json': { schema: typeof errorSchema } } };

/**
 * Errors for every documented status: the shared part of each route's `responses`, keyed by exactly the
 * statuses given, so the route's handler and typed client know which statuses answer with an Error.
 */
export function errorResponses<const S extends ErrorStatus[]>(
  ...statuses: S
): { [Status in S[number]]: ErrorResponse } {
  const response = (status: ErrorStatus): ErrorResponse => ({
    description: errorDescriptions[status],
    content: { 'application/json': { schema: errorSchema } },
  });
  return Object.fromEntries(statuses.map((status) => [status, response(status)])) as {
    [Status in S[number]]: ErrorResponse;
  };
}
