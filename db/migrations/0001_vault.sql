CREATE TYPE "public"."built_in_policy" AS ENUM('low', 'medium', 'strong');--> statement-breakpoint
CREATE TYPE "public"."credential_kind" AS ENUM('password', 'ssh_key', 'api_key', 'pin', 'wifi', 'database', 'certificate');--> statement-breakpoint
CREATE TABLE "password_policies" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"built_in" "built_in_policy",
	"min_length" integer NOT NULL,
	"max_length" integer NOT NULL,
	"require_lowercase" boolean NOT NULL,
	"require_uppercase" boolean NOT NULL,
	"require_digit" boolean NOT NULL,
	"require_symbol" boolean NOT NULL,
	"forbidden_characters" text DEFAULT '' NOT NULL,
	"max_age_days" integer,
	"no_reuse_last" integer DEFAULT 0 NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "password_policies_pkey" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "password_policies" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "credential_versions" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"credential_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"changed_fields" text[] NOT NULL,
	"secret" text,
	"changed_by" uuid NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"override_reason" text,
	CONSTRAINT "credential_versions_pkey" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "credential_versions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "credentials" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"contact_id" uuid,
	"device_id" uuid,
	"kind" "credential_kind" DEFAULT 'password' NOT NULL,
	"name" text NOT NULL,
	"username" text DEFAULT '' NOT NULL,
	"secret" text NOT NULL,
	"domain" text DEFAULT '' NOT NULL,
	"login_url" text DEFAULT '' NOT NULL,
	"notes" text,
	"totp_seed" text,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"custom_fields" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"policy_id" uuid,
	"expires_at" timestamp with time zone,
	"password_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid NOT NULL,
	"updated_by" uuid NOT NULL,
	"deleted_at" timestamp with time zone,
	"deleted_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credentials_pkey" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "credentials_one_target" CHECK ("credentials"."contact_id" is null or "credentials"."device_id" is null),
	CONSTRAINT "credentials_login_url_http" CHECK ("credentials"."login_url" = '' or "credentials"."login_url" ~* '^https?://')
);
--> statement-breakpoint
ALTER TABLE "credentials" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "password_policy_id" uuid;--> statement-breakpoint
ALTER TABLE "password_policies" ADD CONSTRAINT "password_policies_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credential_versions" ADD CONSTRAINT "credential_versions_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credential_versions" ADD CONSTRAINT "credential_versions_credential_fk" FOREIGN KEY ("tenant_id","credential_id") REFERENCES "public"."credentials"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credentials" ADD CONSTRAINT "credentials_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credentials" ADD CONSTRAINT "credentials_customer_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."customers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "contacts_tenant_customer_id_key" ON "contacts" USING btree ("tenant_id","customer_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "devices_tenant_customer_id_key" ON "devices" USING btree ("tenant_id","customer_id","id");--> statement-breakpoint
ALTER TABLE "credentials" ADD CONSTRAINT "credentials_contact_fk" FOREIGN KEY ("tenant_id","customer_id","contact_id") REFERENCES "public"."contacts"("tenant_id","customer_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credentials" ADD CONSTRAINT "credentials_device_fk" FOREIGN KEY ("tenant_id","customer_id","device_id") REFERENCES "public"."devices"("tenant_id","customer_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credentials" ADD CONSTRAINT "credentials_policy_fk" FOREIGN KEY ("tenant_id","policy_id") REFERENCES "public"."password_policies"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "password_policies_tenant_name_key" ON "password_policies" USING btree ("tenant_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "password_policies_one_default" ON "password_policies" USING btree ("tenant_id") WHERE is_default;--> statement-breakpoint
CREATE INDEX "password_policies_tenant_idx" ON "password_policies" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "credential_versions_credential_idx" ON "credential_versions" USING btree ("tenant_id","credential_id","version");--> statement-breakpoint
CREATE INDEX "credentials_tenant_customer_idx" ON "credentials" USING btree ("tenant_id","customer_id") WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "credentials_tenant_contact_idx" ON "credentials" USING btree ("tenant_id","contact_id") WHERE contact_id is not null;--> statement-breakpoint
CREATE INDEX "credentials_tenant_device_idx" ON "credentials" USING btree ("tenant_id","device_id") WHERE device_id is not null;--> statement-breakpoint
CREATE INDEX "credentials_tenant_deleted_idx" ON "credentials" USING btree ("tenant_id","deleted_at") WHERE deleted_at is not null;--> statement-breakpoint
CREATE INDEX "credentials_tenant_name_idx" ON "credentials" USING btree ("tenant_id","name");--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_policy_fk" FOREIGN KEY ("tenant_id","password_policy_id") REFERENCES "public"."password_policies"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "password_policies_tenant_isolation" ON "password_policies" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "credential_versions_tenant_isolation" ON "credential_versions" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "credentials_tenant_isolation" ON "credentials" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);