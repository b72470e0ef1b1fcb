import "server-only";
import { asc } from "drizzle-orm";
import { withGlobal } from "@/db/client";
import { tenants } from "@/db/schema";

/** Every tenant's id, for the daily sweep's fan-out (the tenant directory is a global table). */
export async function listTenantIds(): Promise<string[]> {
  const rows = await withGlobal((tx) => tx.select({ id: tenants.id }).from(tenants).orderBy(asc(tenants.createdAt)));
  return rows.map((r) => r.id);
}
