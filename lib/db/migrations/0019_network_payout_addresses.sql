-- A merchant may have a payout address per network (by chain id); the one payout address stays the default.
ALTER TABLE "app"."merchant" ADD COLUMN "network_payout_addresses" jsonb DEFAULT '{}'::jsonb NOT NULL;
