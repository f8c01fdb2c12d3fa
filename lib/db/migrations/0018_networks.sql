-- Several networks in one gateway: what was unique per gateway is unique per chain, and what names a
-- block or a balance names its chain. A one-network database moves forward without losing a row: each
-- new chain id is taken from the intents of the same escrow (or merchant), which carry theirs already.
CREATE UNIQUE INDEX "payment_intent_chain_id_payment_id_index" ON "app"."payment_intent" USING btree ("chain_id","payment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_intent_chain_id_deposit_address_index" ON "app"."payment_intent" USING btree ("chain_id","deposit_address");--> statement-breakpoint
DROP INDEX "app"."payment_intent_payment_id_index";--> statement-breakpoint
DROP INDEX "app"."payment_intent_deposit_address_index";--> statement-breakpoint
ALTER TABLE "app"."payout" ADD COLUMN "chain_id" integer;--> statement-breakpoint
UPDATE "app"."payout" SET "chain_id" = "keeper_transaction"."chain_id"
  FROM "app"."keeper_transaction" WHERE "keeper_transaction"."id" = "payout"."keeper_transaction_id";--> statement-breakpoint
-- A payout never sent has no transaction: it was for its merchant's balance, made by its merchant's intents.
UPDATE "app"."payout" SET "chain_id" = (
  SELECT "chain_id" FROM "app"."payment_intent" WHERE "payment_intent"."merchant_id" = "payout"."merchant_id"
  ORDER BY "created_at" DESC LIMIT 1)
  WHERE "chain_id" IS NULL;--> statement-breakpoint
ALTER TABLE "app"."payout" ALTER COLUMN "chain_id" SET NOT NULL;--> statement-breakpoint
DROP INDEX "app"."payout_destination_token_index";--> statement-breakpoint
CREATE INDEX "payout_chain_id_destination_token_index" ON "app"."payout" USING btree ("chain_id","destination","token");--> statement-breakpoint
ALTER TABLE "app"."deposit_scan_cursor" ADD COLUMN "chain_id" integer;--> statement-breakpoint
UPDATE "app"."deposit_scan_cursor" SET "chain_id" = (
  SELECT "chain_id" FROM "app"."payment_intent" WHERE lower("payment_intent"."escrow_address") = "deposit_scan_cursor"."escrow_address"
  ORDER BY "created_at" DESC LIMIT 1);--> statement-breakpoint
-- An escrow no intent was ever made for has no deposit address to scan: its cursor starts again at the head.
DELETE FROM "app"."deposit_scan_cursor" WHERE "chain_id" IS NULL;--> statement-breakpoint
ALTER TABLE "app"."deposit_scan_cursor" ALTER COLUMN "chain_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "app"."deposit_scan_cursor" DROP CONSTRAINT "deposit_scan_cursor_pkey";--> statement-breakpoint
ALTER TABLE "app"."deposit_scan_cursor" ADD CONSTRAINT "deposit_scan_cursor_chain_id_escrow_address_pk" PRIMARY KEY("chain_id","escrow_address");--> statement-breakpoint
-- The outbox's cursor was named `<views schema>:<escrow>`; it is now `<views schema>:<chain id>:<escrow>`.
-- One whose escrow no intent names has produced no event (every event is an intent's): it starts again.
UPDATE "app"."outbox_cursor" SET "name" = split_part("name", ':', 1) || ':' || (
  SELECT "chain_id" FROM "app"."payment_intent" WHERE lower("payment_intent"."escrow_address") = split_part("outbox_cursor"."name", ':', 2)
  ORDER BY "created_at" DESC LIMIT 1) || ':' || split_part("name", ':', 2)
  WHERE "name" NOT LIKE '%:%:%' AND EXISTS (
    SELECT 1 FROM "app"."payment_intent" WHERE lower("payment_intent"."escrow_address") = split_part("outbox_cursor"."name", ':', 2));
