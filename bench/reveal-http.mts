/**
 * Reveal over real HTTP (issue #12 B): the production build served by scripts/server.ts on a scratch PostgreSQL
 * database, a workspace signed up through its emailed link, a session cookie from signing in, and wrk POSTing the tRPC
 * batch the browser sends to reveal a random password of the tenant, at 1 and 32 connections, with 200 and then
 * 100,000 passwords in the tenant (seeded in bulk, sealed by the app's own crypto). The floor (bench/floor-server.mts:
 * one transaction with an indexed SELECT and an audit INSERT, then AES-256-GCM open, as a bare node:http server) is
 * loaded the same way in the same run.
 *
 *   npm run bench:reveal-http
 *
 * Options: BENCH_SECONDS per measurement (10), BENCH_SIZES ("200,100000"), BENCH_CONNECTIONS ("1,32"),
 * BENCH_CPU_PROFILE=<dir> (profile the server). Needs wrk and PostgreSQL (BENCH_PG, see http-harness.mts).
 * Goals: at 32 connections ≥ 0.5× the floor's throughput, p99 ≤ 50 ms, no errors, the same figures at both sizes.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import {
  benchWorkspaceOverHttp,
  closeConnections,
  CpuMeter,
  fmt,
  loadAppThenFloor,
  loadAverage,
  outputFile,
  percentile,
  printTable,
  reportProfile,
  RssSampler,
  runBench,
  runWrk,
  startFloor,
  timeEach,
  type WrkResult,
  wrkComparisonRow,
} from "./http-harness.mjs";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const SIZES = (process.env.BENCH_SIZES ?? "200,100000").split(",").map(Number);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? "1,32").split(",").map(Number);

await runBench(async () => {
  const { db, server, account, seeder, inProcess } = await benchWorkspaceOverHttp({ title: "reveal over HTTP", database: "reveal", company: "Reveal Bench", customers: 1000 });
  const { countSqlTraffic, explainStatements, reportPlans, runInProcess } = inProcess;
  const tenant = account.slug;
  const revealOf = (id: string) => ({ tenant, id, field: "password", purpose: "reveal" }) as const;
  const revealInProcess = (id: string) => runInProcess(account.sessionToken, [[{ path: "credentials.reveal", input: revealOf(id) }]]);
  const env = { BENCH_DATA: server.workDir, BENCH_SLUG: tenant, BENCH_COOKIE: account.browser.cookieHeader, BENCH_ORIGIN: server.origin };
  const appUrl = `${server.origin}/api/trpc/credentials.reveal?batch=1`;
  const rss = new RssSampler(server.pid);

  const rows: (string | number)[][] = [];
  const idle: string[] = [];
  const transports = new Set<string>();
  const results: { size: number; connections: number; app: WrkResult; floor: WrkResult }[] = [];
  let statements = 0;
  let writes = 0;
  for (const size of SIZES) {
    await seeder.growPasswordsTo(size);
    writeFileSync(path.join(server.workDir, "ids.txt"), `${seeder.passwordIds.join("\n")}\n`);
    const [sampleId, plaintext] = [...seeder.samples][0]!;
    const revealed = await account.browser.mutation<{ value: string }>("credentials.reveal", revealOf(sampleId));
    if (revealed.value !== plaintext) throw new Error("a reveal over HTTP answered another value than the one seeded");
    ({ statements, writes } = await countSqlTraffic(() => revealInProcess(sampleId)));

    const floor = await startFloor("reveal", db, server.workDir);
    const floorUrl = `${floor.origin}/`;
    await runWrk({ url: appUrl, script: "reveal.lua", connections: 8, seconds: 3, env }); // warm-up: JIT, pools
    await runWrk({ url: floorUrl, script: "reveal.lua", connections: 8, seconds: 3, env });
    const appCpu = new CpuMeter(server.pid, db, "web");
    const floorCpu = new CpuMeter(floor.pid, db, "owner");
    idle.push(`${size.toLocaleString("en")} passwords: server ${fmt.idle(await appCpu.calibrate())}, floor ${fmt.idle(await floorCpu.calibrate())}`);
    // Read from the backends' process titles after the warm-up, so the floor is held to the app's transport.
    transports.add(`Vaultline over ${appCpu.transport()}, floor over ${floorCpu.transport()}`);
    for (const connections of CONNECTIONS) {
      const cell = await loadAppThenFloor({ app: { url: appUrl, cpu: appCpu, rss }, floor: { url: floorUrl, cpu: floorCpu }, script: "reveal.lua", connections, seconds: SECONDS, env });
      results.push({ size, connections, app: cell.app.result, floor: cell.floor.result });
      rows.push(wrkComparisonRow(`reveal, ${size.toLocaleString("en")} passwords, ${connections} conn.`, "p99", cell.app, cell.floor, cell.rssPeak, cell.load));
    }
    await floor.stop();
  }

  console.log(`\nReveal over HTTP (wrk, 1 thread, ${SECONDS} s per cell; Vaultline = production build via scripts/server.ts, pool 10)`);
  printTable(["work", "Vaultline req/s", "p50", "p99", "errors", "CPU/req Node + PG", "floor req/s", "p50", "p99", "CPU/req Node + PG", "ratio", "server RSS peak", "load avg 1/5/15"], rows);
  console.log(`  errors: answers other than 2xx plus socket errors. Ratio: Vaultline req/s ÷ floor req/s.`);
  console.log(`  CPU/req: CPU time of the server (or floor) process and of its PostgreSQL backends per request, less skewed by a busy machine than req/s,`);
  console.log(`  less what they use idle (Node + PostgreSQL), the quietest second of 4 measured before: ${idle.join("; ")}.`);
  console.log(`  PostgreSQL connections (the same transport on both sides keeps the ratio fair): ${[...transports].join("; ")}.`);
  console.log(`  SQL statements per reveal (the whole HTTP request's work), counted in process: ${statements}, in ${writes} socket writes to PostgreSQL (BEGIN and COMMIT included)`);

  const wide = results.filter((r) => r.connections === Math.max(...CONNECTIONS));
  const verdict = (ok: boolean) => (ok ? "met" : "NOT met");
  console.log(`  goals at ${Math.max(...CONNECTIONS)} connections:`);
  for (const r of wide) {
    console.log(
      `    ${r.size.toLocaleString("en")} passwords: ratio ≥ 0.5 ${verdict(r.app.rps / r.floor.rps >= 0.5)}, p99 ≤ 50 ms ${verdict(r.app.p99 <= 50)}, 0 errors ${verdict(r.app.non2xx + r.app.socketErrors === 0)}`,
    );
  }

  // The same work in this process, one at a time, split where the request's steps are (no HTTP, Next or next-auth).
  const { resolveSession } = await import("../server/auth/sessions");
  const { findMembership } = await import("../server/services/tenants/workspaces");
  const ids = seeder.passwordIds;
  const phases: [string, (i: number) => Promise<unknown>][] = [
    ["session lookup alone (resolveSession, its own transaction)", () => resolveSession(account.sessionToken)],
    ["membership lookup alone (findMembership, its own transaction)", () => findMembership(seeder.userId, tenant)],
    ["the whole request's work (tRPC caller with the cookie's token)", (i) => revealInProcess(ids[(i * 7919) % ids.length]!)],
  ];
  const phaseRows: (string | number)[][] = [];
  for (const [label, fn] of phases) {
    const samples = await timeEach(200, fn, 20);
    phaseRows.push([label, fmt.ms(percentile(samples, 50)), fmt.ms(percentile(samples, 95))]);
  }
  const oneAtATime = results.find((r) => r.connections === 1 && r.size === Math.max(...SIZES));
  if (oneAtATime) phaseRows.push([`over HTTP, 1 connection (wrk, above)`, fmt.ms(oneAtATime.app.p50), ""]);
  console.log(`\nOne reveal's steps in this process, one at a time, at ${ids.length.toLocaleString("en")} passwords (200 each; load avg ${loadAverage()}):`);
  printTable(["step", "p50", "p95"], phaseRows);
  console.log(`  what HTTP adds over the whole request's work in process is Next's request handling, proxy.ts and tRPC's HTTP layer`);

  const newest = seeder.passwordIds[seeder.passwordIds.length - 1]!;
  await revealInProcess(newest);
  console.log(`\nWhere a reveal's SQL time goes, at ${seeder.passwordIds.length.toLocaleString("en")} passwords:`);
  const plans = await explainStatements(() => revealInProcess(newest));
  reportPlans("one reveal (the whole request's work)", plans, outputFile(`reveal-plans-${process.pid}.txt`));
  closeConnections();
  await reportProfile(server);
});
