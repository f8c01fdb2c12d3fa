CREATE TABLE "app"."dispute_note" (
	"id" text PRIMARY KEY NOT NULL,
	"payment_intent_id" text NOT NULL,
	"merchant_id" text NOT NULL,
	"body" text NOT NULL,
	"author" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "app"."dispute_note" ADD CONSTRAINT "dispute_note_payment_intent_id_payment_intent_id_fk" FOREIGN KEY ("payment_intent_id") REFERENCES "app"."payment_intent"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app"."dispute_note" ADD CONSTRAINT "dispute_note_merchant_id_merchant_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "app"."merchant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dispute_note_payment_intent_id_created_at_index" ON "app"."dispute_note" USING btree ("payment_intent_id","created_at");