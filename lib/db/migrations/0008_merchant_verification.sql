ALTER TABLE "app"."merchant" ADD COLUMN "verified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "app"."merchant" ADD COLUMN "suspended_at" timestamp with time zone;--> statement-breakpoint
-- Merchants onboarded before verification existed were already taking payments: they count as verified.
UPDATE "app"."merchant" SET "verified_at" = "created_at";
