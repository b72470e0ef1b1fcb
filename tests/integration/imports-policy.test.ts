import { describe, expect, it } from "vitest";
import type { ImportOptions } from "@/lib/imports";
import { bitwardenCsv, importRunner, type SourceItem, importWorkspace } from "../support/imports";

/*
 * The dry run warns, by row and field, of every password that breaks the password policy of the customer it would be
 * filed under (the customer's own policy, else the workspace default); a warning never stops the import.
 */

const ITEMS: SourceItem[] = [
  { collection: "", name: "Core switch", username: "admin", password: "short1A", url: "https://switch.test" },
  { collection: "", name: "Firewall", username: "admin", password: "Long-Enough-Password-42!", url: "https://fw.test" },
  { collection: "", name: "Printer", username: "admin", password: "alllowercaseletters", url: "https://printer.test" },
];

describe("imports and password policies", () => {
  const ws = importWorkspace();

  const intoCustomer = (customer: ImportOptions["customers"]): ImportOptions => ({
    format: "bitwarden-csv",
    parse: {},
    customers: customer,
    holders: null,
    duplicates: "skip",
    skipBadRows: false,
  });

  it("warns of each password its customer's own policy refuses, naming the row, the field and the rules, and imports them all", async () => {
    const customer = await ws.owner.caller.customers.create({ ...ws.tenant(), name: "Strict Ltd" });
    const strict = await ws.owner.caller.policies.create({
      ...ws.tenant(),
      name: "Strict routers",
      minLength: 20,
      maxLength: 64,
      requireLowercase: true,
      requireUppercase: true,
      requireDigit: true,
      requireSymbol: true,
      forbiddenCharacters: "",
      maxAgeDays: null,
      noReuseLast: 0,
    });
    await ws.owner.caller.policies.setCustomerPolicy({ ...ws.tenant(), customerId: customer.id, policyId: strict.id });
    const { importId } = await ws.owner.caller.imports.upload({ ...ws.tenant(), fileName: "weak.csv", bytes: bitwardenCsv(ITEMS) });
    const options = intoCustomer({ mode: "one", customer: { type: "existing", customerId: customer.id } });

    const dryRun = await ws.owner.caller.imports.dryRun({ ...ws.tenant(), importId, options });
    expect(dryRun.errorCount).toBe(0);
    expect(dryRun.canStart).toBe(true);
    expect(dryRun.warningCount).toBe(2);
    expect(dryRun.warnings.map((w) => [w.row, w.field])).toEqual([
      [1, "password"],
      [3, "password"],
    ]);
    expect(dryRun.warnings[0]!.message).toContain("Must be at least 20 characters (policy Strict routers).");
    expect(dryRun.warnings[0]!.message).toContain("Must contain a symbol");
    expect(dryRun.warnings[1]!.message).toContain("Must contain an uppercase letter");
    // The warnings quote the policy, never the password.
    for (const item of ITEMS) expect(JSON.stringify(dryRun)).not.toContain(item.password);

    await ws.owner.caller.imports.start({ ...ws.tenant(), importId, options });
    await importRunner(ws.tenantId).drain();
    expect(await ws.owner.caller.imports.get({ ...ws.tenant(), importId })).toMatchObject({ state: "completed", summary: { created: 3 } });
  });

  it("a new customer follows the workspace default policy (Medium): only what breaks it is warned of", async () => {
    const { importId } = await ws.owner.caller.imports.upload({ ...ws.tenant(), fileName: "weak-new.csv", bytes: bitwardenCsv(ITEMS) });
    const dryRun = await ws.owner.caller.imports.dryRun({ ...ws.tenant(), importId, options: intoCustomer({ mode: "one", customer: { type: "new", name: "Relaxed Inc" } }) });
    expect(dryRun.warnings.map((w) => [w.row, w.field])).toEqual([
      [1, "password"],
      [3, "password"],
    ]);
    expect(dryRun.warnings[0]!.message).toContain("Must be at least 12 characters (policy Medium).");
    expect(dryRun.warnings[0]!.message).not.toContain("symbol");
    expect(dryRun.warnings[1]!.message).toMatch(/uppercase letter.*digit|digit.*uppercase letter/);
  });
});
