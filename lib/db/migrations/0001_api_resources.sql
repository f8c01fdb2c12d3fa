CREATE TABLE "app"."idempotency_key" (
	"merchant_id" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"response_status" integer,
	"response_body" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_key_merchant_id_key_pk" PRIMARY KEY("merchant_id","key")
);
--> statement-breakpoint
CREATE TABLE "app"."merchant_wallet" (
	"address" text PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"set_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "app"."payment_intent" (
	"id" text PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"livemode" boolean NOT NULL,
	"payment_id" text NOT NULL,
	"client_secret" text NOT NULL,
	"fiat_amount" bigint,
	"currency" text,
	"token" text NOT NULL,
	"token_symbol" text NOT NULL,
	"token_decimals" integer NOT NULL,
	"crypto_amount" numeric(78, 0) NOT NULL,
	"quote_rate" text,
	"quote_source" text,
	"fee_bps" integer NOT NULL,
	"hold_period_seconds" integer NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"payout_address" text NOT NULL,
	"chain_id" integer NOT NULL,
	"escrow_address" text NOT NULL,
	"signature" text NOT NULL,
	"description" text,
	"customer_email" text,
	"metadata" jsonb NOT NULL,
	"canceled_at" timestamp with time zone,
	"cancellation_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "app"."webhook_endpoint" (
	"id" text PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"url" text NOT NULL,
	"description" text,
	"enabled_events" text[] NOT NULL,
	"secret" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "app"."api_key" ADD COLUMN "name" text;--> statement-breakpoint
ALTER TABLE "app"."merchant" ADD COLUMN "payout_address" text;--> statement-breakpoint
ALTER TABLE "app"."merchant" ADD COLUMN "payout_schedule" text DEFAULT 'daily' NOT NULL;--> statement-breakpoint
ALTER TABLE "app"."merchant" ADD COLUMN "minimum_payouts" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "app"."merchant" ADD COLUMN "fee_bps" integer DEFAULT 100 NOT NULL;--> statement-breakpoint
ALTER TABLE "app"."merchant" ADD COLUMN "hold_period_seconds" integer DEFAULT 604800 NOT NULL;--> statement-breakpoint
ALTER TABLE "app"."idempotency_key" ADD CONSTRAINT "idempotency_key_merchant_id_merchant_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "app"."merchant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app"."merchant_wallet" ADD CONSTRAINT "merchant_wallet_merchant_id_merchant_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "app"."merchant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app"."payment_intent" ADD CONSTRAINT "payment_intent_merchant_id_merchant_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "app"."merchant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app"."webhook_endpoint" ADD CONSTRAINT "webhook_endpoint_merchant_id_merchant_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "app"."merchant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idempotency_key_created_at_index" ON "app"."idempotency_key" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "merchant_wallet_merchant_id_index" ON "app"."merchant_wallet" USING btree ("merchant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_intent_payment_id_index" ON "app"."payment_intent" USING btree ("payment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_intent_client_secret_index" ON "app"."payment_intent" USING btree ("client_secret");--> statement-breakpoint
CREATE INDEX "payment_intent_merchant_id_created_at_id_index" ON "app"."payment_intent" USING btree ("merchant_id","created_at","id");--> statement-breakpoint
CREATE INDEX "webhook_endpoint_merchant_id_index" ON "app"."webhook_endpoint" USING btree ("merchant_id") WHERE "app"."webhook_endpoint"."deleted_at" IS NULL;