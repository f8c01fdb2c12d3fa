// Type-level tests, checked by `npm run typecheck` (at run time they assert nothing): a console page reads
// what the route's schema says it answers, through the typed client, so a changed schema fails the type
// check instead of a page.

import { expectTypeOf, it } from 'vitest';
import type { PaymentIntentResource } from '../../lib/resources/paymentIntent.js';
import type { PmtClient } from '../client.js';
import type { answerOf, ConsoleApi, Ok } from './apiClient.js';
import type { PaymentView } from './paymentView.js';

it('calls the same routes as the typed client of integrations', () => {
  expectTypeOf<ConsoleApi>().toEqualTypeOf<PmtClient>();
});

it('reads a payment as the route answers it', () => {
  expectTypeOf<PaymentView['intent']>().toEqualTypeOf<Ok<ConsoleApi['v1']['payment_intents'][':id']['$get']>>();
  expectTypeOf<PaymentView['intent']>().toEqualTypeOf<PaymentIntentResource>();
  // @ts-expect-error the intent has no `price`: a page reading one fails the type check
  expectTypeOf<PaymentView['intent']['price']>().toBeUnknown();
});

it("gives a page the route's 200 body, or its refusal's status and message", () => {
  type Balance = Awaited<ReturnType<ConsoleApi['v1']['balance']['$get']>>;
  type Read = Awaited<ReturnType<typeof answerOf<Balance>>>;
  expectTypeOf<Extract<Read, { ok: true }>['body']>().toEqualTypeOf<Ok<ConsoleApi['v1']['balance']['$get']>>();
  expectTypeOf<Extract<Read, { ok: true }>['body']['assets'][number]['available']>().toEqualTypeOf<string>();
  expectTypeOf<Extract<Read, { ok: false }>>().toEqualTypeOf<{ ok: false; status: number; problem: string }>();
});
