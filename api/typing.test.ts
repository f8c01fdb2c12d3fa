// Type-level tests, checked by `npm run typecheck` (at run time they assert nothing): handlers are held to
// their OpenAPI response schemas, and the typed client (api/client.ts) infers real bodies for every route.

import type { OpenAPIHono, RouteHandler } from '@hono/zod-openapi';
import { expectTypeOf, it } from 'vitest';
import type { ApiApp } from './app.js';
import type { route as getBalance } from './balance/get.js';
import type { PmtClient } from './client.js';
import type { ApiEnv } from './context.js';
import type { ErrorCode } from './errorCodes.js';
import type { route as getIntent } from './paymentIntents/get.js';

it('infers the body of a successful response in the typed client', () => {
  type Get = Awaited<ReturnType<PmtClient['v1']['payment_intents'][':id']['$get']>>;
  type Intent = Awaited<ReturnType<Extract<Get, { status: 200 }>['json']>>;
  expectTypeOf<Intent['amount_crypto']>().toEqualTypeOf<string>();
  expectTypeOf<Intent['status']>().toEqualTypeOf<
    | 'requires_payment'
    | 'processing'
    | 'succeeded'
    | 'partially_refunded'
    | 'refunded'
    | 'disputed'
    | 'canceled'
    | 'expired'
  >();
  type NotFound = Awaited<ReturnType<Extract<Get, { status: 404 }>['json']>>;
  expectTypeOf<NotFound['error']['code']>().toEqualTypeOf<ErrorCode>();
});

it('knows the statuses and the success body of every route of the app', () => {
  type Schema = ApiApp extends OpenAPIHono<ApiEnv, infer S, '/'> ? S : never;
  // The event stream answers with a streamed Response, which the type system cannot see into.
  type Routes = Omit<Schema, '/v1/payment_intents/:id/events'>;
  type Endpoint = { [Path in keyof Routes]: Routes[Path][keyof Routes[Path]] }[keyof Routes];
  expectTypeOf<Endpoint['status']>().toEqualTypeOf<
    200 | 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 503
  >();
  type Success = Extract<Endpoint, { status: 200 }>;
  expectTypeOf<Success['outputFormat']>().toEqualTypeOf<'json'>();
  // biome-ignore lint/complexity/noBannedTypes: an erased body is inferred as {}
  expectTypeOf<{} extends Success['output'] ? 'erased' : 'typed'>().toEqualTypeOf<'typed'>();
});

it('refuses a handler that answers another shape than its schema', () => {
  // @ts-expect-error { wrong: true } is not a PaymentIntent
  const intent: RouteHandler<typeof getIntent, ApiEnv> = async (c) => c.json({ wrong: true }, 200);
  // @ts-expect-error a Balance has `assets`
  const balance: RouteHandler<typeof getBalance, ApiEnv> = async (c) => c.json({ object: 'balance' as const }, 200);
  const status: RouteHandler<typeof getBalance, ApiEnv> = async (c) =>
    // @ts-expect-error the route documents no 418
    c.json({ object: 'balance' as const, assets: [] }, 418);
  expectTypeOf([intent, balance, status]).toBeArray();
});
