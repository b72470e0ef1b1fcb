import { describe, expect, it } from "vitest";
import { withTenant } from "@/db/client";
import { customers } from "@/db/schema";
import { bareTenant } from "../support/db";

describe("withTenant", () => {
  it("sees only the current tenant's rows", async () => {
    const [a, b] = await Promise.all([bareTenant(), bareTenant()]);
    await withTenant(a.id, (tx) => tx.insert(customers).values({ tenantId: a.id, name: "Acme" }));
    expect(await withTenant(a.id, (tx) => tx.select().from(customers))).toHaveLength(1);
    expect(await withTenant(b.id, (tx) => tx.select().from(customers))).toHaveLength(0);
  });
});
