/**
 * Export benchmark (issue #13 §8): a workspace of BENCH_PASSWORDS (10,000) passwords over 100 customers, exported
 * whole by its owner in every format through the real download handler (server/api/export-download.ts: permission,
 * confirmation, selection, the secrets opened, the audit event, the file streamed), timed to the last byte, with the
 * process's peak RSS. It decides whether an export may run in the request or needs a background job.
 *
 * Floor: the least work any CSV export must do, in this process: one raw SQL read of the tenant's sealed passwords
 * and where they are filed, each opened with the tenant's key (server/crypto), and Papa Parse writing the rows.
 *
 *   npm run bench:export-flow                                              # embedded PGlite (in memory)
 *   DATABASE_URL=postgres://postgres@127.0.0.1/bench npm run bench:export-flow   # real PostgreSQL (a scratch database)
 *
 * Options: BENCH_PASSWORDS (10000), BENCH_RUNS per format (3; the median is printed).
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import Papa from "papaparse";

process.env.VAULTLINE_DATA_DIR ??= "memory://";
process.env.VAULTLINE_MASTER_KEY ??= Buffer.alloc(32, 9).toString("base64");
process.env.VAULTLINE_APP_URL ??= "http://localhost:3000";

const { resultRows, withTenant } = await import("../db/client");
const { tenantSecretOpener } = await import("../server/crypto");
const { exportDownload } = await import("../server/api/export-download");
const { completeLogin, startLogin } = await import("../server/services/auth/login");
const { EXPORT_FORMATS, exportFormats } = await import("../lib/export");
const { benchWorkspace } = await import("./workspace.mjs");
const { TenantSeeder } = await import("./in-process.mjs");
const { fmt, printTable, RssSampler } = await import("./http-harness.mjs");

const PASSWORDS = Number(process.env.BENCH_PASSWORDS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PASSWORD = "correct horse battery staple bench!";
const PASSPHRASE = "seven purple ferrets juggle quietly";
const meta = { ip: "127.0.0.1", userAgent: "bench" };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const email = `bench-${randomUUID()}@example.test`;
const { slug, tenantId } = await benchWorkspace({ companyName: `Export Bench ${randomUUID().slice(0, 6)}`, name: "Bench", email, password: PASSWORD });
const seeder = await TenantSeeder.forWorkspace(slug, email);
await seeder.addCustomers(100);
await seeder.growPasswordsTo(PASSWORDS);
const { challenge } = await startLogin({ email, password: PASSWORD }, meta);
const { token } = await completeLogin({ challenge }, meta);

/** One whole export through the handler, read to the last byte: its time, size and password count. */
async function exportOnce(format: (typeof exportFormats)[number]) {
  const body = { tenant: slug, format, scope: { type: "all" }, confirmation: { method: "password", password: PASSWORD }, passphrase: EXPORT_FORMATS[format].passphrase ? PASSPHRASE : undefined };
  const started = performance.now();
  const request = new Request("http://localhost/api/export", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const response = await exportDownload({ session: { token }, meta, afterResponse: (task) => void task() }, request);
  if (response.status !== 200) throw new Error(`${format}: ${response.status} ${await response.text()}`);
  const bytes = (await response.arrayBuffer()).byteLength;
  return { ms: performance.now() - started, bytes };
}

/** The floor: read the sealed passwords and their customers in one statement, open each, write the CSV rows. */
async function floorOnce() {
  const started = performance.now();
  const csv = await withTenant(tenantId, async (tx) => {
    const rows = resultRows<{ id: string; name: string; username: string; secret: string; secret_generation: number; customer: string }>(
      await tx.execute(sql`select c.id, c.name, c.username, c.secret, c.secret_generation, cu.name as customer
        from credentials c join customers cu on cu.tenant_id = c.tenant_id and cu.id = c.customer_id
        where c.tenant_id = ${tenantId} and c.deleted_at is null order by cu.name, c.name`),
    );
    const open = await tenantSecretOpener(tx, tenantId);
    type SealedValue = Parameters<typeof open>[1];
    return Papa.unparse(
      rows.map((r) => [r.customer, r.name, r.username, open({ table: "credentials", rowId: r.id, field: "password", generation: r.secret_generation }, r.secret as SealedValue)]),
    );
  });
  return { ms: performance.now() - started, bytes: Buffer.byteLength(csv) };
}

async function measure(label: string, once: () => Promise<{ ms: number; bytes: number }>) {
  await once(); // warm-up: JIT, key cache, prepared statements
  const rss = new RssSampler(process.pid).start();
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await once());
  return { label, ms: median(runs.map((r) => r.ms)), bytes: runs[0]!.bytes, peakMb: rss.stop() };
}

const floor = await measure("floor: SQL + open + CSV", floorOnce);
const results = [floor];
// Not KDBX here: plain Node's ESM loader does not see kdbxweb's exports through `import * as` (its UMD bundle hides
// them from the CommonJS export lexer), which Next's bundle and Vitest do; its writer is timed under Vitest instead.
for (const format of exportFormats.filter((f) => f !== "kdbx")) results.push(await measure(format, () => exportOnce(format)));
console.log(`\n${PASSWORDS.toLocaleString("en-US")} passwords, ${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"}, median of ${RUNS} runs`);
printTable(
  ["export", "time", "vs floor", "file", "peak RSS"],
  results.map((r) => [r.label, fmt.ms(r.ms), fmt.ratio(r.ms / floor.ms), `${(r.bytes / 1e6).toFixed(1)} MB`, fmt.mb(r.peakMb)]),
);
process.exit(0);
