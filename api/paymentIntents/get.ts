// GET /v1/payment_intents/:id — one intent with its status read off the chain.
import type { RouteHandler } from '@hono/zod-openapi';
import { paymentIntentSchema, statusClockOf, toPaymentIntent } from '../../lib/resources/paymentIntent.js';
import type { ApiEnv } from '../context.js';
import { pathId } from '../conventions.js';
import { errorResponses, notFound } from '../errors.js';
import { merchantRoute } from '../merchantRoute.js';
import { intentReadContext } from './readContext.js';

export const route = merchantRoute('payment_intents', {
  method: 'get',
  operationId: 'getPaymentIntent',
  path: '/v1/payment_intents/{id}',
  summary: 'Retrieve a payment intent',
  request: { params: pathId.paymentIntent },
  responses: {
    200: { description: 'The intent', content: { 'application/json': { schema: paymentIntentSchema } } },
    ...errorResponses(404, 503),
  },
});

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const context = await intentReadContext(c.var.services, c.var.db);
  const [row] = await c.var.services.statements.intentOfMerchant.execute({
    ...statusClockOf(context),
    merchantId: c.var.apiKey.merchantId,
    id,
  });
  if (!row) throw notFound('payment_intent', id);
  return c.json(toPaymentIntent(row, context), 200);
};
