CREATE TABLE "app"."audit_log" (
	"id" text PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_kind" text NOT NULL,
	"actor_id" text,
	"merchant_id" text,
	"action" text NOT NULL,
	"target" text,
	"before" jsonb,
	"after" jsonb,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "app"."console_session" (
	"id_hash" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"csrf_token" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ip" text,
	"user_agent" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "app"."console_token" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"purpose" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "app"."console_user" (
	"id" text PRIMARY KEY NOT NULL,
	"role" text NOT NULL,
	"merchant_id" text,
	"email" text NOT NULL,
	"password_hash" text,
	"failed_sign_ins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "console_user_merchant_by_role" CHECK (("app"."console_user"."role" = 'admin') = ("app"."console_user"."merchant_id" IS NULL))
);
--> statement-breakpoint
ALTER TABLE "app"."console_session" ADD CONSTRAINT "console_session_user_id_console_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "app"."console_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app"."console_token" ADD CONSTRAINT "console_token_user_id_console_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "app"."console_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app"."console_user" ADD CONSTRAINT "console_user_merchant_id_merchant_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "app"."merchant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_merchant_id_at_index" ON "app"."audit_log" USING btree ("merchant_id","at");--> statement-breakpoint
CREATE INDEX "audit_log_at_index" ON "app"."audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "console_session_user_id_index" ON "app"."console_session" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "console_token_user_id_index" ON "app"."console_token" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "console_user_role_email_index" ON "app"."console_user" USING btree ("role","email");