import net from "node:net";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { resultRows, sendWithCommit, withTenant } from "@/db/client";
import { customers } from "@/db/schema";
import { bareTenant } from "../support/db";

const transactionId = async (tx: Parameters<Parameters<typeof withTenant>[1]>[0]) =>
  resultRows<{ id: string }>(await tx.execute(sql`select pg_current_xact_id()::text as id`))[0]!.id;

// On PostgreSQL, BEGIN leaves with a transaction's first statements (db/client.ts, pipelinedTransaction); these hold
// on either database.
describe("a transaction", () => {
  it("runs every statement of its work in one transaction, the first one included", async () => {
    const { id } = await bareTenant();
    const ids = await withTenant(id, async (tx) => [await transactionId(tx), await transactionId(tx)]);
    expect(ids[0]).toBe(ids[1]);
    // Outside that transaction, another one.
    expect(await withTenant(id, transactionId)).not.toBe(ids[0]);
  });

  it("keeps nothing of work that throws", async () => {
    const { id } = await bareTenant();
    const failed = withTenant(id, async (tx) => {
      await tx.insert(customers).values({ tenantId: id, name: "Rolled back" });
      throw new Error("the work failed");
    });
    await expect(failed).rejects.toThrow("the work failed");
    expect(await withTenant(id, (tx) => tx.select().from(customers))).toEqual([]);
  });

  it.runIf(process.env.TEST_DATABASE_URL)("fails, keeping nothing, when a statement failed even though the work caught it (PostgreSQL)", async () => {
    const { id } = await bareTenant();
    const caught = withTenant(id, async (tx) => {
      await tx.insert(customers).values({ tenantId: id, name: "Rolled back" });
      await tx.execute(sql`select 1 / 0`).catch(() => undefined);
      return "done";
    });
    await expect(caught).rejects.toThrow("rolled back");
    expect(await withTenant(id, (tx) => tx.select().from(customers))).toEqual([]);
  });

  it("commits a statement sent with the commit, and fails with its error, keeping nothing, when it fails", async () => {
    const { id } = await bareTenant();
    const answer = await withTenant(id, async (tx) => {
      await tx.insert(customers).values({ tenantId: id, name: "First" });
      await sendWithCommit(tx, tx.insert(customers).values({ tenantId: id, name: "Sent with the commit" }));
      return "answered";
    });
    expect(answer).toBe("answered");
    const names = async () => (await withTenant(id, (tx) => tx.select({ name: customers.name }).from(customers))).map((c) => c.name).sort();
    expect(await names()).toEqual(["First", "Sent with the commit"]);

    const failed = withTenant(id, async (tx) => {
      await tx.insert(customers).values({ tenantId: id, name: "Rolled back" });
      await sendWithCommit(tx, tx.execute(sql`select 1 / 0`));
      return "answered";
    });
    await expect(failed).rejects.toThrow(/select 1 \/ 0/);
    expect(await names()).toEqual(["First", "Sent with the commit"]);
  });

  it.runIf(process.env.TEST_DATABASE_URL)("sends BEGIN with the first statements, and a final statement with COMMIT (PostgreSQL)", async () => {
    const { id } = await bareTenant();
    const socket = net.Socket.prototype as unknown as { write: (...args: unknown[]) => boolean };
    const { write } = socket;
    const writesOf = async (work: Parameters<typeof withTenant>[1]) => {
      // Each pooled connection prepares a statement once: warm them all.
      for (let i = 0; i < 10; i++) await withTenant(id, work);
      let writes = 0;
      socket.write = function (this: net.Socket, ...args: unknown[]) {
        writes++;
        return write.apply(this, args);
      };
      try {
        await withTenant(id, work);
      } finally {
        socket.write = write;
      }
      return writes;
    };
    // BEGIN, the scope's settings and the statement in one write; COMMIT in the next (postgres-js's own begin: three).
    expect(await writesOf((tx) => tx.select().from(customers))).toBe(2);
    const read = (tx: Parameters<typeof transactionId>[0]) => tx.select().from(customers);
    expect(await writesOf(async (tx) => void (await read(tx), await read(tx)))).toBe(3);
    // A final statement after a read: it and COMMIT share the second write.
    expect(await writesOf(async (tx) => void (await read(tx), await sendWithCommit(tx, read(tx))))).toBe(2);
  });
});
