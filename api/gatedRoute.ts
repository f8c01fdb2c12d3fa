// One route factory for every caller the API authenticates (a merchant's secret key, the operator's admin
// key): the gate's checks run as the route's middleware, every POST is idempotent and takes an
// `Idempotency-Key` header, and the OpenAPI entry says all of it, with the errors each may answer.
import { createRoute, type RouteConfig, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { errorResponses } from './errors.js';

export const idempotencyHeaders = z.object({
  'idempotency-key': z.string().optional().openapi({
    description: 'Replays the first successful response for 24 hours; reused with another request it is an error.',
  }),
});

/** What any POST may answer besides: a bad Idempotency-Key or body, and a key reused for another request. */
const postErrors = errorResponses(400, 413, 415, 422);

/** Who may call a route, and how that is checked. */
export interface Gate<Errors> {
  tag: string;
  security: RouteConfig['security'];
  /** Checks before the handler; every one runs before `idempotency`, whose replay skips the handler. */
  checks: MiddlewareHandler[];
  idempotency: MiddlewareHandler;
  /** What any route behind the gate may answer. */
  errors: Errors;
}

type RouteInput = Omit<RouteConfig, 'security' | 'middleware' | 'tags'> & { operationId: string };

type RequestOf<R> = R extends { request: infer Request } ? Request : undefined;

/** A route's request, with the Idempotency-Key header the factory adds to a POST's. */
type RequestWithIdempotencyKey<R extends RouteInput> = R['method'] extends 'post'
  ? Omit<NonNullable<RequestOf<R>>, 'headers'> & { headers: typeof idempotencyHeaders }
  : RequestOf<R>;

export function gatedRoute<const R extends RouteInput, Errors extends RouteConfig['responses']>(
  gate: Gate<Errors>,
  config: R,
) {
  const post = config.method === 'post';
  const responses = { ...config.responses, ...gate.errors, ...(post ? postErrors : {}) } as R['responses'] &
    Errors &
    (R['method'] extends 'post' ? typeof postErrors : unknown);
  const request = (
    post ? { ...config.request, headers: idempotencyHeaders } : config.request
  ) as RequestWithIdempotencyKey<R>;
  return createRoute({
    ...config,
    request,
    tags: [gate.tag],
    security: gate.security,
    middleware: [...gate.checks, ...(post ? [gate.idempotency] : [])] as const,
    responses,
  });
}
