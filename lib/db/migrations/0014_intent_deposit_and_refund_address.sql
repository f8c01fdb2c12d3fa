ALTER TABLE "app"."payment_intent" ADD COLUMN "deposit_address" text;--> statement-breakpoint
ALTER TABLE "app"."payment_intent" ADD COLUMN "refund_address" text;--> statement-breakpoint
CREATE UNIQUE INDEX "payment_intent_deposit_address_index" ON "app"."payment_intent" USING btree ("deposit_address");