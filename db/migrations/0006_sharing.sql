CREATE TYPE "public"."credential_group_kind" AS ENUM('static', 'dynamic');--> statement-breakpoint
CREATE TYPE "public"."share_level" AS ENUM('view', 'modify', 'full');--> statement-breakpoint
CREATE TABLE "credential_group_members" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"group_id" uuid NOT NULL,
	"credential_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credential_group_members_pkey" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "credential_group_members" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "credential_groups" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"kind" "credential_group_kind" NOT NULL,
	"criteria" jsonb,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credential_groups_pkey" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "credential_groups_criteria_kind" CHECK (("credential_groups"."kind" = 'dynamic') = ("credential_groups"."criteria" is not null))
);
--> statement-breakpoint
ALTER TABLE "credential_groups" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "shares" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"credential_id" uuid,
	"customer_id" uuid,
	"credential_group_id" uuid,
	"membership_id" uuid,
	"user_group_id" uuid,
	"level" "share_level" NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "shares_pkey" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "shares_subject_grantee_key" UNIQUE NULLS NOT DISTINCT("tenant_id","credential_id","customer_id","credential_group_id","membership_id","user_group_id"),
	CONSTRAINT "shares_one_subject" CHECK (num_nonnulls("shares"."credential_id", "shares"."customer_id", "shares"."credential_group_id") = 1),
	CONSTRAINT "shares_one_grantee" CHECK (num_nonnulls("shares"."membership_id", "shares"."user_group_id") = 1)
);
--> statement-breakpoint
ALTER TABLE "shares" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "tenants" ALTER COLUMN "settings" SET DEFAULT '{"idleTimeoutMinutes":30,"absoluteTimeoutHours":12,"requireTwoFactor":false,"terminology":"customers","allowPrivateTargets":false,"restrictTechniciansToShared":false}'::jsonb;--> statement-breakpoint
ALTER TABLE "credentials" ADD COLUMN "copy_only" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "credential_group_members" ADD CONSTRAINT "credential_group_members_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credential_group_members" ADD CONSTRAINT "credential_group_members_group_fk" FOREIGN KEY ("tenant_id","group_id") REFERENCES "public"."credential_groups"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credential_group_members" ADD CONSTRAINT "credential_group_members_credential_fk" FOREIGN KEY ("tenant_id","credential_id") REFERENCES "public"."credentials"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credential_groups" ADD CONSTRAINT "credential_groups_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shares" ADD CONSTRAINT "shares_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shares" ADD CONSTRAINT "shares_credential_fk" FOREIGN KEY ("tenant_id","credential_id") REFERENCES "public"."credentials"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shares" ADD CONSTRAINT "shares_customer_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."customers"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shares" ADD CONSTRAINT "shares_credential_group_fk" FOREIGN KEY ("tenant_id","credential_group_id") REFERENCES "public"."credential_groups"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shares" ADD CONSTRAINT "shares_membership_fk" FOREIGN KEY ("tenant_id","membership_id") REFERENCES "public"."memberships"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shares" ADD CONSTRAINT "shares_user_group_fk" FOREIGN KEY ("tenant_id","user_group_id") REFERENCES "public"."user_groups"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "credential_group_members_group_credential_key" ON "credential_group_members" USING btree ("tenant_id","group_id","credential_id");--> statement-breakpoint
CREATE INDEX "credential_group_members_credential_idx" ON "credential_group_members" USING btree ("tenant_id","credential_id");--> statement-breakpoint
CREATE UNIQUE INDEX "credential_groups_tenant_name_key" ON "credential_groups" USING btree ("tenant_id","name");--> statement-breakpoint
CREATE INDEX "shares_credential_idx" ON "shares" USING btree ("tenant_id","credential_id") WHERE credential_id is not null;--> statement-breakpoint
CREATE INDEX "shares_customer_idx" ON "shares" USING btree ("tenant_id","customer_id") WHERE customer_id is not null;--> statement-breakpoint
CREATE INDEX "shares_credential_group_idx" ON "shares" USING btree ("tenant_id","credential_group_id") WHERE credential_group_id is not null;--> statement-breakpoint
CREATE INDEX "shares_membership_idx" ON "shares" USING btree ("tenant_id","membership_id") WHERE membership_id is not null;--> statement-breakpoint
CREATE INDEX "shares_user_group_idx" ON "shares" USING btree ("tenant_id","user_group_id") WHERE user_group_id is not null;--> statement-breakpoint
CREATE POLICY "credential_group_members_tenant_isolation" ON "credential_group_members" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "credential_groups_tenant_isolation" ON "credential_groups" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "shares_tenant_isolation" ON "shares" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);