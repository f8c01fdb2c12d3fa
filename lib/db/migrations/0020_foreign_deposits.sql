-- Transfers on one chain to the deposit address an intent has on another (a buyer on the wrong network), and
-- the chain a refund sending one back goes out on.
CREATE TABLE "app"."foreign_deposit" (
	"chain_id" integer NOT NULL,
	"payment_intent_id" text NOT NULL,
	"token" text NOT NULL,
	"sender" text NOT NULL,
	"amount" numeric(78, 0) NOT NULL,
	"transaction_hash" text NOT NULL,
	"log_index" integer NOT NULL,
	"block_number" numeric(78, 0) NOT NULL,
	"block_timestamp" timestamp with time zone NOT NULL,
	"refund_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "foreign_deposit_chain_id_transaction_hash_log_index_pk" PRIMARY KEY("chain_id","transaction_hash","log_index")
);
--> statement-breakpoint
ALTER TABLE "app"."refund" ADD COLUMN "chain_id" integer;--> statement-breakpoint
ALTER TABLE "app"."foreign_deposit" ADD CONSTRAINT "foreign_deposit_payment_intent_id_payment_intent_id_fk" FOREIGN KEY ("payment_intent_id") REFERENCES "app"."payment_intent"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app"."foreign_deposit" ADD CONSTRAINT "foreign_deposit_refund_id_refund_id_fk" FOREIGN KEY ("refund_id") REFERENCES "app"."refund"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "foreign_deposit_payment_intent_id_index" ON "app"."foreign_deposit" USING btree ("payment_intent_id");
