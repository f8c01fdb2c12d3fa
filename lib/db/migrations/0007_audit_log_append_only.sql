-- The audit log is append-only for everyone, the gateway's own database user included: rows may be
-- inserted, never changed or removed. (A superuser can still drop the trigger; that act is itself visible
-- in PostgreSQL's own log.)
CREATE FUNCTION "app"."audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'app.audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "audit_log_no_update_or_delete" BEFORE UPDATE OR DELETE ON "app"."audit_log"
  FOR EACH ROW EXECUTE FUNCTION "app"."audit_log_append_only"();
--> statement-breakpoint
CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "app"."audit_log"
  FOR EACH STATEMENT EXECUTE FUNCTION "app"."audit_log_append_only"();
