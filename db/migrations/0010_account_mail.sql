CREATE TABLE "pending_sign_ups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"token_hash" text NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"company_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "pending_sign_ups_token_key" ON "pending_sign_ups" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "pending_sign_ups_email_idx" ON "pending_sign_ups" USING btree ("email");--> statement-breakpoint
CREATE INDEX "pending_sign_ups_expires_idx" ON "pending_sign_ups" USING btree ("expires_at");--> statement-breakpoint
-- Account mail no longer goes to workspace outboxes (issue #11 §2): remove what was filed there, and retire the
-- reset and verification links it carried (their owners can ask again). Pending invitations stay valid: an
-- invitation to an existing account only works for that account, signed in.
DELETE FROM "email_outbox" WHERE "text" ~ '/(reset-password|verify-email|invite)\?token=' OR "subject" IN ('Your Vaultline account was locked', 'Your two-factor authentication was reset');--> statement-breakpoint
UPDATE "user_tokens" SET "used_at" = now() WHERE "used_at" IS NULL;
