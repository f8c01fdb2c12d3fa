ALTER TABLE "app"."payment_intent" ADD COLUMN "expired_at" timestamp with time zone;--> statement-breakpoint
-- Intents already announced expired are closed from the moment they were announced.
UPDATE "app"."payment_intent" SET "expired_at" = "event"."created_at"
  FROM "app"."event"
  WHERE "event"."source" = 'payment_intent:' || "payment_intent"."id" || ':expired';
