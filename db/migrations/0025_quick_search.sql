-- ⌘K's passwords (#12): the first `wanted` of vaultline_search_credentials's matches (migration 0016) in the list's
-- order by name (name, then id), cut inside the function. The palette shows no total, so nothing has to count the
-- matches, and the thousands a common term finds are sorted where they are read instead of being handed out of the
-- function, kept for a count and sorted again. Same security model: the schema owner's read past the policy, with the
-- policy's own tenant condition applied here; ids and names only; callers apply what else a member may see. `wanted`
-- is the caller's bound (at most a palette's worth).
CREATE FUNCTION "public"."vaultline_search_credentials_first"(pattern text, wanted integer) RETURNS TABLE (id uuid, name text)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp SET plan_cache_mode = force_custom_plan
  AS $$
DECLARE
  tenant uuid := nullif(current_setting('app.tenant_id', true), '')::uuid;
BEGIN
  RETURN QUERY SELECT s.credential_id, s.name FROM credential_search s WHERE s.tenant_id = tenant AND s.search LIKE lower(pattern)
    ORDER BY s.name, s.credential_id LIMIT wanted;
END $$;
