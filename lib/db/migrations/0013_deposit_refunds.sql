ALTER TABLE "app"."refund" ADD COLUMN "source" text DEFAULT 'escrow' NOT NULL;--> statement-breakpoint
ALTER TABLE "app"."refund" ADD COLUMN "token" text;--> statement-breakpoint
ALTER TABLE "app"."refund" ADD COLUMN "destination" text;