CREATE TYPE "public"."agent_task_status" AS ENUM('queued', 'delivered', 'succeeded', 'failed', 'expired');--> statement-breakpoint
ALTER TYPE "public"."connector_kind" ADD VALUE 'agent';--> statement-breakpoint
ALTER TYPE "public"."rotation_run_status" ADD VALUE 'awaiting_agent';--> statement-breakpoint
CREATE TABLE "agent_checkins" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"agent_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"ip" text,
	"changes" text[] DEFAULT '{}'::text[] NOT NULL,
	"results" integer DEFAULT 0 NOT NULL,
	"tasks_sent" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "agent_checkins_pkey" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "agent_checkins" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "agent_enrollment_tokens" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"label" text NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"max_uses" integer,
	"uses" integer DEFAULT 0 NOT NULL,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agent_enrollment_tokens_pkey" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "agent_enrollment_tokens" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "agent_nonces" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"agent_id" uuid NOT NULL,
	"nonce" text NOT NULL,
	"seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agent_nonces_pkey" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "agent_nonces" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "agent_tasks" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"agent_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"username" text NOT NULL,
	"sealed_payload" text NOT NULL,
	"status" "agent_task_status" DEFAULT 'queued' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"deadline_at" timestamp with time zone NOT NULL,
	"error" text,
	CONSTRAINT "agent_tasks_pkey" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "agent_tasks" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "agents" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"device_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"machine_id" text NOT NULL,
	"secret_hash" text NOT NULL,
	"next_secret_hash" text,
	"reissue_requested_at" timestamp with time zone,
	"public_key" text NOT NULL,
	"hostname" text NOT NULL,
	"os_name" text DEFAULT '' NOT NULL,
	"os_version" text DEFAULT '' NOT NULL,
	"os_arch" text,
	"agent_version" text DEFAULT '' NOT NULL,
	"ips" text[] DEFAULT '{}'::text[] NOT NULL,
	"uptime_seconds" integer,
	"local_accounts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"checkin_interval_seconds" integer DEFAULT 60 NOT NULL,
	"last_seen_at" timestamp with time zone,
	"last_seen_ip" text,
	"offline_since" timestamp with time zone,
	"enrolled_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agents_pkey" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "agents" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
DROP INDEX "rotation_runs_one_active_key";--> statement-breakpoint
ALTER TABLE "rotation_schedules" ADD COLUMN "when_offline" text DEFAULT 'queue' NOT NULL;--> statement-breakpoint
ALTER TABLE "agent_checkins" ADD CONSTRAINT "agent_checkins_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_checkins" ADD CONSTRAINT "agent_checkins_agent_fk" FOREIGN KEY ("tenant_id","agent_id") REFERENCES "public"."agents"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_enrollment_tokens" ADD CONSTRAINT "agent_enrollment_tokens_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_enrollment_tokens" ADD CONSTRAINT "agent_enrollment_tokens_customer_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."customers"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_nonces" ADD CONSTRAINT "agent_nonces_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_nonces" ADD CONSTRAINT "agent_nonces_agent_fk" FOREIGN KEY ("tenant_id","agent_id") REFERENCES "public"."agents"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_tasks" ADD CONSTRAINT "agent_tasks_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_tasks" ADD CONSTRAINT "agent_tasks_agent_fk" FOREIGN KEY ("tenant_id","agent_id") REFERENCES "public"."agents"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_tasks" ADD CONSTRAINT "agent_tasks_run_fk" FOREIGN KEY ("tenant_id","run_id") REFERENCES "public"."rotation_runs"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agents" ADD CONSTRAINT "agents_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agents" ADD CONSTRAINT "agents_device_fk" FOREIGN KEY ("tenant_id","device_id") REFERENCES "public"."devices"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agents" ADD CONSTRAINT "agents_customer_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."customers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agent_checkins_agent_idx" ON "agent_checkins" USING btree ("tenant_id","agent_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "agent_enrollment_tokens_hash_key" ON "agent_enrollment_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "agent_enrollment_tokens_customer_idx" ON "agent_enrollment_tokens" USING btree ("tenant_id","customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "agent_nonces_key" ON "agent_nonces" USING btree ("tenant_id","agent_id","nonce");--> statement-breakpoint
CREATE INDEX "agent_nonces_seen_idx" ON "agent_nonces" USING btree ("seen_at");--> statement-breakpoint
CREATE UNIQUE INDEX "agent_tasks_run_key" ON "agent_tasks" USING btree ("tenant_id","run_id");--> statement-breakpoint
CREATE INDEX "agent_tasks_open_idx" ON "agent_tasks" USING btree ("tenant_id","agent_id") WHERE status in ('queued', 'delivered');--> statement-breakpoint
CREATE INDEX "agent_tasks_deadline_idx" ON "agent_tasks" USING btree ("deadline_at") WHERE status in ('queued', 'delivered');--> statement-breakpoint
CREATE UNIQUE INDEX "agents_device_key" ON "agents" USING btree ("tenant_id","device_id");--> statement-breakpoint
CREATE UNIQUE INDEX "agents_machine_key" ON "agents" USING btree ("tenant_id","machine_id");--> statement-breakpoint
CREATE INDEX "agents_last_seen_idx" ON "agents" USING btree ("last_seen_at") WHERE revoked_at is null;--> statement-breakpoint
CREATE UNIQUE INDEX "rotation_runs_one_active_key" ON "rotation_runs" USING btree ("tenant_id","credential_id") WHERE kind = 'rotation' and status not in ('succeeded', 'failed');--> statement-breakpoint
CREATE POLICY "agent_checkins_tenant_isolation" ON "agent_checkins" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "agent_enrollment_tokens_tenant_isolation" ON "agent_enrollment_tokens" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "agent_nonces_tenant_isolation" ON "agent_nonces" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "agent_tasks_tenant_isolation" ON "agent_tasks" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "agents_tenant_isolation" ON "agents" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
-- The agent sweep's one cross-tenant read: which tenants have agent tasks past their deadline, or agents that
-- stopped checking in and were not yet reported offline. Tenant ids only; the work runs under each tenant's RLS.
CREATE FUNCTION "public"."vaultline_tenants_with_agent_work"(at timestamptz) RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT tenant_id FROM agent_tasks WHERE status::text IN ('queued', 'delivered') AND deadline_at <= at
    UNION
    SELECT tenant_id FROM agents
     WHERE revoked_at IS NULL AND offline_since IS NULL AND last_seen_at IS NOT NULL
       AND last_seen_at < at - make_interval(secs => checkin_interval_seconds * 3)
  $$;
