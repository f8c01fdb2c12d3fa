// The Event object, as Stripe's: what happened (`type`), when, and the object it happened to as the API
// showed it then (`data.object`). Webhook deliveries carry exactly this.
import { z } from '@hono/zod-openapi';
import type { event } from '../db/schema/index.js';
import { eventTypes } from '../events.js';
import { unixSeconds } from './unixSeconds.js';

export const eventSchema = z
  .object({
    id: z.string().openapi({ example: 'evt_3kTq9vM2xYb8LwZp0aRc4dEf' }),
    object: z.literal('event'),
    type: z.enum(eventTypes),
    created: z.number().int().openapi({ description: 'Unix seconds' }),
    livemode: z.boolean(),
    data: z.object({
      object: z
        .record(z.string(), z.unknown())
        .openapi({ description: 'The payment intent, refund or payout, as the API returned it when this happened' }),
    }),
  })
  .openapi('Event');

export type EventResource = z.infer<typeof eventSchema>;

export function toEvent(row: typeof event.$inferSelect): EventResource {
  return {
    id: row.id,
    object: 'event',
    type: row.type as EventResource['type'],
    created: unixSeconds(row.createdAt),
    livemode: row.livemode,
    data: row.data,
  };
}
