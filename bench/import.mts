/**
 * Import benchmark (issue #13, point 6): a Bitwarden CSV of BENCH_IMPORT_ROWS rows (10,000; goal ≤ 10 s end to end
 * on PostgreSQL) imported the way the browser does it — the upload route's handler with a multipart body, preview,
 * dry run, start — and the import job under the embedded runner, staging then publishing; then the peak RSS of a
 * 100,000-row import (BENCH_IMPORT_LARGE_ROWS; goal ≤ 400 MB). Each run is a child process of its own, so its peak
 * RSS is its own.
 *
 *   npm run bench:import                                                        # app database: embedded PGlite
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/scratch npm run bench:import   # app database: PostgreSQL
 *
 * Options: BENCH_IMPORT_ROWS (10000), BENCH_IMPORT_LARGE_ROWS (100000), BENCH_IMPORT_MAX_OLD_SPACE_MB (the large
 * run's V8 heap limit; unset: Node's default), BENCH_IMPORT_TRACE=1 (heap and RSS after each phase, on stderr; with
 * node --expose-gc also the live heap, which forces collections and so changes the peak), BENCH_IMPORT_GARBAGE_PROFILE=<dir>
 * (each run writes a V8 sampling heap profile of what it allocated that lived long enough to be promoted and then died
 * in the old generation, the garbage that grows the heap between full collections, and prints its top functions).
 *
 * The file is written by the parent process; the child importing it reads it from disk, as a server receives it.
 * The floor, in the same child after the import: the same rows, already sealed (sealing untimed), inserted as
 * credentials and their history by plain INSERTs (1,000 rows a statement, as one JSON parameter) in one transaction —
 * the least any importer must write.
 * The ratio says how much the pipeline (parsing, mapping, duplicate checks, sealing, staging, publishing, audit,
 * job bookkeeping) costs on top. After each run, 200 of the passwords are revealed and compared.
 */
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Papa from "papaparse";
import { SERVER_NODE_FLAGS } from "../scripts/node-flags.mjs";
import { bitwardenCsv, manyItems } from "../tests/support/import-files";

process.env.VAULTLINE_DATA_DIR ??= "memory://";
process.env.VAULTLINE_MASTER_KEY ??= Buffer.alloc(32, 9).toString("base64");

type Result = { rows: number; seconds: number; phases: Record<string, number>; floorSeconds: number; rssBeforeMb: number; peakRssMb: number; verified: number; database: string };

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 10_000);
const LARGE_ROWS = Number(process.env.BENCH_IMPORT_LARGE_ROWS ?? 100_000);
const FLOOR_BATCH = 1000;
/** V8's old-space limit for the large run (unset: Node's default, which lets garbage pile up well past the live set). */
const HEAP_MB = process.env.BENCH_IMPORT_MAX_OLD_SPACE_MB;

if (process.argv[2] === "--child") {
  console.log(JSON.stringify(await importOnce(process.argv[3]!)));
  process.exit(0);
}

console.log(
  `import benchmark — app database: ${process.env.DATABASE_URL ? "postgres" : "pglite (in memory)"}; large run's heap limit: ${HEAP_MB ? `${HEAP_MB} MB` : "Node's default"}; ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, node ${process.version}; load average ${os.loadavg()[0]!.toFixed(1)}`,
);
const folder = mkdtempSync(path.join(os.tmpdir(), "vaultline-bench-import-"));
const results = [ROWS, LARGE_ROWS].map((rows) => {
  // The file is written here, so the importing process holds only what a server receiving it would.
  const file = path.join(folder, `bitwarden_export_${rows}.csv`);
  const items = manyItems(rows, ["Contoso", "Fabrikam", "Northwind", "Tailspin", "Litware"]).map((item, i) => (i % 4 === 0 ? { ...item, notes: `Rack ${i}, spare key in the drawer` } : item));
  writeFileSync(file, bitwardenCsv(items));
  const heap = rows === LARGE_ROWS && HEAP_MB ? [`--max-old-space-size=${HEAP_MB}`] : [];
  // The server's V8 flags, as npm start gives them to it.
  const child = spawnSync(process.execPath, [...SERVER_NODE_FLAGS, ...heap, ...process.execArgv, fileURLToPath(import.meta.url), "--child", file], { env: process.env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const line = child.stdout.trim().split("\n").at(-1) ?? "";
  if (process.env.BENCH_IMPORT_TRACE || process.env.BENCH_IMPORT_GARBAGE_PROFILE) process.stderr.write(child.stderr);
  if (child.status !== 0 || !line.startsWith("{")) {
    console.error(child.stdout, child.stderr);
    throw new Error(`the ${rows}-row run failed`);
  }
  return JSON.parse(line) as Result;
});
rmSync(folder, { recursive: true, force: true });
for (const r of results) {
  const phases = Object.entries(r.phases).map(([name, s]) => `${name} ${s.toFixed(2)} s`).join(", ");
  console.log(
    `${r.rows.toLocaleString("en").padStart(8)} rows: ${r.seconds.toFixed(2)} s end to end (${phases}); floor ${r.floorSeconds.toFixed(2)} s → ${(r.seconds / r.floorSeconds).toFixed(1)}× the floor;` +
      ` peak RSS ${r.peakRssMb.toFixed(0)} MB (${r.rssBeforeMb.toFixed(0)} MB before the upload: the app's modules and the file); ${r.verified} passwords revealed and compared`,
  );
}
const [small, large] = results;
console.log(`goals: ${small!.rows.toLocaleString("en")} rows ≤ 10 s: ${small!.seconds <= 10 ? "met" : "MISSED"}; ${large!.rows.toLocaleString("en")} rows ≤ 400 MB RSS: ${large!.peakRssMb <= 400 ? "met" : "MISSED"}`);

/** One import of the file at `file`, then its floor; the peak RSS is this process's, measured before the floor. */
async function importOnce(file: string): Promise<Result> {
  const { database, withGlobal, withTenant } = await import("../db/client");
  const { insertJsonRows } = await import("../db/insert-select");
  const { credentials, credentialVersions, customers, jobRuns, jobSteps } = await import("../db/schema");
  const { withTenantScope } = await import("../server/scope");
  const { tenantSealer } = await import("../server/crypto");
  const { handleImportUpload } = await import("../server/api/import-upload");
  const { LocalRunner } = await import("../server/jobs/local-runner");
  const { workflows } = await import("../server/jobs/workflows");
  const { passwordRef, credentialFieldRef, openCurrentPassword } = await import("../server/services/vault/credential-seals");
  const { eq, sql } = await import("drizzle-orm");
  const { callerForSession, benchWorkspace } = await import("./workspace.mjs");
  const { kind } = await database();

  const email = `bench-${randomUUID()}@example.test`;
  const password = "correct horse battery staple bench!";
  const { slug, tenantId, userId } = await benchWorkspace({ companyName: `Import Bench ${randomUUID().slice(0, 6)}`, name: "Bench", email, password });
  const session = await sessionToken(email, password);
  const caller = await callerForSession(session);
  // Dropped once uploaded: a server holds the request (and the file's bytes in it) only while it handles it.
  let request: Request | null = multipartUpload(slug, path.basename(file), readFileSync(file));

  const phases: Record<string, number> = {};
  const lap = async <T,>(name: string, work: () => Promise<T>) => {
    const start = performance.now();
    let maxHeap = 0;
    const sampler = setInterval(() => (maxHeap = Math.max(maxHeap, process.memoryUsage().heapUsed)), 20);
    const value = await work();
    clearInterval(sampler);
    if (process.env.BENCH_IMPORT_TRACE) trace(name, maxHeap);
    phases[name] = (performance.now() - start) / 1000;
    return value;
  };
  const rssBeforeMb = process.resourceUsage().maxRSS / 1024;
  if (process.env.BENCH_IMPORT_TRACE) trace("before the upload", 0);
  const garbageProfile = process.env.BENCH_IMPORT_GARBAGE_PROFILE ? await startGarbageProfile() : null;
  const start = performance.now();
  const uploaded = await lap("upload", async () => (await (await handleImportUpload(request!, slug, { token: session }, { ip: "127.0.0.1", userAgent: "bench" }, (task) => void task())).json()) as { importId: string });
  request = null;
  // What a browser keeps of the preview: the options, as JSON (the caller in process hands over the server's objects).
  const options = await lap("preview", async () => JSON.parse(JSON.stringify((await caller.imports.preview({ tenant: slug, importId: uploaded.importId })).options)) as NonNullable<Awaited<ReturnType<typeof caller.imports.preview>>["options"]>);
  await lap("dry run", () => caller.imports.dryRun({ tenant: slug, importId: uploaded.importId, options }));
  await lap("start", () => caller.imports.start({ tenant: slug, importId: uploaded.importId, options }));
  await lap("job", () => new LocalRunner(workflows, { tenantId }).drain());
  const seconds = (performance.now() - start) / 1000;
  await garbageProfile?.(path.join(process.env.BENCH_IMPORT_GARBAGE_PROFILE!, `import-${path.basename(file, ".csv")}.heapprofile`));
  // The job's two steps, from the times their results were recorded.
  const steps = await withGlobal((tx) =>
    tx
      .select({ stepId: jobSteps.stepId, at: jobSteps.createdAt, startedAt: jobRuns.createdAt })
      .from(jobSteps)
      .innerJoin(jobRuns, eq(jobRuns.id, jobSteps.runId))
      .where(sql`${jobRuns.data}->>'importId' = ${uploaded.importId}`),
  );
  const stepAt = (id: string) => steps.find((s) => s.stepId === id)!.at.getTime();
  phases["of which staging"] = (stepAt("stage") - steps[0]!.startedAt.getTime()) / 1000;
  phases["publishing"] = (stepAt("publish") - stepAt("stage")) / 1000;
  const status = await caller.imports.get({ tenant: slug, importId: uploaded.importId });
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  if (status.state !== "completed") throw new Error(`import ended ${status.state}: ${status.error}`);

  // The file read again (after the peak was taken): 200 stored passwords, opened as a reveal opens them, against it.
  const items = (Papa.parse<Record<string, string>>(readFileSync(file, "utf8"), { header: true, skipEmptyLines: true }).data).map((r) => ({
    name: r.name!,
    username: r.login_username!,
    password: r.login_password!,
    url: r.login_uri!,
    notes: r.notes || undefined,
  }));
  const rows = items.length;
  const byName = new Map(items.map((i) => [i.name, i.password]));
  const verified = await withTenantScope(tenantId, { userId: null, label: "bench" }, async (scope) => {
    const stored = await scope.db.select().from(credentials).where(eq(credentials.tenantId, tenantId)).limit(200);
    let ok = 0;
    for (const row of stored) if ((await openCurrentPassword(scope, row)) === byName.get(row.name)) ok += 1;
    return ok;
  });

  // The floor: the same rows, sealed beforehand, inserted as credentials and their first versions.
  const customerId = (await withTenant(tenantId, (tx) => tx.insert(customers).values({ tenantId, name: "Floor" }).returning()))[0]!.id;
  const sealed = await withTenant(tenantId, async (tx) => {
    const seal = await tenantSealer(tx, tenantId);
    return items.map((item) => {
      const id = randomUUID();
      return { id, item, secret: seal(passwordRef(id, 1), item.password), notes: item.notes ? seal(credentialFieldRef(id, "notes"), item.notes) : null };
    });
  });
  const floorStart = performance.now();
  await withTenant(tenantId, async (tx) => {
    for (let i = 0; i < sealed.length; i += FLOOR_BATCH) {
      const batch = sealed.slice(i, i + FLOOR_BATCH);
      await tx.execute(
        insertJsonRows(
          credentials,
          batch.map(({ id, item, secret, notes }) => ({ tenantId, id, customerId, name: item.name, username: item.username, secret, secretGeneration: 1, loginUrl: item.url, notes, createdBy: userId, updatedBy: userId })),
        ),
      );
      await tx.execute(insertJsonRows(credentialVersions, batch.map(({ id, secret }) => ({ tenantId, credentialId: id, version: 1, changedFields: ["name", "password"], secret, secretGeneration: 1, changedBy: userId }))));
    }
  });
  const floorSeconds = (performance.now() - floorStart) / 1000;
  if (status.summary?.created !== rows) throw new Error(`imported ${status.summary?.created} of ${rows} rows`);
  return { rows, seconds, phases, floorSeconds, rssBeforeMb, peakRssMb, verified, database: kind };
}

/** Heap and RSS now (MB), on stderr; run with node --expose-gc to see what is live after a full collection too. */
function trace(phase: string, maxHeap: number) {
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
  const gc = (globalThis as { gc?: () => void }).gc;
  const { heapUsed, heapTotal, external, rss } = process.memoryUsage();
  gc?.();
  const live = gc ? `, live after a full collection ${mb(process.memoryUsage().heapUsed)}` : "";
  console.error(`${phase}: heap ${mb(heapUsed)} of ${mb(heapTotal)} (most while it ran ${mb(maxHeap)})${live}, external ${mb(external)}, RSS ${mb(rss)}, peak RSS ${mb(process.resourceUsage().maxRSS * 1024)}`);
}

type HeapNode = { callFrame: { functionName: string; url: string; lineNumber: number }; selfSize: number; children: HeapNode[] };

/**
 * Starts V8's sampling heap profiler keeping the samples that a full (mark-compact) collection freed, and none that a
 * young-generation one did: what was promoted and then died, which is what lets the heap grow to V8's old-generation
 * limit (the total allocated says little: most of it dies young, for the price of a scavenge). The returned function
 * writes the profile (open it in Chrome's DevTools, Memory tab) and prints its top functions by bytes, on stderr.
 */
async function startGarbageProfile() {
  const session = new Session();
  session.connect();
  await session.post("HeapProfiler.enable");
  await session.post("HeapProfiler.startSampling", { samplingInterval: 32_768, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: false });
  return async (file: string) => {
    const { profile } = (await session.post("HeapProfiler.stopSampling")) as { profile: { head: HeapNode } };
    session.disconnect();
    writeFileSync(file, JSON.stringify(profile));
    const bytes = new Map<string, number>();
    const visit = (node: HeapNode) => {
      const { functionName, url, lineNumber } = node.callFrame;
      const where = `${functionName || "(anonymous)"} ${url.replace(/^.*node_modules\//, "").replace(/^.*?\/(server|db|lib|bench)\//, "$1/")}:${lineNumber + 1}`;
      bytes.set(where, (bytes.get(where) ?? 0) + node.selfSize);
      node.children.forEach(visit);
    };
    visit(profile.head);
    const total = [...bytes.values()].reduce((a, b) => a + b, 0);
    const top = [...bytes].sort((a, b) => b[1] - a[1]).slice(0, 12);
    console.error(`promoted, then freed by a full collection: ${(total / 1e6).toFixed(0)} MB sampled (${file})`);
    for (const [where, size] of top) console.error(`${(size / 1e6).toFixed(1).padStart(8)} MB  ${where}`);
  };
}

/** The upload as a browser sends it: multipart form data with the file, built with one copy of its bytes. */
function multipartUpload(slug: string, name: string, bytes: Uint8Array): Request {
  const boundary = `----vaultline-bench-${randomUUID()}`;
  const head = Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${name}"\r\ncontent-type: text/csv\r\n\r\n`);
  const body = Buffer.concat([head, bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return new Request(`http://127.0.0.1/api/imports/${slug}`, {
    method: "POST",
    body,
    headers: { "content-type": `multipart/form-data; boundary=${boundary}`, "content-length": String(body.byteLength) },
  });
}

async function sessionToken(email: string, password: string): Promise<string> {
  const { completeLogin, startLogin } = await import("../server/services/auth/login");
  const meta = { ip: "127.0.0.1", userAgent: "bench" };
  const { challenge } = await startLogin({ email, password }, meta);
  return (await completeLogin({ challenge }, meta)).token;
}
