import { randomUUID } from "node:crypto";
import { database, withTenant } from "@/db/client";
import { tenants } from "@/db/schema";
import { createTenantKey } from "@/server/crypto";

/** The raw (owner) connection: for test setup and for proving what the app role cannot do. */
export async function ownerDb() {
  return (await database()).db;
}

/** A bare tenant row with its data key, for tests below the sign-up service. */
export async function bareTenant(name = "Test MSP") {
  const db = await ownerDb();
  const slug = `t-${randomUUID().slice(0, 12)}`;
  const [tenant] = await db.insert(tenants).values({ slug, name }).returning();
  await withTenant(tenant!.id, (tx) => createTenantKey(tx, tenant!.id));
  return tenant!;
}

/** The message of a statement the database refused, whether or not the driver wrapped it (drizzle puts it in `cause`). */
export async function databaseRefusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const messages: string[] = [];
    for (let e: unknown = error; e instanceof Error; e = e.cause) messages.push(e.message);
    return messages.join(" / ");
  }
  throw new Error("expected the database to refuse the statement");
}
