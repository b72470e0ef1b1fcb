/**
 * Seeds the demo workspace into a fresh in-memory database and prints what it holds, as JSON: run in a child
 * process by tests/integration/demo-seed.test.ts (the seed only ever runs on an empty database).
 */
import { count, eq, isNotNull } from "drizzle-orm";

const { seedDemoWorkspace } = await import("../../server/services/demo/seed-demo");
const { database, withTenant } = await import("../../db/client");
const { contacts, credentials, customers, devices, tenants } = await import("../../db/schema");

const login = await seedDemoWorkspace();
const again = await seedDemoWorkspace();
const { db } = await database();
const [tenant] = await db.select().from(tenants).where(eq(tenants.slug, login!.slug));
const counts = await withTenant(tenant!.id, async (tx) => ({
  customers: (await tx.select({ n: count() }).from(customers))[0]!.n,
  contacts: (await tx.select({ n: count() }).from(contacts))[0]!.n,
  agentDevices: (await tx.select({ n: count() }).from(devices).where(eq(devices.kind, "agent")))[0]!.n,
  nonAgentDevices: (await tx.select({ n: count() }).from(devices).where(eq(devices.kind, "non_agent")))[0]!.n,
  credentials: (await tx.select({ n: count() }).from(credentials))[0]!.n,
  onContacts: (await tx.select({ n: count() }).from(credentials).where(isNotNull(credentials.contactId)))[0]!.n,
  onDevices: await tx
    .select({ kind: devices.kind, n: count() })
    .from(credentials)
    .innerJoin(devices, eq(devices.id, credentials.deviceId))
    .groupBy(devices.kind),
}));
console.log(JSON.stringify({ tenantName: tenant!.name, email: login!.email, passwordLength: login!.password.length, seededTwice: again !== null, ...counts }));
