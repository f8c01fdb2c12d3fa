// GET /v1/payment_intents/:id/events — Server-Sent Events for the checkout page, authorized by the intent's
// client secret instead of a secret key: the current state first, then each change as the indexer writes it.
import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { cors } from 'hono/cors';
import { streamSSE } from 'hono/streaming';
import { merchant } from '../../lib/db/schema/index.js';
import type { ApiEnv } from '../context.js';
import { pathId } from '../conventions.js';
import { errorResponses } from '../errors.js';
import { CLIENT_SECRET_HEADER, clientSecretHeaders, intentBySecret } from './clientSecret.js';
import { type PublicIntent, publicIntentSchema, toPublicIntent } from './publicView.js';

/** Checkout pages on any origin may open the stream; app.ts mounts this before the route (preflights too). */
export const eventsCors = cors({ origin: '*', allowMethods: ['GET'], allowHeaders: [CLIENT_SECRET_HEADER] });

/** Comment lines keep proxies from closing a quiet stream. */
const HEARTBEAT_MS = 15_000;
/** A stream ends after this; EventSource reconnects by itself, so no connection is held forever. */
const MAX_STREAM_MS = 30 * 60_000;

export const route = createRoute({
  method: 'get',
  operationId: 'streamPaymentIntentEvents',
  path: '/v1/payment_intents/{id}/events',
  summary: 'Follow a payment intent (Server-Sent Events)',
  description:
    'Public, for browsers: authorized by the intent’s `client_secret`, in the `X-Client-Secret` header (preferred: query strings end up in access logs) or the `client_secret` query parameter (for EventSource, which cannot send headers). Sends a `payment_intent` event with the current state at once and again on every change (status, confirmations).',
  tags: ['payment_intents'],
  request: {
    params: pathId.paymentIntent,
    query: z.object({
      client_secret: z.string().optional().openapi({ description: 'The intent’s client_secret, if not in the header' }),
    }),
    headers: clientSecretHeaders,
  },
  responses: {
    200: {
      description: 'An event stream; each `data` is a PaymentIntentPublic',
      content: { 'text/event-stream': { schema: publicIntentSchema } },
    },
    ...errorResponses(400, 404, 500, 503),
  },
});

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const secret = c.req.valid('header')['x-client-secret'] ?? c.req.valid('query').client_secret;
  const { db, services } = c.var;
  const { row, context } = await intentBySecret(db, services, id, secret);
  const [shop] = await db.select({ name: merchant.name }).from(merchant).where(eq(merchant.id, row.intent.merchantId));
  const view = (next: typeof row, nextContext: typeof context) =>
    toPublicIntent(next, { ...nextContext, merchantName: shop?.name ?? '', config: services.config });
  return streamSSE(c, async (stream) => {
    let last = '';
    let sequence = 0;
    // A change is anything but the clock, which moves every block: pages run it on by themselves.
    const send = (intent: PublicIntent) => {
      const change = JSON.stringify({ ...intent, chain_time: 0 });
      if (change === last) return;
      last = change;
      void stream.writeSSE({ event: 'payment_intent', id: String(++sequence), data: JSON.stringify(intent) });
    };
    send(view(row, context));
    let unwatch = () => {};
    const heartbeat = setInterval(() => void stream.write(': keep-alive\n\n'), HEARTBEAT_MS);
    // Until the client leaves, the API shuts down, or the stream has lived long enough.
    await new Promise<void>((resolve) => {
      stream.onAbort(resolve);
      unwatch = services.watcher.watch(id, (next, nextContext) => send(view(next, nextContext)), resolve);
      setTimeout(resolve, MAX_STREAM_MS).unref();
    });
    clearInterval(heartbeat);
    unwatch();
  }) as never;
};
