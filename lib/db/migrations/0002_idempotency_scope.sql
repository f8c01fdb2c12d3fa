ALTER TABLE "app"."idempotency_key" RENAME COLUMN "merchant_id" TO "scope";--> statement-breakpoint
ALTER TABLE "app"."idempotency_key" DROP CONSTRAINT "idempotency_key_merchant_id_merchant_id_fk";
--> statement-breakpoint
ALTER TABLE "app"."idempotency_key" DROP CONSTRAINT "idempotency_key_merchant_id_key_pk";--> statement-breakpoint
ALTER TABLE "app"."idempotency_key" ADD CONSTRAINT "idempotency_key_scope_key_pk" PRIMARY KEY("scope","key");