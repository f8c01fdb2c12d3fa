CREATE TABLE "app"."keeper_attempt" (
	"transaction_id" text NOT NULL,
	"attempt" integer NOT NULL,
	"cancel" boolean DEFAULT false NOT NULL,
	"hash" text NOT NULL,
	"raw" text NOT NULL,
	"gas_limit" numeric(78, 0) NOT NULL,
	"max_fee_per_gas" numeric(78, 0),
	"max_priority_fee_per_gas" numeric(78, 0),
	"gas_price" numeric(78, 0),
	"broadcast_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "keeper_attempt_transaction_id_attempt_pk" PRIMARY KEY("transaction_id","attempt")
);
--> statement-breakpoint
CREATE TABLE "app"."keeper_transaction" (
	"id" text PRIMARY KEY NOT NULL,
	"keeper" text NOT NULL,
	"chain_id" integer NOT NULL,
	"purpose" text NOT NULL,
	"effect" text,
	"payload" jsonb NOT NULL,
	"to" text NOT NULL,
	"data" text NOT NULL,
	"value" numeric(78, 0) NOT NULL,
	"nonce" bigint NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"error" text,
	"mined_hash" text,
	"block_number" numeric(78, 0),
	"gas_used" numeric(78, 0),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "app"."payout" (
	"id" text PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"destination" text NOT NULL,
	"token" text NOT NULL,
	"expected_amount" numeric(78, 0) NOT NULL,
	"keeper_transaction_id" text,
	"failure_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "app"."refund" (
	"id" text PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"payment_intent_id" text NOT NULL,
	"livemode" boolean NOT NULL,
	"amount" numeric(78, 0) NOT NULL,
	"reason" text,
	"metadata" jsonb NOT NULL,
	"keeper_transaction_id" text,
	"failure_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "app"."keeper_attempt" ADD CONSTRAINT "keeper_attempt_transaction_id_keeper_transaction_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "app"."keeper_transaction"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app"."payout" ADD CONSTRAINT "payout_merchant_id_merchant_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "app"."merchant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app"."payout" ADD CONSTRAINT "payout_keeper_transaction_id_keeper_transaction_id_fk" FOREIGN KEY ("keeper_transaction_id") REFERENCES "app"."keeper_transaction"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app"."refund" ADD CONSTRAINT "refund_merchant_id_merchant_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "app"."merchant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app"."refund" ADD CONSTRAINT "refund_payment_intent_id_payment_intent_id_fk" FOREIGN KEY ("payment_intent_id") REFERENCES "app"."payment_intent"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app"."refund" ADD CONSTRAINT "refund_keeper_transaction_id_keeper_transaction_id_fk" FOREIGN KEY ("keeper_transaction_id") REFERENCES "app"."keeper_transaction"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "keeper_attempt_hash_index" ON "app"."keeper_attempt" USING btree ("hash");--> statement-breakpoint
CREATE UNIQUE INDEX "keeper_transaction_keeper_chain_id_nonce_index" ON "app"."keeper_transaction" USING btree ("keeper","chain_id","nonce") WHERE "app"."keeper_transaction"."state" <> 'failed';--> statement-breakpoint
CREATE UNIQUE INDEX "keeper_transaction_effect_index" ON "app"."keeper_transaction" USING btree ("effect") WHERE "app"."keeper_transaction"."effect" IS NOT NULL AND "app"."keeper_transaction"."state" IN ('pending', 'mined');--> statement-breakpoint
CREATE INDEX "keeper_transaction_keeper_chain_id_state_index" ON "app"."keeper_transaction" USING btree ("keeper","chain_id","state");--> statement-breakpoint
CREATE INDEX "payout_merchant_id_created_at_id_index" ON "app"."payout" USING btree ("merchant_id","created_at","id");--> statement-breakpoint
CREATE INDEX "payout_keeper_transaction_id_index" ON "app"."payout" USING btree ("keeper_transaction_id");--> statement-breakpoint
CREATE INDEX "payout_destination_token_index" ON "app"."payout" USING btree ("destination","token");--> statement-breakpoint
CREATE INDEX "refund_merchant_id_created_at_id_index" ON "app"."refund" USING btree ("merchant_id","created_at","id");--> statement-breakpoint
CREATE INDEX "refund_payment_intent_id_index" ON "app"."refund" USING btree ("payment_intent_id");