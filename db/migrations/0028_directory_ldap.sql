CREATE TABLE "directory_accounts" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"dn" text NOT NULL,
	"user_id" uuid NOT NULL,
	"signs_in_with_directory" boolean DEFAULT false NOT NULL,
	"deactivated_by_sync" boolean DEFAULT false NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "directory_accounts_pkey" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "directory_accounts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "directory_connections" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"url" text NOT NULL,
	"start_tls" boolean DEFAULT false NOT NULL,
	"ca_certificate" text DEFAULT '' NOT NULL,
	"bind_dn" text NOT NULL,
	"bind_password" text,
	"base_dn" text NOT NULL,
	"user_filter" text NOT NULL,
	"email_attribute" text DEFAULT 'mail' NOT NULL,
	"name_attribute" text DEFAULT 'cn' NOT NULL,
	"disabled_filter" text NOT NULL,
	"group_filter" text DEFAULT '' NOT NULL,
	"group_member_attribute" text DEFAULT 'member' NOT NULL,
	"default_role" "member_role" DEFAULT 'readonly' NOT NULL,
	"sync_interval_minutes" integer DEFAULT 60 NOT NULL,
	"last_sync_at" timestamp with time zone,
	"last_sync_summary" jsonb,
	"last_sync_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "directory_connections_pkey" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "directory_connections" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "directory_groups" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"dn" text NOT NULL,
	"group_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "directory_groups_pkey" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "directory_groups" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "directory_accounts" ADD CONSTRAINT "directory_accounts_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_accounts" ADD CONSTRAINT "directory_accounts_user_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_connections" ADD CONSTRAINT "directory_connections_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_groups" ADD CONSTRAINT "directory_groups_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_groups" ADD CONSTRAINT "directory_groups_group_fk" FOREIGN KEY ("tenant_id","group_id") REFERENCES "public"."user_groups"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "directory_accounts_dn_key" ON "directory_accounts" USING btree ("tenant_id","dn");--> statement-breakpoint
CREATE UNIQUE INDEX "directory_accounts_user_key" ON "directory_accounts" USING btree ("tenant_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "directory_connections_tenant_key" ON "directory_connections" USING btree ("tenant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "directory_groups_dn_key" ON "directory_groups" USING btree ("tenant_id","dn");--> statement-breakpoint
CREATE UNIQUE INDEX "directory_groups_group_key" ON "directory_groups" USING btree ("tenant_id","group_id");--> statement-breakpoint
CREATE POLICY "directory_accounts_tenant_isolation" ON "directory_accounts" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "directory_connections_tenant_isolation" ON "directory_connections" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "directory_groups_tenant_isolation" ON "directory_groups" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
-- Which workspaces check this user's password against their directory: the connection is on, has a bind password,
-- and the user is an active member there whom the sync created (existing accounts keep their own password).
-- Asked during sign-in while the request is scoped to no tenant,
-- so it reads the tenant tables on the definer's rights and answers tenant ids only.
CREATE FUNCTION "public"."vaultline_directory_logins"(user_id uuid) RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT c.tenant_id FROM directory_connections c
      JOIN directory_accounts a ON a.tenant_id = c.tenant_id AND a.user_id = $1 AND a.signs_in_with_directory
      JOIN memberships m ON m.tenant_id = c.tenant_id AND m.user_id = $1 AND m.status = 'active'
     WHERE c.enabled AND c.bind_password IS NOT NULL
     ORDER BY c.tenant_id
  $$;
--> statement-breakpoint
-- For the scheduler: workspaces whose directory is on and due for its re-sync at due_at.
CREATE FUNCTION "public"."vaultline_tenants_due_for_directory_sync"(due_at timestamptz) RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT tenant_id FROM directory_connections
     WHERE enabled AND bind_password IS NOT NULL
       AND (last_sync_at IS NULL OR last_sync_at + make_interval(mins => sync_interval_minutes) <= due_at)
  $$;
