/**
 * `npm run audit:verify [-- --anchors <file>]`: walks every tenant's sealed audit chain, checks it against the
 * anchors (the given file or log, else the default anchor file when it exists) and reports the first break per
 * tenant and the events still waiting to be sealed. Exits 0 when every chain verifies, 1 on any break, 2 when the
 * check itself could not run. The logic lives in server/services/audit (tested there); this is only the wrapper.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { closeDatabase } from "@/db/client";
import { parseAnchors, readDefaultAnchors } from "@/server/services/audit/anchors";
import { describeAuditReport, verifyAuditChains } from "@/server/services/audit/verify-audit-chains";

try {
  const { values } = parseArgs({ options: { anchors: { type: "string" } } });
  const anchors = values.anchors ? parseAnchors(readFileSync(values.anchors, "utf8")) : readDefaultAnchors();
  const { ok, lines } = describeAuditReport(await verifyAuditChains(undefined, { anchors }));
  for (const line of lines) (ok ? console.log : console.error)(line);
  process.exitCode = ok ? 0 : 1;
} catch (error) {
  console.error("audit:verify could not complete:", error instanceof Error ? error.message : error);
  process.exitCode = 2;
} finally {
  await closeDatabase();
}
