/**
 * Agent check-in over real HTTP on PostgreSQL (issue #12 B): 10,000 agents enrolled under one customer, then wrk
 * POSTing /api/agent/v1/checkin for each agent in turn (bench/wrk/agent-checkin.lua: bearer secret, timestamp and a
 * fresh nonce, the agent's unchanged inventory) to the production build served by scripts/server.ts, at 1 and 32
 * connections. Steady state: every agent has checked in once before (its first report is written then).
 *
 * Seeding: enrollment tokens through tRPC over HTTP; enrollment through the enroll route handler in this process,
 * each agent with its own address (the per-address limit allows 60 enrollments in 10 minutes, and over HTTP every
 * agent would come from 127.0.0.1). The per-agent limit (30 check-ins a minute) stays on: with 10,000 agents in turn
 * it binds only above 5,000 check-ins/s. Agents are enrolled with an hourly check-in interval, so none is swept offline
 * while they take turns (which would add the sweep's audit events and notification jobs to what is measured).
 *
 * Floor (bench/floor-server.mts): a bare node:http server that parses the body, hashes the bearer secret (SHA-256),
 * SELECTs the agent by that hash and UPDATEs its last-seen, nothing else; loaded the same way in the same run.
 * Also reported: the SQL statements of one check-in (counted in process through the route handler) with their plans
 * (EXPLAIN ANALYZE, BUFFERS), and the rows the steady load wrote, table by table (PostgreSQL's statistics).
 *
 *   npm run bench:agents-http
 *   BENCH_CPU_PROFILE=/tmp/prof npm run bench:agents-http     # also a CPU profile of the server under the load
 *
 * Options: BENCH_AGENTS (10000), BENCH_SECONDS per measurement (10), BENCH_CONNECTIONS ("1,32").
 * Goal: ≥ 1,000 check-ins/s and ≥ 0.5× the floor.
 */
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import {
  closeConnections,
  CpuMeter,
  ensureProductionBuild,
  fmt,
  httpRequest,
  loadAppThenFloor,
  loadAverage,
  machineLine,
  outputFile,
  pointProcessAtAppDatabase,
  printTable,
  reportProfile,
  RssSampler,
  runBench,
  runWrk,
  scratchDatabase,
  signUpAndSignIn,
  startAppServer,
  startFloor,
  wrkComparisonRow,
} from "./http-harness.mjs";
import { addressOf, checkinBody, enrollBody, pool, type SimulatedAgent } from "./simulated-agents.mjs";

const AGENTS = Number(process.env.BENCH_AGENTS ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? "1,32").split(",").map(Number);
const AGENTS_PER_TOKEN = 150; // under the per-token enrollment limit (200 in 10 minutes)

await runBench(async () => {
  ensureProductionBuild();
  console.log(`agent check-in over HTTP — ${await machineLine()}; load average at start ${loadAverage()} (other work on this machine skews every number)`);
  const db = await scratchDatabase("agents");
  // Agents check in hourly here: at the default minute, 10,000 agents taking turns need 167 check-ins/s to stay online,
  // and the offline sweep's audit events and notification jobs would be measured along with the check-ins.
  const interval = { VAULTLINE_AGENT_CHECKIN_SECONDS: "3600" };
  const server = await startAppServer(db, interval);
  // One connection in this process: auto_explain is loaded into it for the plans.
  pointProcessAtAppDatabase(db, server, 1);
  Object.assign(process.env, interval); // enrollment (in this process) stores each agent's interval
  const { countSqlTraffic, explainStatements, reportPlans } = await import("./in-process.mjs");
  const { POST: enrollRoute } = await import("../app/api/agent/v1/enroll/route");
  const { POST: checkinRoute } = await import("../app/api/agent/v1/checkin/route");
  const { agentRequestHeaders } = await import("../agent/http");
  const { PEER_HEADER } = await import("../server/request-meta");

  const { browser, slug: tenant } = await signUpAndSignIn(server, `Agent Bench ${randomUUID().slice(0, 6)}`);
  const customer = await browser.mutation<{ id: string }>("customers.create", { tenant, name: "Agent bench customer" });
  const tokens: string[] = [];
  for (let i = 0; i < Math.ceil(AGENTS / AGENTS_PER_TOKEN); i++) {
    const created = await browser.mutation<{ token: string }>("agents.createEnrollmentToken", { tenant, customerId: customer.id, label: `bench ${i}`, expiresInDays: 1 });
    tokens.push(created.token);
  }
  const enrollStart = performance.now();
  const agents = await pool(
    Array.from({ length: AGENTS }, (_, index) => index),
    20,
    async (index): Promise<SimulatedAgent> => {
      const ip = addressOf(index + 1);
      const response = await enrollRoute(
        new Request(`${server.origin}/api/agent/v1/enroll`, {
          method: "POST",
          headers: { "content-type": "application/json", [PEER_HEADER]: ip },
          body: JSON.stringify(enrollBody(tokens[Math.floor(index / AGENTS_PER_TOKEN)]!, index)),
        }),
      );
      const body = (await response.json()) as { secret: string };
      if (response.status !== 201) throw new Error(`enrollment ${index} answered ${response.status}: ${JSON.stringify(body)}`);
      if (index % 1000 === 999) process.stdout.write(`  enrolled ${index + 1} agents\r`);
      return { index, secret: body.secret, ip };
    },
  );
  console.log(`  enrolled ${AGENTS} agents in ${((performance.now() - enrollStart) / 1000).toFixed(0)} s (in process)`);
  writeFileSync(path.join(server.workDir, "agents.txt"), agents.map((a) => `${a.secret}\t${JSON.stringify(checkinBody(a, 1))}\n`).join(""));

  // Every agent's first report (a new inventory: a check-in row and an audit event), over HTTP.
  const firstStart = performance.now();
  const first = await pool(agents, 16, (agent) =>
    httpRequest(`${server.origin}/api/agent/v1/checkin`, {
      method: "POST",
      headers: { "content-type": "application/json", ...agentRequestHeaders(agent.secret) },
      body: JSON.stringify(checkinBody(agent, 1)),
    }),
  );
  const refused = first.filter((a) => a.status !== 200);
  if (refused.length) throw new Error(`${refused.length} first check-ins refused, e.g. ${refused[0]!.status} ${refused[0]!.body}`);
  const firstRate = AGENTS / ((performance.now() - firstStart) / 1000);

  const sample = agents[0]!;
  const checkinInProcess = () =>
    checkinRoute(
      new Request(`${server.origin}/api/agent/v1/checkin`, {
        method: "POST",
        headers: { "content-type": "application/json", [PEER_HEADER]: sample.ip, ...agentRequestHeaders(sample.secret) },
        body: JSON.stringify(checkinBody(sample, 1)),
      }),
    );
  const { statements, writes } = await countSqlTraffic(checkinInProcess);
  const plans = await explainStatements(checkinInProcess);

  const sql = postgres(db.ownerUrl, { max: 1, onnotice: () => {} });
  // The sealer chains the first reports' audit events in the background (a round a minute): let it finish, so that
  // the steady load is measured alone.
  const unsealed = async () =>
    ((await sql`select count(*)::int as n from audit_events e where not exists (select from audit_seals s where s.tenant_id = e.tenant_id and s.event_id = e.id)`)[0] as { n: number }).n;
  for (const until = Date.now() + 180_000; (await unsealed()) > 0 && Date.now() < until; ) await new Promise((r) => setTimeout(r, 2000));
  const floor = await startFloor("agent", db, server.workDir);
  // Rows inserted, updated (HOT: no index touched) and deleted per table; a backend reports its counts once idle.
  const written = async () => {
    await new Promise((r) => setTimeout(r, 11_000));
    const rows = await sql`select relname as table, n_tup_ins::int as ins, n_tup_upd::int as upd, n_tup_hot_upd::int as hot, n_tup_del::int as del
      from pg_stat_user_tables where relname not like 'bench_floor_%'`;
    return new Map(rows.map((r) => [r.table as string, r as unknown as { ins: number; upd: number; hot: number; del: number }]));
  };
  const env = { BENCH_DATA: server.workDir };
  const appUrl = `${server.origin}/api/agent/v1/checkin`;
  const floorUrl = `${floor.origin}/api/agent/v1/checkin`;
  const before = await written();
  let appRequests = (await runWrk({ url: appUrl, script: "agent-checkin.lua", connections: 8, seconds: 3, env })).requests; // warm-up
  await runWrk({ url: floorUrl, script: "agent-checkin.lua", connections: 8, seconds: 3, env });
  const rss = new RssSampler(server.pid);
  const rows: (string | number)[][] = [];
  const goals: string[] = [];
  const appCpu = new CpuMeter(server.pid, db, "web");
  const floorCpu = new CpuMeter(floor.pid, db, "owner");
  const idle = `server ${fmt.idle(await appCpu.calibrate())}, floor ${fmt.idle(await floorCpu.calibrate())}`;
  for (const connections of CONNECTIONS) {
    const cell = await loadAppThenFloor({ app: { url: appUrl, cpu: appCpu, rss }, floor: { url: floorUrl, cpu: floorCpu }, script: "agent-checkin.lua", connections, seconds: SECONDS, env });
    const [app, floorResult] = [cell.app.result, cell.floor.result];
    appRequests += app.requests;
    rows.push(wrkComparisonRow(`check-in, ${AGENTS.toLocaleString("en")} agents, ${connections} conn.`, "p95", cell.app, cell.floor, cell.rssPeak, cell.load));
    if (connections === Math.max(...CONNECTIONS)) {
      goals.push(`≥ 1,000 check-ins/s ${app.rps >= 1000 ? "met" : "NOT met"}`, `≥ 0.5× the floor ${app.rps / floorResult.rps >= 0.5 ? "met" : "NOT met"}`);
    }
  }
  const after = await written();
  await sql.end();

  console.log(`\nAgent check-in over HTTP (wrk, 1 thread, ${SECONDS} s per cell; agents in turn; steady state)`);
  printTable(["work", "Vaultline check-ins/s", "p50", "p95", "errors", "CPU/req Node + PG", "floor check-ins/s", "p50", "p95", "CPU/req Node + PG", "ratio", "server RSS peak", "load avg 1/5/15"], rows);
  console.log(`  errors: answers other than 2xx plus socket errors. Ratio: Vaultline check-ins/s ÷ floor check-ins/s.`);
  console.log(`  CPU/req: CPU time of the server (or floor) process and of its PostgreSQL backends per check-in, less skewed by a busy machine,`);
  console.log(`  less what they use idle (Node + PostgreSQL), the quietest second of 4 measured before: ${idle}.`);
  console.log(`  first report of every agent (new inventory), 16 at a time over HTTP: ${fmt.rps(firstRate)} check-ins/s`);
  console.log(`  SQL statements per check-in (route handler, counted in process; BEGIN and COMMIT not counted): ${statements}, in ${writes} socket writes to PostgreSQL (BEGIN and COMMIT included)`);
  const changes = [...after]
    .map(([table, a]) => {
      const b = before.get(table) ?? { ins: 0, upd: 0, hot: 0, del: 0 };
      const [ins, upd, hot, del] = [a.ins - b.ins, a.upd - b.upd, a.hot - b.hot, a.del - b.del];
      return ins || upd || del ? `${table}: ${[ins && `${ins} inserted`, upd && `${upd} updated (${hot} HOT)`, del && `${del} deleted`].filter(Boolean).join(", ")}` : null;
    })
    .filter(Boolean);
  console.log(`  rows written by ${appRequests.toLocaleString("en")} steady check-ins (unchanged inventories): ${changes.join("; ") || "none"}`);
  console.log(`  goals at ${Math.max(...CONNECTIONS)} connections: ${goals.join(", ")}`);
  console.log(`\nWhere a check-in's SQL time goes (one steady check-in, in process):`);
  reportPlans("one check-in (route handler)", plans, outputFile(`agent-checkin-plans-${process.pid}.txt`));
  closeConnections();
  await reportProfile(server);
});
