import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { before, resultRows, withTenant } from "@/db/client";
import { reusableStatement } from "@/db/reusable-statement";
import { customers } from "@/db/schema";
import { bareTenant } from "../support/db";

const customersNamed = reusableStatement("test_customers_named", (tx) =>
  tx.select({ tenantId: customers.tenantId, name: customers.name }).from(customers).where(eq(customers.name, sql.placeholder("name"))),
);

describe("reusableStatement", () => {
  it("runs in the caller's transaction, under its tenant's row-level security, with each run's values", async () => {
    const [a, b] = await Promise.all([bareTenant(), bareTenant()]);
    await withTenant(a.id, (tx) => tx.insert(customers).values([{ tenantId: a.id, name: "Shared name" }, { tenantId: a.id, name: "Only A" }]));
    await withTenant(b.id, (tx) => tx.insert(customers).values({ tenantId: b.id, name: "Shared name" }));

    expect(await withTenant(a.id, (tx) => customersNamed(tx, { name: "Shared name" }))).toEqual([{ tenantId: a.id, name: "Shared name" }]);
    expect(await withTenant(b.id, (tx) => customersNamed(tx, { name: "Shared name" }))).toEqual([{ tenantId: b.id, name: "Shared name" }]);
    expect(await withTenant(b.id, (tx) => customersNamed(tx, { name: "Only A" }))).toEqual([]);
    // A row written earlier in the same, uncommitted transaction: only that transaction's connection sees it.
    const seen = await withTenant(b.id, async (tx) => {
      await tx.insert(customers).values({ tenantId: b.id, name: "Not committed yet" });
      return customersNamed(tx, { name: "Not committed yet" });
    });
    expect(seen).toHaveLength(1);
  });
});

describe("before", () => {
  it("runs the statement ahead of the work's first statement, and its error is the one thrown", async () => {
    const { id } = await bareTenant();
    const setting = await withTenant(id, (tx) =>
      before(tx.execute(sql`select set_config('app.test_marker', 'set first', true)`), async () =>
        resultRows<{ marker: string }>(await tx.execute(sql`select current_setting('app.test_marker') as marker`)),
      ),
    );
    expect(setting).toEqual([{ marker: "set first" }]);
    await expect(
      withTenant(id, (tx) => before(tx.execute(sql`select 1 / 0`), () => tx.execute(sql`select 1`))),
    ).rejects.toThrow(/Failed query: select 1 \/ 0/);
  });
});
