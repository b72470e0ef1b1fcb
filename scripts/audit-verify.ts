/**
 * `npm run audit:verify`: walks every tenant's audit hash chain and reports the first break per tenant.
 * Exits 0 when every chain verifies, 1 on any break, 2 when the check itself could not run.
 * The logic lives in server/services/audit/verify-audit-chains.ts (tested there); this is only the wrapper.
 */
import { closeDatabase } from "@/db/client";
import { describeAuditReport, verifyAuditChains } from "@/server/services/audit/verify-audit-chains";

try {
  const { ok, lines } = describeAuditReport(await verifyAuditChains());
  for (const line of lines) (ok ? console.log : console.error)(line);
  process.exitCode = ok ? 0 : 1;
} catch (error) {
  console.error("audit:verify could not complete:", error instanceof Error ? error.message : error);
  process.exitCode = 2;
} finally {
  await closeDatabase();
}
