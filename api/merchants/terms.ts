// What the operator decides for a merchant, at onboarding and after: the fee, the hold, and verification.
import { z } from '@hono/zod-openapi';

export const merchantTerms = {
  fee_bps: z
    .number()
    .int()
    .min(0)
    .max(1_000)
    .optional()
    .openapi({ description: 'Platform fee in basis points (the escrow caps it at 1000); default 100' }),
  hold_period_seconds: z
    .number()
    .int()
    .min(0)
    .max(365 * 86_400)
    .optional()
    .openapi({ description: 'Escrow hold before release; default 7 days' }),
  verified: z
    .boolean()
    .optional()
    .openapi({ description: 'Whether the merchant may take payments on a live network; default false' }),
};
