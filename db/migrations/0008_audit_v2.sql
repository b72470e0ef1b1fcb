-- Audit trail v2: writers append without a per-tenant lock (an identity id instead of a per-tenant seq chained at
-- insert time); a sealer chains committed events with a keyed MAC into audit_seals. Existing events keep their
-- order (by time, then their old seq) and are sealed by the first sealer round.
ALTER TABLE "audit_events" DROP CONSTRAINT "audit_events_pkey";--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "id" bigint;--> statement-breakpoint
UPDATE "audit_events" SET "id" = ordered.n
  FROM (SELECT "tenant_id", "seq", row_number() OVER (ORDER BY "at", "tenant_id", "seq") AS n FROM "audit_events") AS ordered
  WHERE ordered."tenant_id" = "audit_events"."tenant_id" AND ordered."seq" = "audit_events"."seq";--> statement-breakpoint
ALTER TABLE "audit_events" ALTER COLUMN "id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_events" ALTER COLUMN "id" ADD GENERATED ALWAYS AS IDENTITY (sequence name "audit_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1);--> statement-breakpoint
SELECT setval('"audit_events_id_seq"', (SELECT coalesce(max("id"), 0) + 1 FROM "audit_events"), false);--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_pkey" PRIMARY KEY("tenant_id","id");--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "xact_id" "xid8" DEFAULT pg_current_xact_id() NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_events" DROP COLUMN "seq";--> statement-breakpoint
ALTER TABLE "audit_events" DROP COLUMN "prev_hash";--> statement-breakpoint
ALTER TABLE "audit_events" DROP COLUMN "hash";--> statement-breakpoint
CREATE INDEX "audit_events_tenant_xact_idx" ON "audit_events" USING btree ("tenant_id","xact_id");--> statement-breakpoint
CREATE TABLE "audit_keys" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"wrapped_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_keys" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "audit_keys" ADD CONSTRAINT "audit_keys_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "audit_keys_tenant_isolation" ON "audit_keys" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE TABLE "audit_seals" (
	"tenant_id" uuid NOT NULL,
	"seq" bigint NOT NULL,
	"event_id" bigint NOT NULL,
	"mac" text NOT NULL,
	"horizon" "xid8" NOT NULL,
	"sealed_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "audit_seals_pkey" PRIMARY KEY("tenant_id","seq"),
	CONSTRAINT "audit_seals_event_key" UNIQUE("tenant_id","event_id")
);
--> statement-breakpoint
ALTER TABLE "audit_seals" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "audit_seals" ADD CONSTRAINT "audit_seals_event_fk" FOREIGN KEY ("tenant_id","event_id") REFERENCES "public"."audit_events"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_seals" ADD CONSTRAINT "audit_seals_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_seals_sealed_at_idx" ON "audit_seals" USING btree ("sealed_at");--> statement-breakpoint
CREATE POLICY "audit_seals_tenant_isolation" ON "audit_seals" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
-- The schedulers' cross-tenant questions: which tenants have events the sealer has not chained yet, and which
-- sealed since a time (for anchoring). Tenant ids only; sealing and anchoring run under each tenant's RLS.
CREATE FUNCTION "public"."vaultline_tenants_with_unsealed_audit"() RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT t.id FROM tenants t WHERE EXISTS (
    SELECT 1 FROM audit_events e
    WHERE e.tenant_id = t.id
      AND e.xact_id >= coalesce((SELECT s.horizon FROM audit_seals s WHERE s.tenant_id = t.id ORDER BY s.seq DESC LIMIT 1), '0'::xid8)
      AND NOT EXISTS (SELECT 1 FROM audit_seals s WHERE s.tenant_id = e.tenant_id AND s.event_id = e.id)) $$;--> statement-breakpoint
CREATE FUNCTION "public"."vaultline_tenants_sealed_since"(since timestamptz) RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT DISTINCT tenant_id FROM audit_seals WHERE sealed_at >= since $$;
