import "server-only";
import { asc, sql } from "drizzle-orm";
import { resultRows, withGlobal } from "@/db/client";
import { tenants } from "@/db/schema";

/** Every tenant's id, for the daily sweep's fan-out (the tenant directory is a global table). */
export async function listTenantIds(): Promise<string[]> {
  const rows = await withGlobal((tx) => tx.select({ id: tenants.id }).from(tenants).orderBy(asc(tenants.createdAt)));
  return rows.map((r) => r.id);
}

/**
 * Calls one of the SECURITY DEFINER functions the schedulers use for their only cross-tenant question
 * ("which tenants have work due at `at`?"). They return tenant ids only; the work itself runs under each
 * tenant's RLS.
 */
export async function tenantsWithWorkDue(
  fn: "vaultline_tenants_due_for_rotation" | "vaultline_tenants_with_agent_work" | "vaultline_tenants_sealed_since" | "vaultline_tenants_due_for_directory_sync",
  at: Date,
): Promise<string[]> {
  const rows = await withGlobal((tx) => tx.execute<{ id: string }>(sql`select ${sql.identifier(fn)}(${at.toISOString()}::timestamptz) as id`));
  return resultRows<{ id: string }>(rows).map((r) => r.id);
}
