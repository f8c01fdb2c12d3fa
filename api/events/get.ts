// GET /v1/events/:id — one event of the merchant's.
import type { RouteHandler } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import { event } from '../../lib/db/schema/index.js';
import { eventSchema, toEvent } from '../../lib/resources/event.js';
import type { ApiEnv } from '../context.js';
import { pathId } from '../conventions.js';
import { errorResponses, notFound } from '../errors.js';
import { merchantRoute } from '../merchantRoute.js';

export const route = merchantRoute('events', {
  method: 'get',
  operationId: 'getEvent',
  path: '/v1/events/{id}',
  summary: 'Retrieve an event',
  request: { params: pathId.event },
  responses: {
    200: { description: 'The event', content: { 'application/json': { schema: eventSchema } } },
    ...errorResponses(404),
  },
});

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const [row] = await c.var.db
    .select()
    .from(event)
    .where(and(eq(event.merchantId, c.var.apiKey.merchantId), eq(event.id, id)));
  if (!row) throw notFound('event', id);
  return c.json(toEvent(row), 200);
};
