import { and, count, eq } from "drizzle-orm";
import { withTenant } from "@/db/client";
import { auditEvents, credentials, customers, importStagedCredentials, tenants } from "@/db/schema";
import { LocalRunner, type LocalRunnerOptions } from "@/server/jobs/local-runner";
import { workflows } from "@/server/jobs/workflows";
import { ownerDb } from "./db";

export { bitwardenCsv, bitwardenOrganisationJson, manyItems, type SourceItem } from "./import-files";

/* The import job run under the embedded runner scoped to one tenant, and what an import leaves in a tenant. */

export async function tenantIdOf(slug: string): Promise<string> {
  const [row] = await (await ownerDb()).select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, slug));
  return row!.id;
}

/** The embedded runner for one tenant's jobs only (test files share a database), with short retries. */
export const importRunner = (tenantId: string, options: LocalRunnerOptions = {}) => new LocalRunner(workflows, { tenantId, retryBaseMs: 20, ...options });

/** What an import could have left visible or half-written in a tenant. */
export async function tenantFootprint(tenantId: string) {
  return withTenant(tenantId, async (tx) => {
    const tally = async (query: Promise<{ n: number }[]>) => (await query)[0]!.n;
    return {
      credentials: await tally(tx.select({ n: count() }).from(credentials).where(eq(credentials.tenantId, tenantId))),
      customers: await tally(tx.select({ n: count() }).from(customers).where(eq(customers.tenantId, tenantId))),
      importedEvents: await tally(tx.select({ n: count() }).from(auditEvents).where(and(eq(auditEvents.tenantId, tenantId), eq(auditEvents.action, "credential.imported")))),
      staged: await tally(tx.select({ n: count() }).from(importStagedCredentials).where(eq(importStagedCredentials.tenantId, tenantId))),
    };
  });
}
