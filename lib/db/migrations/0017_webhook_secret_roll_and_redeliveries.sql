ALTER TABLE "app"."webhook_delivery" ADD COLUMN "redeliveries" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "app"."webhook_endpoint" ADD COLUMN "previous_secret" text;--> statement-breakpoint
ALTER TABLE "app"."webhook_endpoint" ADD COLUMN "previous_secret_expires_at" timestamp with time zone;