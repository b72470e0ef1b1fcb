import { beforeAll, describe, expect, it } from "vitest";
import type { ImportOptions } from "@/lib/imports";
import { newTenant } from "../support/actors";
import { bitwardenCsv, importRunner, tenantIdOf, type SourceItem } from "../support/imports";

/*
 * The dry run warns, by row and field, of every password that breaks the password policy of the customer it would be
 * filed under (the customer's own policy, else the workspace default); a warning never stops the import.
 */

type Owner = Awaited<ReturnType<typeof newTenant>>;

const ITEMS: SourceItem[] = [
  { collection: "", name: "Core switch", username: "admin", password: "short1A", url: "https://switch.test" },
  { collection: "", name: "Firewall", username: "admin", password: "Long-Enough-Password-42!", url: "https://fw.test" },
  { collection: "", name: "Printer", username: "admin", password: "alllowercaseletters", url: "https://printer.test" },
];

describe("imports and password policies", () => {
  let owner: Owner;
  let tenantId: string;
  const t = () => ({ tenant: owner.slug });

  beforeAll(async () => {
    owner = await newTenant();
    tenantId = await tenantIdOf(owner.slug);
  }, 60_000);

  const intoCustomer = (customer: ImportOptions["customers"]): ImportOptions => ({
    format: "bitwarden-csv",
    parse: {},
    customers: customer,
    holders: null,
    duplicates: "skip",
    skipBadRows: false,
  });

  it("warns of each password its customer's own policy refuses, naming the row, the field and the rules, and imports them all", async () => {
    const customer = await owner.caller.customers.create({ ...t(), name: "Strict Ltd" });
    const strict = await owner.caller.policies.create({
      ...t(),
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
    await owner.caller.policies.setCustomerPolicy({ ...t(), customerId: customer.id, policyId: strict.id });
    const { importId } = await owner.caller.imports.upload({ ...t(), fileName: "weak.csv", bytes: bitwardenCsv(ITEMS) });
    const options = intoCustomer({ mode: "one", customer: { type: "existing", customerId: customer.id } });

    const dryRun = await owner.caller.imports.dryRun({ ...t(), importId, options });
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

    await owner.caller.imports.start({ ...t(), importId, options });
    await importRunner(tenantId).drain();
    expect(await owner.caller.imports.get({ ...t(), importId })).toMatchObject({ state: "completed", summary: { created: 3 } });
  });

  it("a new customer follows the workspace default policy (Medium): only what breaks it is warned of", async () => {
    const { importId } = await owner.caller.imports.upload({ ...t(), fileName: "weak-new.csv", bytes: bitwardenCsv(ITEMS) });
    const dryRun = await owner.caller.imports.dryRun({ ...t(), importId, options: intoCustomer({ mode: "one", customer: { type: "new", name: "Relaxed Inc" } }) });
    expect(dryRun.warnings.map((w) => [w.row, w.field])).toEqual([
      [1, "password"],
      [3, "password"],
    ]);
    expect(dryRun.warnings[0]!.message).toContain("Must be at least 12 characters (policy Medium).");
    expect(dryRun.warnings[0]!.message).not.toContain("symbol");
    expect(dryRun.warnings[1]!.message).toMatch(/uppercase letter.*digit|digit.*uppercase letter/);
  });
});
