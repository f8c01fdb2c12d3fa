-- The deposit scanner finds a transfer's intent by its deposit address alone, on every chain's intents.
CREATE INDEX "payment_intent_deposit_address_index" ON "app"."payment_intent" USING btree ("deposit_address");
