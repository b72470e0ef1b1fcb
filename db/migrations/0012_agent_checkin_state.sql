-- Check-in state on the agent row (issue #12): the replay window's nonces move onto the row the check-in updates
-- anyway, and a hash of the last inventory lets an unchanged report write last-seen only.
DROP TABLE "agent_nonces" CASCADE;--> statement-breakpoint
-- Unused (the sweep compares last_seen_at with each row's own interval), and it kept every last-seen update from being HOT.
DROP INDEX "agents_last_seen_idx";--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "inventory_hash" text;--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "recent_nonces" jsonb DEFAULT '{}'::jsonb NOT NULL;
