// Merchant metadata on objects, with Stripe's limits: at most 50 keys, keys up to 40 characters, string
// values up to 500 characters.
import { z } from '@hono/zod-openapi';

export const metadataSchema = z
  .record(
    z.string().min(1, 'keys must not be empty').max(40, 'keys are at most 40 characters'),
    z.string().max(500, 'values are at most 500 characters'),
  )
  .refine((value) => Object.keys(value).length <= 50, 'at most 50 keys')
  .openapi({
    description: 'Up to 50 string pairs for your own references (keys ≤ 40 characters, values ≤ 500)',
    example: { order_id: '6735' },
  });
