CREATE TYPE "public"."access_request_status" AS ENUM('pending', 'queued', 'checked_out', 'denied', 'cancelled', 'checked_in', 'expired', 'revoked');--> statement-breakpoint
CREATE TABLE "access_policies" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"credential_id" uuid,
	"credential_group_id" uuid,
	"max_checkout_minutes" integer NOT NULL,
	"require_ticket" boolean DEFAULT false NOT NULL,
	"rotate_on_check_in" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "access_policies_pkey" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "access_policies_one_subject" CHECK (num_nonnulls("access_policies"."credential_id", "access_policies"."credential_group_id") = 1),
	CONSTRAINT "access_policies_window_range" CHECK ("access_policies"."max_checkout_minutes" between 1 and 10080)
);
--> statement-breakpoint
ALTER TABLE "access_policies" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "access_policy_approvers" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"policy_id" uuid NOT NULL,
	"membership_id" uuid,
	"user_group_id" uuid,
	CONSTRAINT "access_policy_approvers_pkey" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "access_policy_approvers_key" UNIQUE NULLS NOT DISTINCT("tenant_id","policy_id","membership_id","user_group_id"),
	CONSTRAINT "access_policy_approvers_one_approver" CHECK (num_nonnulls("access_policy_approvers"."membership_id", "access_policy_approvers"."user_group_id") = 1)
);
--> statement-breakpoint
ALTER TABLE "access_policy_approvers" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "access_requests" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"credential_id" uuid NOT NULL,
	"requester_membership_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"ticket_id" text,
	"window_minutes" integer NOT NULL,
	"status" "access_request_status" DEFAULT 'pending' NOT NULL,
	"decided_by_membership_id" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"rotate_on_check_in" boolean DEFAULT false NOT NULL,
	"queued_at" timestamp with time zone,
	"checked_out_at" timestamp with time zone,
	"window_ends_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"ended_by_membership_id" uuid,
	"rotation_run_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "access_requests_pkey" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "access_requests_window_range" CHECK ("access_requests"."window_minutes" between 1 and 10080),
	CONSTRAINT "access_requests_checkout_has_window" CHECK ("access_requests"."status" <> 'checked_out' or "access_requests"."window_ends_at" is not null)
);
--> statement-breakpoint
ALTER TABLE "access_requests" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "access_policies" ADD CONSTRAINT "access_policies_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_policies" ADD CONSTRAINT "access_policies_credential_fk" FOREIGN KEY ("tenant_id","credential_id") REFERENCES "public"."credentials"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_policies" ADD CONSTRAINT "access_policies_credential_group_fk" FOREIGN KEY ("tenant_id","credential_group_id") REFERENCES "public"."credential_groups"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_policy_approvers" ADD CONSTRAINT "access_policy_approvers_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_policy_approvers" ADD CONSTRAINT "access_policy_approvers_policy_fk" FOREIGN KEY ("tenant_id","policy_id") REFERENCES "public"."access_policies"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_policy_approvers" ADD CONSTRAINT "access_policy_approvers_membership_fk" FOREIGN KEY ("tenant_id","membership_id") REFERENCES "public"."memberships"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_policy_approvers" ADD CONSTRAINT "access_policy_approvers_user_group_fk" FOREIGN KEY ("tenant_id","user_group_id") REFERENCES "public"."user_groups"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_requests" ADD CONSTRAINT "access_requests_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_requests" ADD CONSTRAINT "access_requests_credential_fk" FOREIGN KEY ("tenant_id","credential_id") REFERENCES "public"."credentials"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_requests" ADD CONSTRAINT "access_requests_requester_fk" FOREIGN KEY ("tenant_id","requester_membership_id") REFERENCES "public"."memberships"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "access_policies_credential_key" ON "access_policies" USING btree ("tenant_id","credential_id") WHERE credential_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "access_policies_credential_group_key" ON "access_policies" USING btree ("tenant_id","credential_group_id") WHERE credential_group_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "access_requests_one_checkout_key" ON "access_requests" USING btree ("tenant_id","credential_id") WHERE status = 'checked_out';--> statement-breakpoint
CREATE UNIQUE INDEX "access_requests_one_open_key" ON "access_requests" USING btree ("tenant_id","credential_id","requester_membership_id") WHERE status in ('pending', 'queued', 'checked_out');--> statement-breakpoint
CREATE INDEX "access_requests_status_idx" ON "access_requests" USING btree ("tenant_id","status","created_at");--> statement-breakpoint
CREATE INDEX "access_requests_requester_idx" ON "access_requests" USING btree ("tenant_id","requester_membership_id","created_at");--> statement-breakpoint
CREATE POLICY "access_policies_tenant_isolation" ON "access_policies" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "access_policy_approvers_tenant_isolation" ON "access_policy_approvers" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "access_requests_tenant_isolation" ON "access_requests" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);