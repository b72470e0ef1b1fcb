/**
 * Audited reveals in one workspace at 1 and at 32 at a time (issue #11 §4): with the per-workspace audit lock gone,
 * 32 concurrent reveals must do at least 3× the work of one at a time. Each is measured with its floor in the same
 * run: one transaction with an indexed SELECT of the sealed secret and an INSERT of an audit row, then AES-256-GCM
 * open (node:crypto, since only server/crypto may use @noble/ciphers), in this process, on the same PostgreSQL and
 * pool size.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/scratch npm run bench:audit   # a scratch PostgreSQL database
 *
 * Options: BENCH_SECONDS per measurement (5), BENCH_PASSWORDS (200). PostgreSQL only: embedded PGlite runs one
 * transaction at a time, so there is no concurrency to measure.
 */
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from "node:crypto";
import postgres from "postgres";

if (!process.env.DATABASE_URL) {
  console.error("bench:audit needs DATABASE_URL (a scratch PostgreSQL database): PGlite runs one transaction at a time.");
  process.exit(2);
}
process.env.VAULTLINE_MASTER_KEY ??= Buffer.alloc(32, 9).toString("base64");
process.env.VAULTLINE_RATE_LIMITS = "off"; // the benchmark reveals far faster than any person; limits would measure themselves

const { database } = await import("../db/client");
const { benchCaller, benchWorkspace } = await import("./workspace.mjs");

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const PASSWORDS = Number(process.env.BENCH_PASSWORDS ?? 200);
const POOL = Number(process.env.DATABASE_POOL_SIZE ?? 10);

/** Runs `work` from `concurrency` loops for SECONDS and returns completed calls per second. */
async function throughput(concurrency: number, work: (i: number) => Promise<unknown>): Promise<number> {
  const until = performance.now() + SECONDS * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, loop) => {
      for (let i = loop; performance.now() < until; i += concurrency) {
        await work(i);
        done++;
      }
    }),
  );
  return done / SECONDS;
}

// The application: a workspace, a customer, PASSWORDS passwords created through the real procedure.
await database();
const email = `bench-${randomUUID()}@example.test`;
const password = "correct horse battery staple bench!";
const { slug } = await benchWorkspace({ companyName: `Audit Bench ${randomUUID().slice(0, 6)}`, name: "Bench", email, password });
const caller = await benchCaller(email, password);
const customer = await caller.customers.create({ tenant: slug, name: "Bench customer" });
const ids: string[] = [];
for (let i = 0; i < PASSWORDS; i++) {
  const created = await caller.credentials.create({ tenant: slug, target: { type: "customer", id: customer.id }, name: `Login ${i}`, username: `user${i}`, password: `Bench-${randomUUID()}-pw` });
  ids.push(created.id);
}
const reveal = (i: number) => caller.credentials.reveal({ tenant: slug, id: ids[i % ids.length]!, field: "password" });

// The floor, on the same server with the same pool size.
const sql = postgres(process.env.DATABASE_URL, { max: POOL, onnotice: () => {} });
const key = randomBytes(32);
const floorTenant = randomUUID();
await sql`drop table if exists bench_floor_creds, bench_floor_audit`;
await sql`create table bench_floor_creds (tenant_id uuid, id uuid, secret bytea, primary key (tenant_id, id))`;
await sql`create table bench_floor_audit (id bigint generated always as identity primary key, tenant_id uuid, actor uuid, action text, target uuid, at timestamptz default now())`;
const floorIds = Array.from({ length: PASSWORDS }, () => randomUUID());
for (const id of floorIds) {
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, nonce).setAAD(Buffer.from(floorTenant + id));
  const sealed = Buffer.concat([nonce, cipher.update(`pw-${randomUUID()}`), cipher.final(), cipher.getAuthTag()]);
  await sql`insert into bench_floor_creds values (${floorTenant}, ${id}, ${sealed})`;
}
const actor = randomUUID();
const floorReveal = async (i: number) => {
  const id = floorIds[i % floorIds.length]!;
  const box = await sql.begin(async (tx) => {
    const [row] = await tx`select secret from bench_floor_creds where tenant_id = ${floorTenant} and id = ${id}`;
    await tx`insert into bench_floor_audit (tenant_id, actor, action, target) values (${floorTenant}, ${actor}, 'credential.revealed', ${id})`;
    return row!.secret as Buffer;
  });
  const decipher = createDecipheriv("aes-256-gcm", key, box.subarray(0, 12)).setAAD(Buffer.from(floorTenant + id));
  decipher.setAuthTag(box.subarray(box.length - 16));
  return Buffer.concat([decipher.update(box.subarray(12, box.length - 16)), decipher.final()]).toString();
};

await throughput(4, reveal); // warm-up: JIT, key cache, connections
await throughput(4, floorReveal);
const app1 = await throughput(1, reveal);
const app32 = await throughput(32, reveal);
const floor1 = await throughput(1, floorReveal);
const floor32 = await throughput(32, floorReveal);
await sql`drop table bench_floor_creds, bench_floor_audit`;
await sql.end();

const f = (n: number) => n.toFixed(0).padStart(6);
const r = (n: number) => n.toFixed(2);
console.log(`
Audited reveals in one workspace (PostgreSQL, pool ${POOL}, ${SECONDS} s each)
                         1 at a time   32 at a time   scaling (32 / 1)
  Vaultline (tRPC)       ${f(app1)}/s       ${f(app32)}/s       ${r(app32 / app1)}×   (goal ≥ 3×)
  floor (SQL + GCM)      ${f(floor1)}/s       ${f(floor32)}/s       ${r(floor32 / floor1)}×
  Vaultline / floor        ${r(app1 / floor1)}            ${r(app32 / floor32)}
  Vaultline's scaling is ${r(app32 / app1 / (floor32 / floor1))} of the floor's: what the machine allows (cores shared by Node and PostgreSQL).`);
process.exit(app32 / app1 >= 3 ? 0 : 1);
