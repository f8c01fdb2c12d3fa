// GET /v1/admin/disputes — the arbiter's queue: every payment in dispute (optionally, those settled by a
// ruling or the deadline too), nearest deadline first, with its latest ruling.

import { type RouteHandler, z } from '@hono/zod-openapi';
import { and, eq, isNotNull } from 'drizzle-orm';
import { paymentIntent } from '../../lib/db/schema/index.js';
import { adminRoute } from '../adminRoute.js';
import type { ApiEnv } from '../context.js';
import { objectId } from '../conventions.js';
import { errorResponses } from '../errors.js';
import { filteredChainId, networkFilterQuery } from '../networks/served.js';
import { disputeSchema, selectDisputes, toDispute } from './resource.js';

/** The queue holds what is open; a settled dispute is looked up by its payment intent instead. */
const QUEUE_LIMIT = 500;

export const route = adminRoute({
  method: 'get',
  operationId: 'adminListDisputes',
  path: '/v1/admin/disputes',
  summary: 'List disputes (admin)',
  request: {
    query: z.object({
      status: z
        .enum(['open', 'all'])
        .default('open')
        .openapi({ description: '`open`: still in dispute (default); `all`: settled ones too' }),
      payment_intent: objectId('pi').optional().openapi({ description: 'Only this payment intent’s dispute' }),
      network: networkFilterQuery,
    }),
  },
  responses: {
    200: {
      description: `The disputes, nearest deadline first (at most ${QUEUE_LIMIT})`,
      content: {
        'application/json': {
          schema: z.object({ object: z.literal('list'), data: z.array(disputeSchema) }).openapi('DisputeList'),
        },
      },
    },
    ...errorResponses(400, 503),
  },
});

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  const { status, payment_intent: intentId, network } = c.req.valid('query');
  const { db, services } = c.var;
  const chainId = filteredChainId(services, network);
  const { payment } = services.views;
  const rows = await selectDisputes(
    db,
    services.views,
    and(
      isNotNull(payment.disputedTx),
      intentId === undefined ? undefined : eq(paymentIntent.id, intentId),
      chainId === undefined ? undefined : eq(paymentIntent.chainId, chainId),
      status === 'open' ? eq(payment.status, 'disputed') : undefined,
    ),
    QUEUE_LIMIT,
  );
  return c.json({ object: 'list' as const, data: rows.map((row) => toDispute(row, services.config.chains)) }, 200);
};
