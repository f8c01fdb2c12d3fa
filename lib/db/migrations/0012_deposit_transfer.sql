CREATE TABLE "app"."deposit_scan_cursor" (
	"escrow_address" text PRIMARY KEY NOT NULL,
	"block_number" numeric(78, 0) NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "app"."deposit_transfer" (
	"payment_intent_id" text NOT NULL,
	"token" text NOT NULL,
	"sender" text NOT NULL,
	"amount" numeric(78, 0) NOT NULL,
	"transaction_hash" text NOT NULL,
	"log_index" integer NOT NULL,
	"block_number" numeric(78, 0) NOT NULL,
	"block_timestamp" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deposit_transfer_transaction_hash_log_index_pk" PRIMARY KEY("transaction_hash","log_index")
);
--> statement-breakpoint
ALTER TABLE "app"."deposit_transfer" ADD CONSTRAINT "deposit_transfer_payment_intent_id_payment_intent_id_fk" FOREIGN KEY ("payment_intent_id") REFERENCES "app"."payment_intent"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deposit_transfer_payment_intent_id_token_index" ON "app"."deposit_transfer" USING btree ("payment_intent_id","token");