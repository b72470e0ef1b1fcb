CREATE TABLE "sso_connections" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"issuer" text NOT NULL,
	"client_id" text NOT NULL,
	"client_secret" text,
	"allowed_domains" text[] DEFAULT '{}' NOT NULL,
	"jit_enabled" boolean DEFAULT false NOT NULL,
	"default_role" "member_role" DEFAULT 'readonly' NOT NULL,
	"role_claim" text DEFAULT 'groups' NOT NULL,
	"role_mappings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"require_sso" boolean DEFAULT false NOT NULL,
	"break_glass_user_ids" uuid[] DEFAULT '{}' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sso_connections_pkey" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "sso_connections" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "users" ALTER COLUMN "password_hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "sso_connections" ADD CONSTRAINT "sso_connections_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "sso_connections_tenant_key" ON "sso_connections" USING btree ("tenant_id");--> statement-breakpoint
CREATE POLICY "sso_connections_tenant_isolation" ON "sso_connections" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
-- Single sign-on's two cross-tenant questions, answered before any tenant is chosen. Tenant ids and a yes/no only;
-- everything else runs under the tenant's RLS.
-- Which workspaces let a work email's domain sign in with SSO (the sign-in page's lookup by email).
CREATE FUNCTION "public"."vaultline_sso_tenants_for_domain"(domain text) RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT tenant_id FROM sso_connections WHERE enabled AND domain = ANY(allowed_domains)
  $$;
--> statement-breakpoint
-- Whether password sign-in is refused to a user: they are an active member of a workspace that requires SSO, and not
-- one of its break-glass owners with two-factor on.
CREATE FUNCTION "public"."vaultline_sso_refuses_password"(user_id uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT EXISTS (
      SELECT 1 FROM memberships m
        JOIN sso_connections c ON c.tenant_id = m.tenant_id
        JOIN users u ON u.id = m.user_id
       WHERE m.user_id = $1 AND m.status = 'active' AND c.enabled AND c.require_sso
         AND NOT (m.role = 'owner' AND m.user_id = ANY(c.break_glass_user_ids) AND u.totp_enabled_at IS NOT NULL)
    )
  $$;
