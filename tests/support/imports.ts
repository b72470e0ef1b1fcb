import { and, count, eq } from "drizzle-orm";
import { beforeAll } from "vitest";
import { withTenant } from "@/db/client";
import { auditEvents, credentials, customers, importStagedCredentials, tenants } from "@/db/schema";
import { LocalRunner, type LocalRunnerOptions } from "@/server/jobs/local-runner";
import { workflows } from "@/server/jobs/workflows";
import { newTenant } from "./actors";
import { ownerDb } from "./db";

export { bitwardenCsv, bitwardenOrganisationJson, manyItems, type SourceItem } from "./import-files";

/* The import job run under the embedded runner scoped to one tenant, and what an import leaves in a tenant. */

export async function tenantIdOf(slug: string): Promise<string> {
  const [row] = await (await ownerDb()).select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, slug));
  return row!.id;
}

/**
 * A new workspace for the import tests of one file, made in its beforeAll: its owner (with a caller), its tenant id,
 * and `tenant()`, the tenant input of its procedures. Read its fields inside tests and hooks, once it is made.
 */
export function importWorkspace() {
  const workspace = {
    owner: undefined as unknown as Awaited<ReturnType<typeof newTenant>>,
    tenantId: "",
    tenant: () => ({ tenant: workspace.owner.slug }),
  };
  beforeAll(async () => {
    workspace.owner = await newTenant();
    workspace.tenantId = await tenantIdOf(workspace.owner.slug);
  }, 60_000);
  return workspace;
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
