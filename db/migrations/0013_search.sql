-- Tenant-wide search (#12): what a search matches on a credential, lower-cased in one column the database keeps
-- (description, username, domain, login URL, tags; never a secret), and trigram indexes for "contains". The indexes
-- take each write at once (fastupdate off): passwords change seldom, and a pending list would be read by every search.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
-- array_to_string is only STABLE (it formats any element type); for text[] it cannot change, and a generated column
-- needs an IMMUTABLE expression.
CREATE FUNCTION "public"."vaultline_lines"(text[]) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT array_to_string($1, chr(10)) $$;--> statement-breakpoint
ALTER TABLE "credentials" ADD COLUMN "search" text GENERATED ALWAYS AS (lower("credentials"."name" || chr(10) || "credentials"."username" || chr(10) || "credentials"."domain" || chr(10) || "credentials"."login_url" || chr(10) || vaultline_lines("credentials"."tags"))) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "customers_name_search_idx" ON "customers" USING gin ("name" gin_trgm_ops) WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "credentials_search_idx" ON "credentials" USING gin ("search" gin_trgm_ops) WITH (fastupdate=false);--> statement-breakpoint
-- The live credentials of the current tenant whose search column contains `pattern` (an ILIKE pattern: %, _ and \
-- as ILIKE reads them) or whose customer's name does, by id and name. Row-level security cannot use a trigram index:
-- LIKE is not leakproof, so PostgreSQL checks the policy on every row before it (a scan of the whole tenant). This
-- function runs as the schema owner, which may read past the policy, as the audit scheduler's functions do, and
-- applies the policy's own condition (tenant_id = app.tenant_id) itself: it answers for the current tenant only, ids
-- and names only. Callers apply what else a member may see.
CREATE FUNCTION "public"."vaultline_search_credentials"(pattern text) RETURNS TABLE (id uuid, name text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT c.id, c.name FROM credentials c
    WHERE c.tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid AND c.deleted_at IS NULL
      AND (c.search LIKE lower(pattern) OR c.customer_id = ANY (ARRAY(SELECT cu.id FROM customers cu
        WHERE cu.tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid AND cu.name ILIKE pattern))) $$;
