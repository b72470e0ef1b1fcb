CREATE TABLE "sso_identities" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"issuer" text NOT NULL,
	"subject" text NOT NULL,
	"user_id" uuid NOT NULL,
	"last_sign_in_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sso_identities_pkey" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "sso_identities" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "auth_sessions" ADD COLUMN "sso_tenant_id" uuid;--> statement-breakpoint
ALTER TABLE "sso_identities" ADD CONSTRAINT "sso_identities_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sso_identities" ADD CONSTRAINT "sso_identities_user_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "sso_identities_subject_key" ON "sso_identities" USING btree ("tenant_id","issuer","subject");--> statement-breakpoint
CREATE UNIQUE INDEX "sso_identities_user_key" ON "sso_identities" USING btree ("tenant_id","issuer","user_id");--> statement-breakpoint
ALTER TABLE "auth_sessions" ADD CONSTRAINT "auth_sessions_sso_tenant_id_tenants_id_fk" FOREIGN KEY ("sso_tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "sso_identities_tenant_isolation" ON "sso_identities" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
-- Whether a member must come through the workspace's identity provider to open it: the workspace requires SSO, and
-- they are not one of its break-glass owners with two-factor on. Asked while the request is scoped to its user only
-- (before the tenant is known), so it reads sso_connections on the definer's rights and answers a yes/no.
CREATE FUNCTION "public"."vaultline_sso_required"(tenant_id uuid, user_id uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT EXISTS (
      SELECT 1 FROM sso_connections c
        JOIN memberships m ON m.tenant_id = c.tenant_id AND m.user_id = $2
        JOIN users u ON u.id = m.user_id
       WHERE c.tenant_id = $1 AND c.enabled AND c.require_sso
         AND NOT (m.role = 'owner' AND m.user_id = ANY(c.break_glass_user_ids) AND u.totp_enabled_at IS NOT NULL)
    )
  $$;
--> statement-breakpoint
-- Password sign-in is refused only when it could open none of the user's workspaces: every active membership requires
-- SSO of them. A consultant in two workspaces, one requiring SSO, still signs in with a password to the other; the
-- one requiring SSO refuses that session at each request (vaultline_sso_required).
CREATE OR REPLACE FUNCTION "public"."vaultline_sso_refuses_password"(user_id uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = $1 AND m.status = 'active')
       AND NOT EXISTS (
         SELECT 1 FROM memberships m
          WHERE m.user_id = $1 AND m.status = 'active' AND NOT vaultline_sso_required(m.tenant_id, m.user_id)
       )
  $$;
