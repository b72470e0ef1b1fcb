CREATE TABLE "export_permissions" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"role" "member_role",
	"user_group_id" uuid,
	"membership_id" uuid,
	"allowed" boolean NOT NULL,
	"set_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "export_permissions_pkey" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "export_permissions_subject_key" UNIQUE NULLS NOT DISTINCT("tenant_id","role","user_group_id","membership_id"),
	CONSTRAINT "export_permissions_one_subject" CHECK (num_nonnulls("export_permissions"."role", "export_permissions"."user_group_id", "export_permissions"."membership_id") = 1),
	CONSTRAINT "export_permissions_not_owner" CHECK ("export_permissions"."role" is distinct from 'owner')
);
--> statement-breakpoint
ALTER TABLE "export_permissions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "export_permissions" ADD CONSTRAINT "export_permissions_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "export_permissions" ADD CONSTRAINT "export_permissions_group_fk" FOREIGN KEY ("tenant_id","user_group_id") REFERENCES "public"."user_groups"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "export_permissions" ADD CONSTRAINT "export_permissions_membership_fk" FOREIGN KEY ("tenant_id","membership_id") REFERENCES "public"."memberships"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "export_permissions_tenant_isolation" ON "export_permissions" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);