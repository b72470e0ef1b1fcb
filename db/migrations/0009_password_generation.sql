ALTER TABLE "credential_versions" ADD COLUMN "secret_generation" integer;--> statement-breakpoint
ALTER TABLE "credentials" ADD COLUMN "secret_generation" integer;