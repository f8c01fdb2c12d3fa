// Which events an endpoint hears of: `*` or names from the event catalogue (lib/events.ts). A misspelt name
// would match no event, and the endpoint would silently never hear of a payment, so an unknown name is
// refused. The catalogue is the OpenAPI enum, so /docs lists it, and a type added there is accepted at once.
import { z } from '@hono/zod-openapi';
import { eventTypes } from '../../lib/events.js';

/** Every event, present and future (lib/events.ts, `emitEvent`). */
const EVERY_EVENT = '*';

const names = [EVERY_EVENT, ...eventTypes];
const known = new Set<string>(names);

export const enabledEventsSchema = z
  .array(z.string().openapi({ enum: names }))
  .min(1)
  .max(50)
  .superRefine((requested, ctx) => {
    const unknown = [...new Set(requested.filter((name) => !known.has(name)))];
    if (unknown.length === 0) return;
    ctx.addIssue({
      code: 'custom',
      params: { code: 'event_type_unknown' },
      message:
        `No such event type${unknown.length > 1 ? 's' : ''}: ${unknown.map((name) => `'${name}'`).join(', ')}. ` +
        `Use '*' for every event, or types of the catalogue (each described under Webhooks in /docs): ${eventTypes.join(', ')}.`,
    });
  })
  .openapi({ description: 'Event types to deliver (the Webhooks of this document); `*` for all' });
