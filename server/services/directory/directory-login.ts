import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { enterTenant, resultRows, type Tx } from "@/db/client";
import { directoryAccounts, users } from "@/db/schema";
import { checkDirectoryPassword } from "@/server/auth/directory/ldap-directory";
import type { RequestMeta } from "@/server/request-meta";
import { recordAuditEvent } from "../audit/record-audit-event";
import { directoryServerOf, findDirectoryConnection } from "./directory-settings";

/**
 * The password step for a member imported from a directory: null when the user signs in to no workspace through a
 * directory (their local password applies), else whether a bind as their DN succeeded in one of those workspaces
 * with an entry that is still enabled. Wrong, changed-away and disabled passwords, and a directory that cannot be
 * reached, all answer "invalid" (the caller's one generic refusal). With `meta` (a sign-in) each attempt is audited in
 * the workspace with the reason; a confirmation before secrets audits itself. The password goes to the directory
 * over TLS and nowhere else.
 */
export async function directoryPasswordCheck(tx: Tx, user: typeof users.$inferSelect, password: string, meta: RequestMeta | null): Promise<"ok" | "invalid" | null> {
  const rows = await tx.execute(sql`select vaultline_directory_logins(${user.id}::uuid) as id, current_setting('app.tenant_id', true) as current`);
  const found = resultRows<{ id: string; current: string | null }>(rows);
  if (found.length === 0) return null;
  const actor = meta && { userId: user.id, label: user.email, ...meta };
  try {
    for (const { id: tenantId } of found) {
      await enterTenant(tx, tenantId);
      const scope = { db: tx, tenantId };
      const connection = (await findDirectoryConnection(scope))!;
      const [account] = await tx.select().from(directoryAccounts).where(and(eq(directoryAccounts.tenantId, tenantId), eq(directoryAccounts.userId, user.id)));
      const outcome = await checkDirectoryPassword(await directoryServerOf(scope, connection, connection), account!.dn, password).catch(() => "unreachable" as const);
      const ok = outcome === "ok";
      if (actor) await recordAuditEvent(tx, tenantId, actor, { action: ok ? "directory.login" : "directory.login_refused", target: { type: "user", id: user.id }, details: { dn: account!.dn, ...(ok ? {} : { reason: outcome }) } });
      if (ok) return "ok";
    }
    return "invalid";
  } finally {
    // Back to the caller's tenant (none at sign-in; the workspace's for an export's confirmation).
    await enterTenant(tx, found[0]!.current ?? "");
  }
}
