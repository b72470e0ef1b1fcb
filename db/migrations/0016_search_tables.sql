CREATE TABLE "credential_search" (
	"tenant_id" uuid NOT NULL,
	"credential_id" uuid NOT NULL,
	"name" text NOT NULL,
	"search" text NOT NULL,
	CONSTRAINT "credential_search_pkey" PRIMARY KEY("tenant_id","credential_id")
);
--> statement-breakpoint
ALTER TABLE "credential_search" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
DROP INDEX "credentials_search_idx";--> statement-breakpoint
ALTER TABLE "credential_search" ADD CONSTRAINT "credential_search_credential_fk" FOREIGN KEY ("tenant_id","credential_id") REFERENCES "public"."credentials"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "credential_search_idx" ON "credential_search" USING gin ("search" gin_trgm_ops) WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "contacts_name_search_idx" ON "contacts" USING gin ("name" gin_trgm_ops) WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "contacts_email_search_idx" ON "contacts" USING gin ("email" gin_trgm_ops) WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "devices_name_search_idx" ON "devices" USING gin ("name" gin_trgm_ops) WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "devices_hostname_search_idx" ON "devices" USING gin ("hostname" gin_trgm_ops) WITH (fastupdate=false);--> statement-breakpoint
CREATE POLICY "credential_search_tenant_isolation" ON "credential_search" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
-- credential_search (#12) holds, per live credential, its name and what a search matches: the credential's own search
-- column and its customer's name, one field a line. Its rows are a third the size of a credential's: a search rechecks
-- every match on its row, so a common term (a tag on a sixth of the vault) reads a third of the pages it read on
-- credentials. The GIN index on credentials.search is dropped above: nothing reads it any more (a list of one
-- customer, contact or device, or the trash, filters its rows one by one). Kept by the triggers below, as the role
-- that writes the credential (the rows pass the same tenant policy).
CREATE FUNCTION "public"."vaultline_credential_search_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO credential_search (tenant_id, credential_id, name, search)
    SELECT n.tenant_id, n.id, n.name, n.search || chr(10) || lower(cu.name)
    FROM new_credentials n JOIN customers cu ON cu.tenant_id = n.tenant_id AND cu.id = n.customer_id
    WHERE n.deleted_at IS NULL;
  RETURN NULL;
END $$;--> statement-breakpoint
-- Once per statement, with the statement's rows: an import inserts thousands at a time.
CREATE TRIGGER "credential_search_insert" AFTER INSERT ON "credentials" REFERENCING NEW TABLE AS new_credentials
  FOR EACH STATEMENT EXECUTE FUNCTION vaultline_credential_search_insert();--> statement-breakpoint
CREATE FUNCTION "public"."vaultline_credential_search_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.deleted_at IS NOT NULL THEN
    DELETE FROM credential_search WHERE tenant_id = NEW.tenant_id AND credential_id = NEW.id;
  ELSE
    INSERT INTO credential_search (tenant_id, credential_id, name, search)
      SELECT NEW.tenant_id, NEW.id, NEW.name, NEW.search || chr(10) || lower(cu.name)
      FROM customers cu WHERE cu.tenant_id = NEW.tenant_id AND cu.id = NEW.customer_id
    ON CONFLICT (tenant_id, credential_id) DO UPDATE SET name = excluded.name, search = excluded.search;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
-- Only when what a search reads changed (not a login check's or a rotation's update): trashed, restored, renamed,
-- moved to another customer, or a searched field edited.
CREATE TRIGGER "credential_search_update" AFTER UPDATE OF name, username, domain, login_url, tags, customer_id, deleted_at ON "credentials"
  FOR EACH ROW WHEN ((OLD.name, OLD.search, OLD.customer_id, OLD.deleted_at) IS DISTINCT FROM (NEW.name, NEW.search, NEW.customer_id, NEW.deleted_at))
  EXECUTE FUNCTION vaultline_credential_search_update();--> statement-breakpoint
CREATE FUNCTION "public"."vaultline_customer_search_rename"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE credential_search s SET search = c.search || chr(10) || lower(NEW.name)
    FROM credentials c
    WHERE c.tenant_id = NEW.tenant_id AND c.customer_id = NEW.id AND c.deleted_at IS NULL
      AND s.tenant_id = c.tenant_id AND s.credential_id = c.id;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "customer_search_rename" AFTER UPDATE OF name ON "customers"
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION vaultline_customer_search_rename();--> statement-breakpoint
-- The rows of every tenant, as the schema owner. An owner without BYPASSRLS would see none while the policies are
-- FORCEd; migrateDatabase FORCEs them again once the migrations have run.
ALTER TABLE "credentials" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "customers" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
INSERT INTO credential_search (tenant_id, credential_id, name, search)
  SELECT c.tenant_id, c.id, c.name, c.search || chr(10) || lower(cu.name)
  FROM credentials c JOIN customers cu ON cu.tenant_id = c.tenant_id AND cu.id = c.customer_id
  WHERE c.deleted_at IS NULL;--> statement-breakpoint
-- As in migration 0013 (which says why a function): the current tenant's live credentials whose search line or
-- customer's name contains `pattern` (an ILIKE pattern), by id and name, now read from credential_search. PL/pgSQL
-- with custom plans, so the query is planned with the tenant and the pattern as values: a SQL function's body is
-- planned without them, and that generic plan also read the whole tenant's primary key entries (a bitmap AND), which
-- for a large tenant costs more than the search; with the values, the planner does that only for a small tenant.
CREATE OR REPLACE FUNCTION "public"."vaultline_search_credentials"(pattern text) RETURNS TABLE (id uuid, name text)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp SET plan_cache_mode = force_custom_plan
  AS $$
DECLARE
  tenant uuid := nullif(current_setting('app.tenant_id', true), '')::uuid;
BEGIN
  RETURN QUERY SELECT s.credential_id, s.name FROM credential_search s WHERE s.tenant_id = tenant AND s.search LIKE lower(pattern);
END $$;--> statement-breakpoint
-- ⌘K's holders, for the same reason and in the same way: the ids of the current tenant's customers (by name), contacts
-- (by name or email) or devices (by name or hostname) that contain `pattern` (an ILIKE pattern), read through the
-- trigram indexes. Ids only; callers apply archiving and what else a member may see.
CREATE FUNCTION "public"."vaultline_search_holders"(holder_kind text, pattern text) RETURNS SETOF uuid
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp SET plan_cache_mode = force_custom_plan
  AS $$
DECLARE
  tenant uuid := nullif(current_setting('app.tenant_id', true), '')::uuid;
BEGIN
  IF holder_kind = 'customer' THEN
    RETURN QUERY SELECT cu.id FROM customers cu WHERE cu.tenant_id = tenant AND cu.name ILIKE pattern;
  ELSIF holder_kind = 'contact' THEN
    RETURN QUERY SELECT co.id FROM contacts co WHERE co.tenant_id = tenant AND (co.name ILIKE pattern OR co.email ILIKE pattern);
  ELSIF holder_kind = 'device' THEN
    RETURN QUERY SELECT d.id FROM devices d WHERE d.tenant_id = tenant AND (d.name ILIKE pattern OR d.hostname ILIKE pattern);
  ELSE
    RAISE EXCEPTION 'unknown holder kind %', holder_kind;
  END IF;
END $$;
