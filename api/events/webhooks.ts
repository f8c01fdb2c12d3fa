// The OpenAPI document's `webhooks`: one entry per event type of the catalogue (lib/events.ts), the POST a
// merchant's endpoint receives, so /docs shows each event's payload and how it is signed. Built from the
// catalogue, so a new event type is documented as soon as it exists.
import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { type EventType, eventTypes } from '../../lib/events.js';
import { eventSchema } from '../../lib/resources/event.js';
import { paymentIntentSchema } from '../../lib/resources/paymentIntent.js';
import { payoutSchema } from '../../lib/resources/payout.js';
import { refundSchema } from '../../lib/resources/refund.js';

/** An event type's first part names the object it is about, as Stripe's do. */
type EventObjectKind = EventType extends `${infer Kind}.${string}` ? Kind : never;

/** `data.object` of each kind of event; an event type of a new kind does not compile until it has one here. */
const eventObjects = {
  payment_intent: paymentIntentSchema,
  refund: refundSchema,
  payout: payoutSchema,
} satisfies Record<EventObjectKind, z.ZodType>;

const headers = z.object({
  'webhook-id': z.string().openapi({
    description:
      'The event’s id: the same on every attempt and redelivery of the event, so a receiver ignores one it has handled',
    example: 'evt_3kTq9vM2xYb8LwZp0aRc4dEf',
  }),
  'webhook-timestamp': z.string().openapi({
    description: 'When this attempt was signed, in unix seconds; refuse one more than 5 minutes from your clock',
    example: '1767225600',
  }),
  'webhook-signature': z.string().openapi({
    description:
      'Standard Webhooks signatures, space-separated: `v1,` and the base64 HMAC-SHA256 of `<webhook-id>.<webhook-timestamp>.<body>` (the body exactly as received), keyed with the base64-decoded part of the endpoint’s `whsec_…` secret after `whsec_`. One signature, or two while the secret a roll replaced is in its grace period: accept the request if any of them matches. The `standardwebhooks` library of any language does all of this.',
    example: 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=',
  }),
});

/** `payment_intent.dispute_resolved` → `PaymentIntentDisputeResolved`. */
const pascal = (type: string) =>
  type
    .split(/[._]/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');

export function registerEventWebhooks(registry: OpenAPIHono['openAPIRegistry']) {
  for (const type of eventTypes) {
    const kind = type.slice(0, type.indexOf('.')) as EventObjectKind;
    const name = pascal(type);
    registry.registerWebhook({
      method: 'post',
      path: type,
      operationId: `${name.charAt(0).toLowerCase()}${name.slice(1)}Webhook`,
      summary: type,
      description: `Sent to every enabled webhook endpoint whose \`enabled_events\` hold \`${type}\` or \`*\`: the Event, its \`data.object\` the ${pascal(kind)} as the API showed it then. Deliveries follow the Standard Webhooks spec.`,
      security: [],
      request: {
        headers,
        body: {
          required: true,
          content: {
            'application/json': {
              schema: eventSchema
                .extend({ type: z.literal(type), data: z.object({ object: eventObjects[kind] }) })
                .openapi(`${name}Event`),
            },
          },
        },
      },
      responses: {
        '2XX': {
          description:
            'Delivered. Anything else, a redirect or no answer within 10 seconds is retried after 5 s, 5 min, 30 min, 2 h, 5 h, then every 10 h: about 3 days in all.',
        },
      },
    });
  }
}
