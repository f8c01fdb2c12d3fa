CREATE TABLE "app"."dispute_ruling" (
	"id" text PRIMARY KEY NOT NULL,
	"payment_intent_id" text NOT NULL,
	"merchant_id" text NOT NULL,
	"buyer_amount" numeric(78, 0) NOT NULL,
	"merchant_share" numeric(78, 0) NOT NULL,
	"note" text,
	"decided_by" text NOT NULL,
	"keeper_transaction_id" text,
	"failure_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "app"."dispute_ruling" ADD CONSTRAINT "dispute_ruling_payment_intent_id_payment_intent_id_fk" FOREIGN KEY ("payment_intent_id") REFERENCES "app"."payment_intent"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app"."dispute_ruling" ADD CONSTRAINT "dispute_ruling_merchant_id_merchant_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "app"."merchant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app"."dispute_ruling" ADD CONSTRAINT "dispute_ruling_keeper_transaction_id_keeper_transaction_id_fk" FOREIGN KEY ("keeper_transaction_id") REFERENCES "app"."keeper_transaction"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "dispute_ruling_payment_intent_id_index" ON "app"."dispute_ruling" USING btree ("payment_intent_id") WHERE "app"."dispute_ruling"."failure_reason" IS NULL;