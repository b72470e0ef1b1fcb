ALTER TABLE "login_challenges" ADD COLUMN "email_code_hash" text;--> statement-breakpoint
ALTER TABLE "login_challenges" ADD COLUMN "email_code_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "login_challenges" ADD COLUMN "email_codes_sent" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "email_codes_enabled_at" timestamp with time zone;