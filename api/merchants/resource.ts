// The Merchant object: the account's payout settings and the terms signed into its intents.
import { z } from '@hono/zod-openapi';
import { type merchant, payoutSchedules } from '../../lib/db/schema/index.js';
import { type NetworksById, networkFields, networkFieldsSchema } from '../../lib/resources/chainFact.js';
import { unixSeconds } from '../../lib/resources/unixSeconds.js';

/** When a merchant is paid out, as `payouts__run` (jobs/tasks/) and its line in jobs/crontab have it. */
export const payoutScheduleSchema = z.enum(payoutSchedules).openapi({
  description:
    'Which hourly payout run (minute 0 of every hour, UTC) pays out a balance once it is available and reaches its minimum: `instant`, the next one; `daily`, `weekly`, `monthly`, the first one when the merchant has had no payout (of any asset, not failed) for 24 hours, 7 days or a calendar month, counted in whole hours from the run of its previous payout rather than from a set hour, weekday or date.',
});

export const merchantSchema = z
  .object({
    id: z.string(),
    object: z.literal('merchant'),
    name: z.string(),
    email: z.string(),
    payout_address: z.string().nullable().openapi({
      description:
        'EIP-55 address payouts go to on every network without one of its own; intents need one (this or their network’s)',
    }),
    network_payout_addresses: z
      .array(z.object({ ...networkFieldsSchema, address: z.string() }))
      .openapi({ description: 'The networks whose payouts go to an address of their own, and where' }),
    payout_schedule: payoutScheduleSchema,
    minimum_payouts: z
      .record(z.string(), z.string())
      .openapi({ description: 'Per asset (`native` or token address), the smallest balance paid out, in base units' }),
    fee_bps: z.number().int(),
    hold_period_seconds: z.number().int(),
    verified: z
      .boolean()
      .openapi({ description: 'Verified by the operator: needed to take payments on a live network' }),
    suspended: z.boolean().openapi({ description: 'Suspended by the operator: its keys are refused' }),
    created: z.number().int(),
  })
  .openapi('Merchant');

export type MerchantResource = z.infer<typeof merchantSchema>;

/** The merchant `row` shows, naming each network of `networks` by its name. */
export function toMerchant(row: typeof merchant.$inferSelect, networks: NetworksById): MerchantResource {
  return {
    id: row.id,
    object: 'merchant',
    name: row.name,
    email: row.email,
    payout_address: row.payoutAddress,
    network_payout_addresses: Object.entries(row.networkPayoutAddresses)
      .map(([chainId, address]) => ({ ...networkFields(networks, Number(chainId)), address }))
      .sort((a, b) => a.chain_id - b.chain_id),
    payout_schedule: row.payoutSchedule,
    minimum_payouts: row.minimumPayouts,
    fee_bps: row.feeBps,
    hold_period_seconds: row.holdPeriodSeconds,
    verified: row.verifiedAt !== null,
    suspended: row.suspendedAt !== null,
    created: unixSeconds(row.createdAt),
  };
}
