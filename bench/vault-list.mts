/**
 * Vault benchmark (issue #3): a tenant with 1,000 customers and 100,000 credentials. Measures, through the
 * real tRPC procedures, listing one customer's passwords (p50/p95), revealing one password (p50/p95), and the
 * SQL statements per page load, which must not grow with the number of rows.
 *
 *   npm run bench:vault                                  # embedded PGlite (in memory)
 *   DATABASE_URL=postgres://postgres@127.0.0.1/bench npm run bench:vault   # real PostgreSQL (a scratch database)
 *
 * Options: BENCH_CUSTOMERS (1000), BENCH_CREDENTIALS (100000), BENCH_ITERATIONS (200).
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";

process.env.VAULTLINE_DATA_DIR ??= "memory://";
process.env.VAULTLINE_MASTER_KEY ??= Buffer.alloc(32, 9).toString("base64");
// One member reveals far more than the per-member limit allows in a minute (their cost is measured all the same).
process.env.VAULTLINE_RATE_LIMITS ??= "off";

const { database, observeQueries, withTenant } = await import("../db/client");
const { credentials, customers, tenants } = await import("../db/schema");
const { sealTenantSecret } = await import("../server/crypto");
const { benchCaller, benchWorkspace } = await import("./workspace.mjs");

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 1000);
const CREDENTIALS = Number(process.env.BENCH_CREDENTIALS ?? 100_000);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 200);

function percentile(samples: number[], p: number) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
const ms = (n: number) => `${n.toFixed(2)} ms`;

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const result = await fn();
  return [performance.now() - start, result];
}

const { kind } = await database();
console.log(`database: ${kind}; seeding ${CUSTOMERS} customers and ${CREDENTIALS} credentials…`);
const email = `bench-${randomUUID()}@example.test`;
const password = "correct horse battery staple bench!";
const { slug, userId } = await benchWorkspace({ companyName: `Bench MSP ${randomUUID().slice(0, 6)}`, name: "Bench", email, password });
const { db } = await database();
const [tenant] = await db.select().from(tenants).where(eq(tenants.slug, slug));
const tenantId = tenant!.id;

const seedStart = performance.now();
const customerIds: string[] = [];
for (let i = 0; i < CUSTOMERS; i += 500) {
  const batch = Array.from({ length: Math.min(500, CUSTOMERS - i) }, (_, k) => ({ tenantId, name: `Customer ${String(i + k).padStart(5, "0")}` }));
  const rows = await withTenant(tenantId, (tx) => tx.insert(customers).values(batch).returning({ id: customers.id }));
  customerIds.push(...rows.map((r) => r.id));
}
// Rows are written in bulk (the create service's per-row audit and history are not what is measured here),
// but every secret is sealed by server/crypto exactly as the service seals it.
for (let i = 0; i < CREDENTIALS; i += 1000) {
  await withTenant(tenantId, async (tx) => {
    const batch = [];
    for (let k = i; k < Math.min(i + 1000, CREDENTIALS); k++) {
      const id = randomUUID();
      batch.push({
        tenantId,
        id,
        customerId: customerIds[k % customerIds.length]!,
        name: `Login ${k}`,
        username: `user${k}`,
        domain: `corp${k % 97}.example`,
        tags: [`t${k % 13}`],
        secret: await sealTenantSecret(tx, tenantId, { table: "credentials", rowId: id, field: "password" }, `pw-${k}-${randomUUID()}`),
        createdBy: userId,
        updatedBy: userId,
      });
    }
    await tx.insert(credentials).values(batch);
  });
  if ((i / 1000) % 10 === 0) process.stdout.write(`  ${i + 1000} credentials\r`);
}
console.log(`seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

const caller = await benchCaller(email, password);

async function queriesFor(fn: () => Promise<unknown>) {
  let n = 0;
  observeQueries(() => n++);
  await fn();
  observeQueries(null);
  return n;
}

const target = (i: number) => ({ type: "customer" as const, id: customerIds[i % customerIds.length]! });
await caller.credentials.list({ tenant: slug, target: target(0) }); // warm-up

const listSamples: number[] = [];
for (let i = 0; i < ITERATIONS; i++) {
  const [elapsed, page] = await time(() => caller.credentials.list({ tenant: slug, target: target(i * 7) }));
  if (page.items.length === 0) throw new Error("empty page");
  listSamples.push(elapsed);
}
const firstPage = await caller.credentials.list({ tenant: slug, target: target(3) });
const revealSamples: number[] = [];
for (let i = 0; i < ITERATIONS; i++) {
  const id = firstPage.items[i % firstPage.items.length]!.id;
  const [elapsed] = await time(() => caller.credentials.reveal({ tenant: slug, id, field: "password" }));
  revealSamples.push(elapsed);
}
const searchSamples: number[] = [];
for (let i = 0; i < Math.min(ITERATIONS, 50); i++) {
  const [elapsed] = await time(() => caller.credentials.list({ tenant: slug, search: `user${i * 31}` }));
  searchSamples.push(elapsed);
}

const perPage = CREDENTIALS / CUSTOMERS;
const queriesCustomer = await queriesFor(() => caller.credentials.list({ tenant: slug, target: target(5) }));
const queriesTenant = await queriesFor(() => caller.credentials.list({ tenant: slug, page: 50 }));
const queriesReveal = await queriesFor(() => caller.credentials.reveal({ tenant: slug, id: firstPage.items[0]!.id, field: "password" }));

console.log(`
Vault benchmark (${kind}, ${CUSTOMERS} customers, ${CREDENTIALS} credentials, ~${perPage} per customer, ${ITERATIONS} iterations)
  list a customer's passwords (tRPC)   p50 ${ms(percentile(listSamples, 50))}   p95 ${ms(percentile(listSamples, 95))}
  reveal one password (tRPC, audited)  p50 ${ms(percentile(revealSamples, 50))}   p95 ${ms(percentile(revealSamples, 95))}
  search the whole tenant              p50 ${ms(percentile(searchSamples, 50))}   p95 ${ms(percentile(searchSamples, 95))}
  SQL statements: customer page ${queriesCustomer}, tenant page 50 ${queriesTenant}, reveal ${queriesReveal}
  (statements include the session, membership and RLS set-up of each request; they do not depend on row counts)`);
process.exit(0);
