/**
 * API reveal over real HTTP (issue #15): the production build served by scripts/server.ts on a scratch PostgreSQL
 * database, a workspace signed up through its emailed link, an API key created in it, and wrk POSTing what a script
 * sends — `POST /api/v1/passwords/{id}/reveal` with `Authorization: Bearer vl_live_…` and a reason — for a random
 * password of the tenant, at 1 and 32 connections. The floor is bench:reveal-http's (bench/floor-server.mts: one
 * transaction with an indexed SELECT and an audit INSERT, then AES-256-GCM open, as a bare node:http server), loaded
 * the same way in the same run.
 *
 *   npm run bench:api-reveal-http
 *
 * Options: BENCH_SECONDS per measurement (10), BENCH_SIZE passwords (200), BENCH_CONNECTIONS ("1,32"). Needs wrk and
 * PostgreSQL (BENCH_PG, see http-harness.mts). Goal, as for bench:reveal-http: at 32 connections ≥ 0.5× the floor.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import {
  benchWorkspaceOverHttp,
  closeConnections,
  CpuMeter,
  httpRequest,
  loadAppThenFloor,
  printTable,
  RssSampler,
  runBench,
  runWrk,
  startFloor,
  wrkComparisonRow,
} from "./http-harness.mjs";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const SIZE = Number(process.env.BENCH_SIZE ?? 200);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? "1,32").split(",").map(Number);

await runBench(async () => {
  const { db, server, account, seeder } = await benchWorkspaceOverHttp({ title: "API reveal over HTTP", database: "api_reveal", company: "API Reveal Bench", customers: 100 });
  const { token } = await account.browser.mutation<{ token: string }>("apiKeys.create", {
    tenant: account.slug,
    name: "bench",
    scopes: ["metadata:read", "secrets:read"],
    expiresInDays: null,
  });
  await seeder.growPasswordsTo(SIZE);
  writeFileSync(path.join(server.workDir, "ids.txt"), `${seeder.passwordIds.join("\n")}\n`);
  const [sampleId, plaintext] = [...seeder.samples][0]!;
  const check = await httpRequest(`${server.origin}/api/v1/passwords/${sampleId}/reveal`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ reason: "bench check" }),
  });
  if (check.status !== 200 || (JSON.parse(check.body) as { value: string }).value !== plaintext) {
    throw new Error(`an API reveal answered HTTP ${check.status} or another value than the one seeded`);
  }

  const env = { BENCH_DATA: server.workDir, BENCH_API_KEY: token };
  const appUrl = `${server.origin}/api/v1/passwords`;
  const floor = await startFloor("reveal", db, server.workDir);
  const floorUrl = `${floor.origin}/`;
  await runWrk({ url: appUrl, script: "api-reveal.lua", connections: 8, seconds: 3, env }); // warm-up: JIT, pools
  await runWrk({ url: floorUrl, script: "api-reveal.lua", connections: 8, seconds: 3, env });
  const appCpu = new CpuMeter(server.pid, db, "web");
  const floorCpu = new CpuMeter(floor.pid, db, "owner");
  await appCpu.calibrate();
  await floorCpu.calibrate();
  const rss = new RssSampler(server.pid);
  const rows: (string | number)[][] = [];
  const ratios: string[] = [];
  for (const connections of CONNECTIONS) {
    const cell = await loadAppThenFloor({ app: { url: appUrl, cpu: appCpu, rss }, floor: { url: floorUrl, cpu: floorCpu }, script: "api-reveal.lua", connections, seconds: SECONDS, env });
    rows.push(wrkComparisonRow(`API reveal, ${SIZE.toLocaleString("en")} passwords, ${connections} conn.`, "p99", cell.app, cell.floor, cell.rssPeak, cell.load));
    ratios.push(`${connections} conn.: ${(cell.app.result.rps / cell.floor.result.rps).toFixed(2)}× (goal ≥ 0.5× at 32)`);
  }
  await floor.stop();

  console.log(`\nAPI reveal over HTTP (wrk, 1 thread, ${SECONDS} s per cell; Vaultline = production build via scripts/server.ts, pool 10)`);
  printTable(["work", "Vaultline req/s", "p50", "p99", "errors", "CPU/req Node + PG", "floor req/s", "p50", "p99", "CPU/req Node + PG", "ratio", "server RSS peak", "load avg 1/5/15"], rows);
  console.log(`  errors: answers other than 2xx plus socket errors. Ratio: Vaultline req/s ÷ floor req/s: ${ratios.join("; ")}.`);
  console.log(`  Rate limits are off (VAULTLINE_RATE_LIMITS=off), as in bench:reveal-http; each call still writes its audit row.`);
  closeConnections();
});
