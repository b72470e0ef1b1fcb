CREATE TYPE "public"."login_status" AS ENUM('unknown', 'working', 'not_working');--> statement-breakpoint
CREATE TYPE "public"."connector_kind" AS ENUM('postgres', 'mysql', 'ssh', 'ldap', 'manual');--> statement-breakpoint
CREATE TYPE "public"."rotation_run_kind" AS ENUM('rotation', 'health_check');--> statement-breakpoint
CREATE TYPE "public"."rotation_run_status" AS ENUM('queued', 'running', 'awaiting_technician', 'succeeded', 'failed');--> statement-breakpoint
CREATE TABLE "rotation_runs" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"credential_id" uuid NOT NULL,
	"kind" "rotation_run_kind" DEFAULT 'rotation' NOT NULL,
	"status" "rotation_run_status" DEFAULT 'queued' NOT NULL,
	"step" text,
	"trigger" text NOT NULL,
	"triggered_by" uuid,
	"schedule_id" uuid,
	"connector" "connector_kind" NOT NULL,
	"pending_secret" text,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "rotation_runs_pkey" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "rotation_runs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "rotation_schedules" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"credential_id" uuid,
	"customer_id" uuid,
	"every_days" integer,
	"cron" text,
	"next_run_at" timestamp with time zone NOT NULL,
	"last_run_at" timestamp with time zone,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rotation_schedules_pkey" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "rotation_schedules_one_scope" CHECK (("rotation_schedules"."credential_id" is null) <> ("rotation_schedules"."customer_id" is null)),
	CONSTRAINT "rotation_schedules_one_rule" CHECK (("rotation_schedules"."every_days" is null) <> ("rotation_schedules"."cron" is null)),
	CONSTRAINT "rotation_schedules_every_days_range" CHECK ("rotation_schedules"."every_days" is null or "rotation_schedules"."every_days" between 1 and 3650)
);
--> statement-breakpoint
ALTER TABLE "rotation_schedules" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "rotation_targets" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"credential_id" uuid NOT NULL,
	"connector" "connector_kind" NOT NULL,
	"host" text DEFAULT '' NOT NULL,
	"port" integer,
	"options" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"privileged_credential_id" uuid,
	"health_check" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rotation_targets_pkey" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "rotation_targets_not_self_privileged" CHECK ("rotation_targets"."privileged_credential_id" is null or "rotation_targets"."privileged_credential_id" <> "rotation_targets"."credential_id"),
	CONSTRAINT "rotation_targets_port_range" CHECK ("rotation_targets"."port" is null or "rotation_targets"."port" between 1 and 65535)
);
--> statement-breakpoint
ALTER TABLE "rotation_targets" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "job_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"data" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"dispatched_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "job_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"function_id" text NOT NULL,
	"event_name" text NOT NULL,
	"data" jsonb NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"run_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attempt" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"concurrency_keys" text[] DEFAULT '{}'::text[] NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "job_steps" (
	"run_id" uuid NOT NULL,
	"step_id" text NOT NULL,
	"output" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "job_steps_pkey" PRIMARY KEY("run_id","step_id")
);
--> statement-breakpoint
ALTER TABLE "tenants" ALTER COLUMN "settings" SET DEFAULT '{"idleTimeoutMinutes":30,"absoluteTimeoutHours":12,"requireTwoFactor":false,"terminology":"customers","allowPrivateTargets":false}'::jsonb;--> statement-breakpoint
ALTER TABLE "credential_versions" ALTER COLUMN "changed_by" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "credentials" ALTER COLUMN "updated_by" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "credentials" ADD COLUMN "login_status" "login_status" DEFAULT 'unknown' NOT NULL;--> statement-breakpoint
ALTER TABLE "credentials" ADD COLUMN "login_checked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "credentials" ADD COLUMN "login_error" text;--> statement-breakpoint
ALTER TABLE "rotation_runs" ADD CONSTRAINT "rotation_runs_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotation_runs" ADD CONSTRAINT "rotation_runs_credential_fk" FOREIGN KEY ("tenant_id","credential_id") REFERENCES "public"."credentials"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotation_schedules" ADD CONSTRAINT "rotation_schedules_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotation_schedules" ADD CONSTRAINT "rotation_schedules_credential_fk" FOREIGN KEY ("tenant_id","credential_id") REFERENCES "public"."credentials"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotation_schedules" ADD CONSTRAINT "rotation_schedules_customer_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."customers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotation_targets" ADD CONSTRAINT "rotation_targets_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotation_targets" ADD CONSTRAINT "rotation_targets_credential_fk" FOREIGN KEY ("tenant_id","credential_id") REFERENCES "public"."credentials"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotation_targets" ADD CONSTRAINT "rotation_targets_privileged_fk" FOREIGN KEY ("tenant_id","privileged_credential_id") REFERENCES "public"."credentials"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_steps" ADD CONSTRAINT "job_steps_run_id_job_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."job_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "rotation_runs_one_active_key" ON "rotation_runs" USING btree ("tenant_id","credential_id") WHERE kind = 'rotation' and status in ('queued', 'running', 'awaiting_technician');--> statement-breakpoint
CREATE INDEX "rotation_runs_tenant_created_idx" ON "rotation_runs" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "rotation_runs_credential_idx" ON "rotation_runs" USING btree ("tenant_id","credential_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "rotation_schedules_credential_key" ON "rotation_schedules" USING btree ("tenant_id","credential_id") WHERE credential_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "rotation_schedules_customer_key" ON "rotation_schedules" USING btree ("tenant_id","customer_id") WHERE customer_id is not null;--> statement-breakpoint
CREATE INDEX "rotation_schedules_due_idx" ON "rotation_schedules" USING btree ("next_run_at") WHERE enabled;--> statement-breakpoint
CREATE UNIQUE INDEX "rotation_targets_credential_key" ON "rotation_targets" USING btree ("tenant_id","credential_id");--> statement-breakpoint
CREATE INDEX "job_events_pending_idx" ON "job_events" USING btree ("created_at") WHERE dispatched_at is null;--> statement-breakpoint
CREATE INDEX "job_runs_due_idx" ON "job_runs" USING btree ("run_at") WHERE status in ('queued', 'running');--> statement-breakpoint
CREATE UNIQUE INDEX "job_runs_one_cron_timer_key" ON "job_runs" USING btree ("function_id") WHERE event_name = 'cron' and status in ('queued', 'running');--> statement-breakpoint
CREATE POLICY "rotation_runs_tenant_isolation" ON "rotation_runs" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "rotation_schedules_tenant_isolation" ON "rotation_schedules" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "rotation_targets_tenant_isolation" ON "rotation_targets" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
-- The one cross-tenant read the scheduler needs: which tenants have a schedule due. It returns tenant ids only;
-- the rotations themselves start inside each tenant's own RLS scope.
CREATE FUNCTION "public"."vaultline_tenants_due_for_rotation"(due_at timestamptz) RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT DISTINCT tenant_id FROM rotation_schedules WHERE enabled AND next_run_at <= due_at $$;
